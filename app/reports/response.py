"""Speed to lead: how long new inquiries waited for the first outbound contact."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

from sqlalchemy import select

from app.db.models import Inquiry
from app.reports.groups import groups, ordered
from app.reports.model import Column, ReportFilter, ReportTable, TableBuilder
from app.reports.scope import epoch_ms, fetch_rows, resolve_scope
from app.reports.stats import median, percentile, seconds, share
from app.services.context import ServiceContext

FIVE_MINUTES_MS = 5 * 60 * 1000
ONE_HOUR_MS = 60 * 60 * 1000

COLUMNS = (
    Column("source", "Source"),
    Column("leads", "Leads", "int"),
    Column("answered", "Answered", "int"),
    Column("median", "Median", "duration"),
    Column("p90", "90th percentile", "duration"),
    Column("within_5m", "Within 5 min", "percent"),
    Column("within_1h", "Within 1 hour", "percent"),
    Column("never_answered", "Never answered", "int"),
)


def response_report(ctx: ServiceContext, flt: ReportFilter | None = None) -> ReportTable:
    """First-response time per source for inquiries created in the range.

    The response time runs from the inquiry's creation to its first outbound call, email,
    text or meeting (`first_response_at`; a back-dated contact before creation counts as
    0). Median and 90th percentile (nearest rank) are over answered inquiries; the
    "within" shares are of all leads, so an unanswered lead counts against them.
    """
    flt = flt or ReportFilter()
    with ctx.db.session() as session:
        scope = resolve_scope(session, flt, ctx.clock)
        table = groups(session, "source")
        wait = epoch_ms(Inquiry.first_response_at) - epoch_ms(Inquiry.created_at)
        rows = fetch_rows(
            session, select(Inquiry.id, Inquiry.source_id, wait).where(*scope.conditions())
        )
    waits: dict[int | None, list[int]] = defaultdict(list)
    unanswered: dict[int | None, int] = defaultdict(int)
    ids: dict[int | None, list[int]] = defaultdict(list)
    for inquiry_id, source_id, waited in rows:
        ids[source_id].append(inquiry_id)
        if waited is None:  # no first response yet
            unanswered[source_id] += 1
        else:
            waits[source_id].append(waited if waited > 0 else 0)
    builder = TableBuilder("response", list(COLUMNS))
    for sid in ordered(set(ids), table):
        builder.add(_row(table[sid].name, waits[sid], unanswered[sid]), ids[sid])
    builder.add(
        _row("All sources", [w for ws in waits.values() for w in ws], sum(unanswered.values())),
        [i for group in ids.values() for i in group],
    )
    return builder.build(
        has_total=True,
        note="From arrival to the first outbound contact; shares are of all leads.",
    )


def _row(name: str, waits: list[int], never: int) -> dict[str, object]:
    leads = len(waits) + never
    waits.sort()
    return {
        "source": name,
        "leads": leads,
        "answered": len(waits),
        "median": seconds(median(waits, presorted=True)),
        "p90": seconds(percentile(waits, 90, presorted=True)),
        "within_5m": share(bisect_right(waits, FIVE_MINUTES_MS), leads),
        "within_1h": share(bisect_right(waits, ONE_HOUR_MS), leads),
        "never_answered": never,
    }
