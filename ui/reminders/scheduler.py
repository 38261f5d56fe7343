"""Waking the app to show reminders: APScheduler only says "look now"; the database decides.

Wakes come at start, on a short periodic tick, at the exact time of the next due item
(re-armed after every poll and whenever tasks or inquiries change), and on resume from
sleep (a wall-clock gap seen by the tick, or logind's signal). Every wake runs one poll
on the background worker; the poll marks what it returns as shown, so each batch it
delivers through `batch_ready` must be displayed.

APScheduler runs on its own thread and reaches the GUI only through a queued signal.
Its timers count monotonic time, which stops while the laptop sleeps: that is why the
tick re-derives everything and checks the wall clock rather than trusting one long timer.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from app.clock import today
from app.reminders.batch import EMPTY_BATCH, ReminderBatch
from app.reminders.service import ReminderCounts, ReminderService, detect_resume
from app.services.context import ServiceContext
from app.services.due import DueTask, due_list
from app.services.followups import catch_up_followups
from ui.background import INQUIRIES, TASKS, Changes, run_in_background
from ui.reminders.sleep_signal import SleepWatcher

log = logging.getLogger(__name__)

TICK_SECONDS = 60
MIN_ARM_SECONDS = 1.0  # never re-arm "now": a wake loop would spin the worker
CHANGE_DEBOUNCE_MS = 200  # a burst of announcements costs one poll
UPCOMING_LIMIT = 5
WATCHED = frozenset({TASKS, INQUIRIES})


@dataclass(frozen=True)
class ReminderState:
    """What the tray shows between popups."""

    counts: ReminderCounts
    paused_until: datetime | None
    upcoming: tuple[DueTask, ...]  # the next due items, overdue first
    day: date


EMPTY_STATE = ReminderState(ReminderCounts(0, 0), None, (), date.min)


@dataclass(frozen=True)
class _Refreshed:
    """The tray state and the next wake, read right after a poll."""

    counts: ReminderCounts
    paused_until: datetime | None
    wake_at: datetime | None
    upcoming: tuple[DueTask, ...] | None  # None: not reloaded this time
    day: date


@dataclass(frozen=True)
class _PollResult:
    batch: ReminderBatch
    refreshed: _Refreshed | None  # None: reading it failed; the batch still shows
    caught_up: int


def load_upcoming(ctx: ServiceContext, limit: int = UPCOMING_LIMIT) -> tuple[DueTask, ...]:
    """The next `limit` open tasks due by the end of today, most overdue first."""
    due = due_list(ctx, limit=limit)
    return (due.overdue.items + due.due_today.items)[:limit]


class ReminderScheduler(QObject):
    """Wakes, polls in the background, and hands batches and tray state to the GUI."""

    batch_ready = Signal(object)  # ReminderBatch (never empty): display it
    state_changed = Signal(object)  # ReminderState
    resumed = Signal()  # a wake after sleep or a clock jump
    polled = Signal(str)  # the reason of each finished poll
    _wake_requested = Signal(str)  # emitted on APScheduler's thread

    def __init__(
        self,
        ctx: ServiceContext,
        changes: Changes | None = None,
        *,
        service: ReminderService | None = None,
        tick_seconds: float = TICK_SECONDS,
        catch_up_daily: bool = True,
        watch_os_sleep: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._clock = ctx.clock
        self._changes = changes
        self.service = service or ReminderService(ctx)
        self.tick_interval = timedelta(seconds=tick_seconds)
        self._catch_up_daily = catch_up_daily
        self._scheduler: BackgroundScheduler | None = None
        self._running = False
        self._stopping = threading.Event()  # read by the worker before it polls
        self._in_flight = False
        self._again: str | None = None
        self._upcoming_stale = True
        self._caught_up_day: date | None = None
        self._last_tick: datetime | None = None
        self.armed_at: datetime | None = None  # clock time of the next exact wake
        self.state = EMPTY_STATE
        self._wake_requested.connect(self._on_scheduler_wake, Qt.ConnectionType.QueuedConnection)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(CHANGE_DEBOUNCE_MS)
        self._debounce.timeout.connect(lambda: self.wake("changed"))
        if changes is not None:
            changes.changed.connect(self._on_changed)
        self.sleep_watcher = SleepWatcher(self) if watch_os_sleep else None
        if self.sleep_watcher is not None:
            self.sleep_watcher.resumed.connect(self.on_resume)

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> None:
        """Start the tick and poll once now (what came due while the app was closed)."""
        if self._running:
            return
        self._running = True
        self._stopping.clear()
        logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line a minute is noise
        self._scheduler = BackgroundScheduler(
            timezone=UTC,
            executors={"default": ThreadPoolExecutor(1)},
            # Late runs (after sleep) run once, however late: the poll decides what is due.
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
        )
        self._scheduler.add_job(
            self._from_scheduler,
            "interval",
            seconds=self.tick_interval.total_seconds(),
            args=["tick"],
            id="tick",
        )
        self._scheduler.start()
        self._last_tick = self._clock.now()
        self.wake("start")

    def stop(self) -> None:
        """Stop waking (on quit). A poll already running finishes; none starts after."""
        self._running = False
        self._stopping.set()
        self._debounce.stop()
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    @property
    def running(self) -> bool:
        return self._running

    def scheduled_run_time(self, job_id: str = "due") -> datetime | None:
        """When APScheduler will fire a job (real time), for tests and diagnostics."""
        if self._scheduler is None:
            return None
        job = self._scheduler.get_job(job_id)
        return None if job is None else job.next_run_time

    # --- wakes -----------------------------------------------------------------------

    def _from_scheduler(self, reason: str) -> None:  # on APScheduler's thread
        self._wake_requested.emit(reason)

    @Slot(str)
    def _on_scheduler_wake(self, reason: str) -> None:
        if reason == "tick":
            self.tick()
        else:
            self.wake(reason)

    def tick(self) -> None:
        """The periodic wake: a resume when the wall clock jumped, else a plain poll."""
        now = self._clock.now()
        last, self._last_tick = self._last_tick, now
        if last is not None and detect_resume(last, now, self.tick_interval):
            self.on_resume()
        else:
            self.wake("tick")

    def on_resume(self) -> None:
        """After sleep: re-derive everything now (what came due while asleep shows once)."""
        log.info("resumed: re-deriving reminders")
        self._last_tick = self._clock.now()
        self._upcoming_stale = True
        self.resumed.emit()
        self.wake("resume")

    def _on_changed(self, flags: frozenset[str]) -> None:
        if flags & WATCHED:
            self._upcoming_stale = True
            self._debounce.start()

    def wake(self, reason: str = "wake") -> None:
        """Poll now on the background worker; a wake during a poll runs once after it."""
        if not self._running:
            return
        if self._in_flight:
            self._again = reason
            return
        self._in_flight = True
        day = today(self._clock)
        reload_upcoming = self._upcoming_stale or day != self.state.day
        catch_up = self._catch_up_daily and day != self._caught_up_day
        self._upcoming_stale = False
        if catch_up:
            self._caught_up_day = day  # once a day, even if it fails (it logs)

        def failed(error: BaseException) -> None:
            self._upcoming_stale = self._upcoming_stale or reload_upcoming
            self._finish_poll(reason, None, error)

        run_in_background(
            lambda: self._poll(reload_upcoming, catch_up),
            lambda result: self._finish_poll(reason, result, None),
            failed,
        )

    def _poll(self, reload_upcoming: bool, catch_up: bool) -> _PollResult:  # on the worker
        caught_up = 0
        if catch_up:
            try:
                caught_up = catch_up_followups(self._ctx)
            except Exception as error:  # the reminders matter more than the catch-up
                log.error("follow-up catch-up failed: %s", type(error).__name__)
        now = self._clock.now()
        # Quitting: claim nothing that nobody would be left to show. If the poll raises,
        # its transaction rolled back and nothing was claimed.
        batch = EMPTY_BATCH if self._stopping.is_set() else self.service.poll(now)
        try:
            refreshed: _Refreshed | None = _Refreshed(
                counts=self.service.counts(now),
                paused_until=self.service.paused_until(now),
                wake_at=self.service.next_wake_time(now),
                upcoming=load_upcoming(self._ctx) if reload_upcoming else None,
                day=today(self._clock),
            )
        except Exception as error:  # the claimed batch must still reach the screen
            log.error("reading the reminder state failed: %s", type(error).__name__)
            refreshed = None
        return _PollResult(batch=batch, refreshed=refreshed, caught_up=caught_up)

    def _finish_poll(
        self, reason: str, result: _PollResult | None, error: BaseException | None
    ) -> None:
        self._in_flight = False
        if error is not None:
            log.error("reminder poll failed: %s", type(error).__name__)
        fresh = result.refreshed if result is not None else None
        if fresh is not None:
            self.state = ReminderState(
                counts=fresh.counts,
                paused_until=fresh.paused_until,
                upcoming=self.state.upcoming if fresh.upcoming is None else fresh.upcoming,
                day=fresh.day,
            )
            if self._running:
                self._arm(fresh.wake_at)
            self.state_changed.emit(self.state)
        elif result is not None:
            self._upcoming_stale = True  # try again on the next wake; the tick still runs
        if result is not None and result.batch:
            self.batch_ready.emit(result.batch)
        self.polled.emit(reason)
        if result is not None and result.caught_up and self._changes is not None:
            self._changes.announce(TASKS, INQUIRIES)  # the daily catch-up planned tasks
        again, self._again = self._again, None
        if again is not None:
            self.wake(again)

    def _arm(self, wake_at: datetime | None) -> None:
        """Fire once at the exact (clock) time of the next due item."""
        self.armed_at = wake_at
        if self._scheduler is None:
            return
        if wake_at is None:
            with contextlib.suppress(JobLookupError):
                self._scheduler.remove_job("due")
            return
        delay = max((wake_at - self._clock.now()).total_seconds(), MIN_ARM_SECONDS)
        self._scheduler.add_job(
            self._from_scheduler,
            "date",
            run_date=datetime.now(UTC) + timedelta(seconds=delay),
            args=["due"],
            id="due",
            replace_existing=True,
        )

    # --- pause -----------------------------------------------------------------------

    def pause(self, minutes: int) -> None:
        """Hold every reminder for `minutes`; they arrive together when the pause ends."""
        run_in_background(lambda: self.service.pause(minutes), lambda _until: self.wake("pause"))

    def resume_reminders(self) -> None:
        """End a pause now; what was held shows at once."""
        run_in_background(self.service.resume, lambda _none: self.wake("resume-reminders"))
