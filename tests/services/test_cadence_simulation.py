"""Sixty days of a new lead through the real services and database, hour by hour."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.clock import FixedClock
from app.db.models import Task
from app.services.context import ServiceContext
from app.services.interactions import log_interaction
from app.services.leads import NewLead
from app.services.tasks import complete_task


def _due_open_tasks(ctx: ServiceContext, clock: FixedClock) -> list[Task]:
    with ctx.db.session() as session:
        return list(
            session.scalars(
                select(Task)
                .where(Task.state == "open", Task.due_at <= clock.now())
                .order_by(Task.due_at)
            )
        )


def _next_due(ctx: ServiceContext) -> datetime | None:
    with ctx.db.session() as session:
        return session.scalar(select(func.min(Task.due_at)).where(Task.state == "open"))


def _simulate(
    ctx: ServiceContext, clock: FixedClock, lead: NewLead, reply_on_day: int | None
) -> list[tuple[int, str, str]]:
    """A diligent broker who, every hour, does whatever is due. Returns (day, kind, rule)."""
    start = clock.now()
    end = start + timedelta(days=60, hours=1)
    reply_at = None if reply_on_day is None else start + timedelta(days=reply_on_day)
    done: list[tuple[int, str, str]] = []
    while clock.now() < end:
        if reply_at is not None and clock.now() >= reply_at:
            log_interaction(
                ctx,
                contact_id=lead.contact.id,
                inquiry_id=lead.inquiry.id,
                kind="email",
                direction="inbound",
                summary="Re: your mortgage inquiry",
            )
            reply_at = None
        for task in _due_open_tasks(ctx, clock):
            complete_task(ctx, task.id)
            done.append(
                ((clock.now() - start).days, task.kind, (task.rule_key or "").split(":")[0])
            )
        # Sleep until the next top of the hour at which something is due (or the reply).
        wake = min(t for t in (_next_due(ctx), reply_at, end) if t is not None)
        hours = max(1, -(-(wake - clock.now()) // timedelta(hours=1)))
        clock.advance(timedelta(hours=hours))
    return done


def test_cadence_without_reply_hits_the_planned_days(
    ctx: ServiceContext, clock: FixedClock, new_lead: NewLead
) -> None:
    done = _simulate(ctx, clock, new_lead, reply_on_day=None)
    cadence = [(day, kind) for day, kind, rule in done if rule == "new_lead"]
    assert cadence == [
        (0, "call"),
        (0, "email"),
        (1, "call"),
        (3, "email"),
        (7, "call"),
        (14, "email"),
        (30, "call"),
        (45, "email"),
        (60, "call"),
    ]
    assert new_lead.inquiry.id  # the inquiry kept an open next task throughout
    with ctx.db.session() as session:
        open_tasks = session.scalars(select(Task).where(Task.state == "open")).all()
    assert [t.rule_key for t in open_tasks] == ["new_lead:10"]


def test_a_reply_stops_the_cadence_and_leaves_a_next_step(
    ctx: ServiceContext, clock: FixedClock, new_lead: NewLead
) -> None:
    done = _simulate(ctx, clock, new_lead, reply_on_day=4)
    cadence_days = [day for day, _kind, rule in done if rule == "new_lead"]
    assert cadence_days == [0, 0, 1, 3]
    assert all(rule != "new_lead" for day, _k, rule in done if day >= 4)
    with ctx.db.session() as session:
        open_tasks = session.scalars(select(Task).where(Task.state == "open")).all()
    assert len(open_tasks) >= 1
    assert all(not (t.rule_key or "").startswith("new_lead") for t in open_tasks)
