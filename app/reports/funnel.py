"""The pipeline funnel: how far inquiries got, and how long they sat in each stage."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Inquiry, Stage
from app.domain.enums import StageKind
from app.reports.groups import Group, check_by, group_column, groups, ordered
from app.reports.model import Column, ReportFilter, ReportTable, TableBuilder
from app.reports.scope import fetch_rows, resolve_scope
from app.reports.stage_facts import stage_book
from app.reports.stats import median, seconds, share
from app.services.context import ServiceContext

FunnelBy = Literal["all", "source", "type"]

COLUMNS = (
    Column("group", "Group"),
    Column("stage", "Stage"),
    Column("reached", "Reached", "int"),
    Column("conversion", "From previous stage", "percent"),
    Column("of_total", "Of all leads", "percent"),
    Column("median_in_stage", "Median time in stage", "duration"),
)


@dataclass(frozen=True)
class _Step:
    id: int
    name: str
    rank: int  # 0 for the first funnel stage


def funnel_report(
    ctx: ServiceContext, flt: ReportFilter | None = None, *, by: FunnelBy = "all"
) -> ReportTable:
    """For inquiries created in the range: how many reached each pipeline stage, the
    conversion from the stage before, the share of all leads, and the median length of a
    finished stay in the stage, overall (`by="all"`) or per source or type.

    The funnel is the active open and won stages in order (Lost and Waiting on client
    are not steps). Reaching a stage means entering it or any later step, so a skipped
    stage counts as passed; an inquiry counts once per stage however often it was
    reopened. Stays are read from the stage history: a stay ends at the next move.
    """
    check_by(by, ("all", "source", "type"))
    flt = flt or ReportFilter()
    with ctx.db.session() as session:
        scope = resolve_scope(session, flt, ctx.clock)
        steps = _steps(session)
        names: dict[int | None, Group] = (
            {None: Group("all", "All", 0)} if by == "all" else groups(session, by)
        )
        group = Inquiry.source_id if by == "all" else group_column(by)
        # Raw stage_entered_at (no conversion): it only has to compare equal.
        cohort = fetch_rows(
            session,
            select(Inquiry.id, group, Inquiry.stage_id, Inquiry.stage_entered_at).where(
                *scope.conditions()
            ),
        )
        ranks = {step.id: step.rank for step in steps}
        fresh = [(iid, (stage_id, at)) for iid, _g, stage_id, at in cohort]
        with stage_book(session, fresh, ranks, everything=not scope.narrowed) as book:
            group_of = {iid: (None if by == "all" else gid) for iid, gid, _s, _a in cohort}
            reached = _reached(book.furthest, group_of, len(steps))
            # One group and no one else in the book: the kept lists are already the answer.
            whole = by == "all" and book.holds_only(len(cohort))
            lengths = {
                step.id: _lengths(
                    book.lengths.get(step.id, []), book.owners.get(step.id, []), group_of, whole
                )
                for step in steps
            }
    builder = TableBuilder("funnel", list(COLUMNS))
    for gid in [None] if by == "all" else ordered(set(reached), names):
        per_step, total = reached.get(gid, ([[] for _ in steps], 0))
        before: int | None = None
        for step in steps:
            ids = per_step[step.rank]
            builder.add(
                {
                    "group": names[gid].name,
                    "stage": step.name,
                    "reached": len(ids),
                    "conversion": None if before is None else share(len(ids), before),
                    "of_total": share(len(ids), total),
                    "median_in_stage": seconds(
                        median(lengths[step.id].get(gid, []), presorted=True)
                    ),
                },
                ids,
            )
            before = len(ids)
    return builder.build(
        note="Reaching a stage includes skipping past it; time in stage counts finished stays."
    )


def _reached(
    furthest: dict[int, int], group_of: dict[int, int | None], count: int
) -> dict[int | None, tuple[list[list[int]], int]]:
    """Per group: for each step the inquiries whose furthest step is it or a later one,
    and how many inquiries the group has."""
    at_rank: dict[int | None, list[list[int]]] = defaultdict(lambda: [[] for _ in range(count + 1)])
    for iid, gid in group_of.items():
        at_rank[gid][furthest[iid]].append(iid)  # -1 (no step at all) is the last slot
    reached: dict[int | None, tuple[list[list[int]], int]] = {}
    for gid, buckets in at_rank.items():
        running: list[int] = []
        per_step: list[list[int]] = []
        for rank in range(count - 1, -1, -1):
            running = running + buckets[rank]
            per_step.append(running)
        per_step.reverse()
        reached[gid] = (per_step, len(running) + len(buckets[count]))
    return reached


def _lengths(
    lengths: list[int], owners: list[int], group_of: dict[int, int | None], whole: bool
) -> dict[int | None, list[int]]:
    """Finished stay lengths per group, shortest first, of the cohort's inquiries only
    (`whole`: every stay kept is one of the cohort's, all in the one group None)."""
    if whole:
        return {None: lengths.copy()}
    per_group: dict[int | None, list[int]] = defaultdict(list)
    for length, iid in zip(lengths, owners, strict=True):
        if iid in group_of:
            per_group[group_of[iid]].append(length)
    return per_group


def _steps(session: Session) -> list[_Step]:
    rows = session.execute(
        select(Stage.id, Stage.name)
        .where(Stage.active.is_(True), Stage.kind.in_((StageKind.OPEN, StageKind.WON)))
        .order_by(Stage.position, Stage.id)
    ).all()
    return [_Step(sid, name, r) for r, (sid, name) in enumerate(rows)]
