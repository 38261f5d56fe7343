"""Overdue follow-ups over time: how many tasks were overdue at the end of each day or week."""

from __future__ import annotations

import heapq
from datetime import timedelta

from sqlalchemy import and_, or_, select, union_all
from sqlalchemy.orm import Session

from app.db.models import Inquiry, Task
from app.domain.enums import TaskState
from app.reports.model import Column, ReportFilter, ReportTable, TableBuilder
from app.reports.periods import Period, check_period, make_buckets
from app.reports.scope import (
    Scope,
    epoch_ms,
    fetch_rows,
    from_ms,
    local_date,
    local_midnight_ms,
    resolve_scope,
)
from app.services.context import ServiceContext

DEFAULT_DAYS = 30

COLUMNS = (
    Column("period", "Period"),
    Column("as_of", "As of end of", "date"),
    Column("overdue", "Overdue tasks", "int"),
    Column("inquiries", "Inquiries", "int"),
)


def overdue_report(
    ctx: ServiceContext, flt: ReportFilter | None = None, *, period: Period = "day"
) -> ReportTable:
    """For each day (or week) of the range, the tasks that were overdue at its end: due
    before that moment, created by then, and neither done nor cancelled by then. Read from
    the tasks' due, done and cancelled times, so completed tasks still count for the days
    they were late (a snoozed task counts from its current due time).

    The range defaults to the last 30 days and stops at now; the last period is counted
    now. Type and source filter by the task's inquiry, owner by the task's owner.
    """
    check_period(period, ("day", "week"))
    flt = flt or ReportFilter()
    with ctx.db.session() as session:
        scope = resolve_scope(session, flt, ctx.clock)
        today, tz, now_ms = scope.today, scope.tz, scope.now_ms
        last = min(flt.date_to or today, today)
        first = flt.date_from or (last - timedelta(days=DEFAULT_DAYS - 1))
        buckets = make_buckets(first, last, period, tz)
        range_end = min(local_midnight_ms(last + timedelta(days=1), tz), now_ms)
        # The moment each period is counted at: its end, but never past the range or now.
        samples = [min(b, range_end) for b in buckets.bounds_ms[1:]]
        tasks = _fetch(session, scope, samples)
    builder = TableBuilder("overdue", list(COLUMNS))
    for i, (count, inquiry_ids) in enumerate(_sweep(tasks, samples)):
        builder.add(
            {
                "period": buckets.label(i),
                "as_of": local_date(samples[i] - 1, tz),
                "overdue": count,
                "inquiries": len(inquiry_ids),
            },
            inquiry_ids,
        )
    return builder.build(note="Tasks overdue at the end of each period (done or not since).")


# (inquiry id, created, due, done, cancelled) in epoch milliseconds
_Task = tuple[int | None, int, int, int | None, int | None]


def _fetch(session: Session, scope: Scope, samples: list[int]) -> list[_Task]:
    """Tasks that may be overdue at one of the sample moments: open ones due before the
    last sample, and those done or cancelled after the first (one query each, so each
    can use an index instead of reading every task ever made)."""
    if not samples:
        return []
    lo, hi = from_ms(samples[0]), from_ms(samples[-1])
    terms = [or_(Task.inquiry_id.is_(None), Inquiry.archived_at.is_(None))]
    if scope.type_ids:
        terms.append(Inquiry.type_id.in_(scope.type_ids))
    if scope.source_ids:
        terms.append(Inquiry.source_id.in_(scope.source_ids))
    if scope.owner_ids:
        terms.append(Task.owner_id.in_(scope.owner_ids))
    # Only the closing time bounds the closed ones (a task due long ago may have been
    # done last week); the sweep drops what was not yet due or made.
    by_state = (
        and_(Task.state == TaskState.OPEN, Task.due_at < hi),
        Task.done_at > lo,
        Task.cancelled_at > lo,
    )
    parts = [
        select(
            Task.id,
            Task.inquiry_id,
            epoch_ms(Task.created_at),
            epoch_ms(Task.due_at),
            epoch_ms(Task.done_at),
            epoch_ms(Task.cancelled_at),
        )
        .outerjoin(Inquiry, Inquiry.id == Task.inquiry_id)
        .where(state, *terms)
        for state in by_state
    ]
    # Keyed by task id: a task both done and cancelled (never made so) still counts once.
    return list({row[0]: row[1:] for row in fetch_rows(session, union_all(*parts))}.values())


def _sweep(tasks: list[_Task], samples: list[int]) -> list[tuple[int, list[int]]]:
    """Overdue count and inquiry ids at each (ascending) sample moment, in one pass.

    A task is overdue at E when due < E, created <= E and not closed by E; so it enters
    at max(due + 1, created) and leaves at its done or cancelled time.
    """
    spans = sorted(
        (
            (max(due + 1, created), _closed(done, cancelled), inquiry_id)
            for inquiry_id, created, due, done, cancelled in tasks
        ),
        key=lambda span: span[0],
    )
    leaving: list[tuple[int, int]] = []
    active: dict[int, int | None] = {}
    result: list[tuple[int, list[int]]] = []
    nxt = 0
    for sample in samples:
        while nxt < len(spans) and spans[nxt][0] <= sample:
            closed = spans[nxt][1]
            active[nxt] = spans[nxt][2]
            if closed is not None:
                heapq.heappush(leaving, (closed, nxt))
            nxt += 1
        while leaving and leaving[0][0] <= sample:
            del active[heapq.heappop(leaving)[1]]
        ids = {i for i in active.values() if i is not None}
        result.append((len(active), sorted(ids)))
    return result


def _closed(done: int | None, cancelled: int | None) -> int | None:
    ends = [t for t in (done, cancelled) if t is not None]
    return min(ends) if ends else None
