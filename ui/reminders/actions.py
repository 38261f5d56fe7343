"""Done and snooze from a reminder (tray menu or notification window), off the GUI thread.

Both announce TASKS, so the Today page, the tray counts and the next wake follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from PySide6.QtCore import QObject, Signal

from app.errors import LeadkeeperError
from app.services.context import ServiceContext
from app.services.tasks import complete_task, snooze_task
from ui.background import TASKS, Changes, run_in_background

TOMORROW_AT = time(9, 0)  # as the Today page's "Snooze until tomorrow 9:00"


@dataclass(frozen=True)
class SnoozeChoice:
    key: str
    short: str  # on a button
    label: str  # in a menu
    delta: timedelta | None  # None: tomorrow morning


SNOOZE_CHOICES = (
    SnoozeChoice("15m", "15 min", "Snooze 15 minutes", timedelta(minutes=15)),
    SnoozeChoice("1h", "1 h", "Snooze 1 hour", timedelta(hours=1)),
    SnoozeChoice("tomorrow", "Tomorrow", "Snooze until tomorrow 9:00", None),
)


def tomorrow_morning(now: datetime, tz: tzinfo) -> datetime:
    """9:00 local time on the day after `now`'s local date (working hours may hold it
    further, to Monday say)."""
    day = now.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(day, TOMORROW_AT, tzinfo=tz)


def snooze_until(now: datetime, tz: tzinfo, choice: SnoozeChoice) -> datetime:
    return now + choice.delta if choice.delta is not None else tomorrow_morning(now, tz)


def choice_by_key(key: str) -> SnoozeChoice:
    return next(choice for choice in SNOOZE_CHOICES if choice.key == key)


def _reason(error: BaseException) -> str:
    if isinstance(error, LeadkeeperError):
        return str(error)  # written for the broker
    return f"something went wrong ({type(error).__name__})"


class TaskActions(QObject):
    """Runs done/snooze for one task at a time per id; says how it went."""

    finished = Signal(int, str)  # task id, what happened ("Done", "Snoozed until Tue 09:00")
    failed = Signal(int, str)  # task id, why

    def __init__(
        self, ctx: ServiceContext, changes: Changes, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._changes = changes
        self._busy: set[int] = set()

    def complete(self, task_id: int) -> None:
        ctx = self._ctx
        self._run(task_id, lambda: complete_task(ctx, task_id), "Done")

    def snooze(self, task_id: int, choice: SnoozeChoice) -> None:
        ctx = self._ctx
        until = snooze_until(ctx.clock.now(), ctx.clock.tz, choice)
        text = f"Snoozed until {until.astimezone(ctx.clock.tz):%a %H:%M}"
        self._run(task_id, lambda: snooze_task(ctx, task_id, until), text)

    def _run(self, task_id: int, work: Callable[[], object], text: str) -> None:
        if task_id in self._busy:
            return  # a double click must not complete twice
        self._busy.add(task_id)

        def done(_view: object) -> None:
            self._busy.discard(task_id)
            self._changes.announce(TASKS)
            self.finished.emit(task_id, text)

        def failed(error: BaseException) -> None:
            self._busy.discard(task_id)
            self.failed.emit(task_id, _reason(error))

        run_in_background(work, done, failed)
