"""What to draw for each report: which column becomes bars or lines, and which table
rows stand behind each bar (so a click on a bar can list its inquiries)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from app.reports import ReportTable

ChartKind = Literal["hbar", "vbar", "line"]
LABEL_CHARS = 28  # longer category names are shortened on the axis (the table has them whole)


@dataclass(frozen=True)
class ChartSpec:
    """Bars or lines over categories. `rows[i]` are the table rows behind category i."""

    kind: ChartKind
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (legend name, one value per label)
    rows: tuple[tuple[int, ...], ...]
    axis: str  # what the value axis measures
    stacked: bool = False

    @property
    def empty(self) -> bool:
        return not self.labels


def _number(value: object) -> float:
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return float(value)
    return 0.0


def _simple(
    table: ReportTable,
    kind: ChartKind,
    label_key: str,
    series: tuple[tuple[str, str], ...],
    axis: str,
    scale: float = 1.0,
    rows: tuple[int, ...] | None = None,
) -> ChartSpec:
    """One category per body row (or per given row index)."""
    picked = rows if rows is not None else tuple(range(len(table.body_rows)))
    labels = tuple(str(table.rows[i].get(label_key) or "(none)") for i in picked)
    values = tuple(
        (name, tuple(_number(table.rows[i].get(key)) / scale for i in picked))
        for name, key in series
    )
    return ChartSpec(kind, labels, values, tuple((i,) for i in picked), axis)


def _sources(table: ReportTable, _group: str | None) -> ChartSpec:
    counted = [c for c in table.columns if c.kind == "int" and c.key != "total"]
    body = table.body_rows
    # Only series that have a lead somewhere: ten empty legend entries help nobody.
    used = [c for c in counted if any(_number(r.get(c.key)) for r in body)]
    return ChartSpec(
        "vbar",
        tuple(str(r.get("period")) for r in body),
        tuple((c.label, tuple(_number(r.get(c.key)) for r in body)) for c in used),
        tuple((i,) for i in range(len(body))),
        "Leads",
        stacked=True,
    )


def funnel_groups(table: ReportTable) -> tuple[str, ...]:
    """The groups of a funnel table (one funnel each), in table order."""
    seen: dict[str, None] = {}
    for row in table.rows:
        seen.setdefault(str(row.get("group")), None)
    return tuple(seen)


def _funnel(table: ReportTable, group: str | None) -> ChartSpec:
    groups = funnel_groups(table)
    wanted = group if group in groups else (groups[0] if groups else None)
    rows = tuple(i for i, r in enumerate(table.rows) if str(r.get("group")) == wanted)
    return _simple(table, "hbar", "stage", (("Reached", "reached"),), "Inquiries", rows=rows)


def _renewals(table: ReportTable, _group: str | None) -> ChartSpec:
    months: dict[str, list[int]] = {}
    for i, row in enumerate(table.body_rows):
        maturity = row.get("maturity")
        key = maturity.strftime("%Y-%m") if isinstance(maturity, date) else "(no date)"
        months.setdefault(key, []).append(i)
    labels = tuple(sorted(months))
    return ChartSpec(
        "vbar",
        labels,
        (("Renewals", tuple(float(len(months[m])) for m in labels)),),
        tuple(tuple(months[m]) for m in labels),
        "Terms maturing",
    )


_BUILDERS: dict[str, Callable[[ReportTable, str | None], ChartSpec]] = {
    "sources": _sources,
    "response": lambda t, _g: _simple(
        t, "hbar", "source", (("Median", "median"), ("90th percentile", "p90")), "Hours", 3600
    ),
    "funnel": _funnel,
    "stalled": lambda t, _g: _simple(t, "hbar", "stage", (("Stalled", "stalled"),), "Inquiries"),
    "overdue": lambda t, _g: _simple(
        t, "line", "period", (("Overdue tasks", "overdue"), ("Inquiries", "inquiries")), "Count"
    ),
    "roi": lambda t, _g: _simple(
        t,
        "hbar",
        "source",
        (("Funded volume", "funded_volume"),),
        "Funded volume ($ thousands)",
        1000,
    ),
    "lost": lambda t, _g: _simple(t, "hbar", "reason", (("Lost", "lost"),), "Inquiries lost"),
    "partners": lambda t, _g: _simple(
        t, "hbar", "partner", (("Leads", "leads"), ("Funded", "funded")), "Inquiries"
    ),
    "renewals": _renewals,
}


def chart_spec(table: ReportTable, group: str | None = None) -> ChartSpec:
    """The chart for a report table; `group` picks one funnel when it is grouped."""
    builder = _BUILDERS.get(table.name)
    if builder is None:
        return ChartSpec("vbar", (), (), (), "")
    return builder(table, group)


def short_label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
