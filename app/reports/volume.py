"""Lead volume: how many inquiries arrived per week or month, by source or by type."""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections import Counter
from operator import itemgetter

from sqlalchemy import select

from app.db.models import Inquiry
from app.reports.groups import GroupBy, check_by, group_column, groups, ordered
from app.reports.model import Column, ReportFilter, ReportTable, TableBuilder
from app.reports.periods import Period, check_period, make_buckets
from app.reports.scope import day_after, epoch_ms, fetch_rows, local_date, resolve_scope
from app.services.context import ServiceContext

RESERVED = ("period", "period_start", "total")


def sources_report(
    ctx: ServiceContext,
    flt: ReportFilter | None = None,
    *,
    period: Period = "month",
    by: GroupBy = "source",
) -> ReportTable:
    """Inquiries created per period (rows) and per source or type (one int column each,
    only those with leads), with a total column and a closing total row.

    Every period of the range appears, empty ones as zeros; without dates the range runs
    from the first matching inquiry to today. A reopened inquiry is one lead: volume
    counts inquiries by the day they were created, once. For the inquiries behind one
    bar segment, run the report again with the filter narrowed to that source or type.
    """
    check_period(period, ("week", "month"))
    check_by(by, ("source", "type"))
    flt = flt or ReportFilter()
    with ctx.db.session() as session:
        scope = resolve_scope(session, flt, ctx.clock)
        table = groups(session, by)
        rows = fetch_rows(
            session,
            select(epoch_ms(Inquiry.created_at), Inquiry.id, group_column(by))
            .where(*scope.conditions())
            .order_by(Inquiry.created_at, Inquiry.id),  # each period becomes one slice
        )
    tz = scope.tz
    times = list(map(itemgetter(0), rows))
    seen = (local_date(times[0], tz), local_date(times[-1], tz)) if times else None
    last = flt.date_to or max(scope.today, seen[1] if seen else scope.today)
    # No dates and no leads: no periods at all, just a zero total.
    first = flt.date_from or (seen[0] if seen else flt.date_to or day_after(last))
    buckets = make_buckets(first, last, period, tz)
    slices = [
        rows[bisect_left(times, lo) : bisect_left(times, hi)]
        for lo, hi in itertools.pairwise(buckets.bounds_ms)
    ]
    counts: list[Counter[int | None]] = [Counter(map(itemgetter(2), chunk)) for chunk in slices]
    gids = ordered(set().union(*counts), table)
    keys = {gid: _column_key(table[gid].key) for gid in gids}
    builder = TableBuilder(
        "sources",
        [
            Column("period", "Week" if period == "week" else "Month"),
            Column("period_start", "From", "date"),
            *(Column(keys[gid], table[gid].name, "int") for gid in gids),
            Column("total", "Total", "int"),
        ],
    )
    for i, start in enumerate(buckets.starts):
        row: dict[str, object] = {"period": buckets.label(i), "period_start": start}
        row.update({keys[gid]: counts[i][gid] for gid in gids})
        row["total"] = len(slices[i])
        builder.add(row, list(map(itemgetter(1), slices[i])))
    total: dict[str, object] = {"period": "Total", "period_start": None}
    total.update({keys[gid]: sum(c[gid] for c in counts) for gid in gids})
    every = [i for chunk in slices for i in map(itemgetter(1), chunk)]
    total["total"] = len(every)
    builder.add(total, every)
    return builder.build(
        has_total=True, note="Leads by the day they arrived; a reopened inquiry counts once."
    )


def _column_key(key: str) -> str:
    """A source or type key as a column key, kept clear of the fixed columns."""
    return f"{key}_" if key in RESERVED else key
