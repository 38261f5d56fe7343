"""The reminder service the tray and the scheduler call: poll, pause, counts, wake times.

The scheduler only wakes us (at start, on a tick, at `next_wake_time`, on resume); every
poll re-derives what is due from the database and marks it shown in the same transaction,
so a reminder shows once however often or however concurrently we poll.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import NamedTuple, cast

from sqlalchemy import case, func, select, update

from app.clock import local_day_bounds
from app.db.models import Task
from app.domain.enums import TaskState
from app.errors import InvalidInput
from app.reminders.batch import (
    DETAIL_LIMIT,
    EMPTY_BATCH,
    GROUP_OVER,
    Category,
    ReminderBatch,
    count_categories,
    make_batch,
)
from app.reminders.derive import category_column, load_details, next_wake_time, showable
from app.reminders.mark import read_paused_until, write_paused_until
from app.reminders.options import load_options
from app.services.context import ServiceContext

log = logging.getLogger(__name__)

RESUME_SLACK = timedelta(seconds=60)


class ReminderCounts(NamedTuple):
    """Open tasks overdue (before today) and due today, as `leadkeeper due` counts them."""

    overdue: int
    due_today: int


def detect_resume(
    last_tick: datetime, now: datetime, interval: timedelta, *, slack: timedelta = RESUME_SLACK
) -> bool:
    """True when the wall clock moved more than a tick (plus slack) since the last tick,
    forwards (the laptop slept) or backwards (the clock was set back): re-derive now."""
    gap = now - last_tick
    return gap > interval + slack or gap < -slack


class ReminderService:
    """Reminders over one ServiceContext; cheap to create, holds no state of its own."""

    def __init__(self, ctx: ServiceContext, *, group_over: int = GROUP_OVER) -> None:
        self._ctx = ctx
        self._group_over = group_over

    def _now(self, now: datetime | None) -> datetime:
        return (now or self._ctx.clock.now()).astimezone(UTC)

    def poll(self, now: datetime | None = None) -> ReminderBatch:
        """What to show now, marked shown in the same statement that selects it.

        One UPDATE ... RETURNING claims every showable task (`notified_at` still NULL), so
        a racing poll, in this process or another, gets each task at most once, and a
        task that came due between reading and marking is never marked unseen.
        """
        now = self._now(now)
        with self._ctx.db.session() as session:
            options = load_options(session)
            condition = showable(
                now,
                tz=self._ctx.clock.tz,
                working_hours=options.working_hours,
                new_lead_breaks_through=options.new_lead_breaks_through,
                paused_until=options.paused_until,
            )
            # An idle poll (the common case) only reads: no write lock, no WAL frame.
            if (
                condition is None
                or session.scalar(select(Task.id).where(condition).limit(1)) is None
            ):
                return EMPTY_BATCH
            claimed = list(
                session.execute(
                    update(Task)
                    .where(condition)
                    .values(notified_at=now)
                    .returning(Task.id, Task.due_at, category_column())
                    .execution_options(synchronize_session=False)
                )
            )
            if not claimed:
                return EMPTY_BATCH
            # Show order: new leads first (speed to lead), then by due time.
            claimed.sort(key=lambda row: (row[2] != "new_lead", row[1], row[0]))
            ids = tuple(int(row[0]) for row in claimed)
            categories = [cast(Category, row[2]) for row in claimed]
            items = load_details(session, ids[: max(DETAIL_LIMIT, self._group_over)])
        log.info("showing %d reminder(s)", len(ids))
        return make_batch(
            items, count_categories(categories), group_over=self._group_over, marked_ids=ids
        )

    def next_wake_time(self, now: datetime | None = None) -> datetime | None:
        """When the scheduler should poll next to show something exactly on time."""
        now = self._now(now)
        with self._ctx.db.session() as session:
            options = load_options(session)
            return next_wake_time(
                session,
                now,
                tz=self._ctx.clock.tz,
                working_hours=options.working_hours,
                new_lead_breaks_through=options.new_lead_breaks_through,
                paused_until=options.paused_until,
            )

    def pause(self, minutes: int, now: datetime | None = None) -> datetime:
        """Hold every reminder for `minutes`; they arrive when the pause ends. Returns the end."""
        if minutes <= 0:
            raise InvalidInput("pause reminders for at least one minute")
        until = self._now(now) + timedelta(minutes=minutes)
        with self._ctx.db.session() as session:
            write_paused_until(session, until)
        return until

    def resume(self) -> None:
        """End a pause now; held reminders show on the next poll."""
        with self._ctx.db.session() as session:
            write_paused_until(session, None)

    def paused_until(self, now: datetime | None = None) -> datetime | None:
        """The end of the current pause, or None when reminders are not paused."""
        now = self._now(now)
        with self._ctx.db.session() as session:
            until = read_paused_until(session)
        return until if until is not None and until > now else None

    def counts(self, now: datetime | None = None) -> ReminderCounts:
        """Overdue and due-today open tasks in the broker's local day (tray tooltip)."""
        now = self._now(now)
        start, end = local_day_bounds(now.astimezone(self._ctx.clock.tz).date(), self._ctx.clock.tz)
        overdue = func.sum(case((Task.due_at < start, 1), else_=0))
        today = func.sum(case(((Task.due_at >= start) & (Task.due_at < end), 1), else_=0))
        with self._ctx.db.session() as session:
            row = session.execute(
                select(overdue, today).where(Task.state == TaskState.OPEN, Task.due_at < end)
            ).one()
        return ReminderCounts(overdue=int(row[0] or 0), due_today=int(row[1] or 0))
