"""Every report by name, with its title and options, for the command line and the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.errors import InvalidInput
from app.reports.funnel import funnel_report
from app.reports.model import ReportFilter, ReportTable
from app.reports.outcomes import lost_report, partners_report
from app.reports.overdue import overdue_report
from app.reports.renewals import renewals_report
from app.reports.response import response_report
from app.reports.roi import roi_report
from app.reports.stalled import stalled_list, stalled_report
from app.reports.volume import sources_report
from app.services.context import ServiceContext


@dataclass(frozen=True)
class ReportSpec:
    """A report as the command line and the page list it."""

    name: str
    title: str
    run: Callable[..., ReportTable]
    # Keyword options the report takes, each with its allowed values (() = any int).
    options: dict[str, tuple[str, ...]]


REPORTS: dict[str, ReportSpec] = {
    spec.name: spec
    for spec in (
        ReportSpec(
            "sources",
            "Lead sources",
            sources_report,
            {"period": ("month", "week"), "by": ("source", "type")},
        ),
        ReportSpec("response", "Speed to lead", response_report, {}),
        ReportSpec("funnel", "Funnel", funnel_report, {"by": ("all", "source", "type")}),
        ReportSpec("stalled", "Stalled inquiries", stalled_report, {"days": ()}),
        ReportSpec("stalled_list", "Stalled inquiries (list)", stalled_list, {"days": ()}),
        ReportSpec("overdue", "Overdue follow-ups", overdue_report, {"period": ("day", "week")}),
        ReportSpec("roi", "Source ROI", roi_report, {}),
        ReportSpec("lost", "Lost reasons", lost_report, {}),
        ReportSpec("partners", "Referral partners", partners_report, {}),
        ReportSpec("renewals", "Renewals due", renewals_report, {}),
    )
}


def run_report(
    ctx: ServiceContext, name: str, flt: ReportFilter | None = None, **options: Any
) -> ReportTable:
    """Run the report called `name`. Options a report does not take, or None, are left
    out, so one call shape serves every report (e.g. `period="week"`, `by="type"`,
    `days=21`)."""
    spec = REPORTS.get(name)
    if spec is None:
        raise InvalidInput(f"unknown report '{name}' (known: {', '.join(REPORTS)})")
    given = {k: v for k, v in options.items() if k in spec.options and v is not None}
    return spec.run(ctx, flt or ReportFilter(), **given)
