"""The reminder scheduler: wakes at start, on the tick, at the exact due time, on resume
and on changes; each due task reaches `batch_ready` once. The clock is fixed and moved
by hand (the UI conftest: Monday 2 March 2026 14:00 UTC, working hours 09:00-17:30)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.reminders.batch import ReminderBatch
from app.reminders.service import ReminderCounts, ReminderService
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.leads import add_lead
from app.services.tasks import get_task
from ui import background
from ui.background import INQUIRIES, TASKS, Changes
from ui.reminders import scheduler as scheduler_module
from ui.reminders.scheduler import ReminderScheduler

from .reminders_support import add_call, add_contact

MakeScheduler = Callable[..., ReminderScheduler]


@pytest.fixture
def changes(qtbot: QtBot) -> Changes:
    return Changes()


@pytest.fixture
def make(ctx: ServiceContext, changes: Changes) -> Iterator[MakeScheduler]:
    made: list[ReminderScheduler] = []

    def build(**options: object) -> ReminderScheduler:
        options.setdefault("watch_os_sleep", False)
        scheduler = ReminderScheduler(ctx, changes, **options)  # type: ignore[arg-type]
        made.append(scheduler)
        return scheduler

    yield build
    for scheduler in made:
        scheduler.stop()


def _collect(scheduler: ReminderScheduler) -> list[ReminderBatch]:
    batches: list[ReminderBatch] = []
    scheduler.batch_ready.connect(batches.append)
    return batches


def _titles(batches: list[ReminderBatch]) -> list[list[str]]:
    return [[item.title for item in batch.items] for batch in batches]


def test_start_shows_what_came_due_while_the_app_was_closed_once(
    ctx: ServiceContext, clock: FixedClock, make: MakeScheduler
) -> None:
    maria = add_contact(ctx)
    task_id = add_call(ctx, maria, clock.now() - timedelta(hours=3), "Call back about the rate")
    scheduler = make()
    batches = _collect(scheduler)
    scheduler.start()
    assert _titles(batches) == [["Call back about the rate"]]
    assert batches[0].marked_ids == (task_id,)
    assert batches[0].items[0].contact_name == "Maria Gonzalez"
    scheduler.wake("again")
    scheduler.tick()
    assert len(batches) == 1  # shown once
    assert scheduler.state.counts.due_today == 1  # still open: the tooltip counts it


def test_the_tick_shows_a_task_when_it_comes_due_not_before(
    ctx: ServiceContext, clock: FixedClock, make: MakeScheduler
) -> None:
    maria = add_contact(ctx)
    add_call(ctx, maria, clock.now() + timedelta(minutes=30), "Send the rate sheet")
    scheduler = make()
    batches = _collect(scheduler)
    resumes: list[None] = []
    scheduler.resumed.connect(lambda: resumes.append(None))
    scheduler.start()
    shown_at: list[datetime] = []
    for _minute in range(45):
        clock.advance(timedelta(minutes=1))
        scheduler.tick()
        if batches and not shown_at:
            shown_at.append(clock.now())
    assert _titles(batches) == [["Send the rate sheet"]]
    assert shown_at == [datetime(2026, 3, 2, 14, 30, tzinfo=UTC)]
    assert resumes == []  # minute ticks are not a resume


def test_the_next_wake_is_armed_at_the_exact_due_time(
    ctx: ServiceContext, clock: FixedClock, make: MakeScheduler
) -> None:
    maria = add_contact(ctx)
    add_call(ctx, maria, clock.now() + timedelta(minutes=30))
    add_call(ctx, maria, clock.now() + timedelta(hours=2))
    scheduler = make()
    scheduler.start()
    assert scheduler.armed_at == datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
    fires = scheduler.scheduled_run_time("due")
    assert fires is not None
    expected = datetime.now(UTC) + timedelta(minutes=30)
    assert abs((fires - expected).total_seconds()) < 5


def test_nothing_pending_arms_nothing(make: MakeScheduler) -> None:
    scheduler = make()
    scheduler.start()
    assert scheduler.armed_at is None
    assert scheduler.scheduled_run_time("due") is None
    assert scheduler.scheduled_run_time("tick") is not None


def test_the_armed_wake_fires_through_apscheduler(
    ctx: ServiceContext, clock: FixedClock, make: MakeScheduler, qtbot: QtBot
) -> None:
    maria = add_contact(ctx)
    add_call(ctx, maria, clock.now() + timedelta(seconds=1), "Call at the exact time")
    scheduler = make(tick_seconds=3600)  # only the armed job can wake it in time
    reasons: list[str] = []
    scheduler.polled.connect(reasons.append)
    batches = _collect(scheduler)
    scheduler.start()
    assert batches == []
    clock.advance(timedelta(seconds=2))  # the fixed clock reaches the due time
    qtbot.waitUntil(lambda: bool(batches), timeout=5000)
    assert _titles(batches) == [["Call at the exact time"]]
    assert reasons[-1] == "due"


def test_after_a_sleep_everything_due_meanwhile_shows_once(
    ctx: ServiceContext, clock: FixedClock, make: MakeScheduler
) -> None:
    maria = add_contact(ctx)
    add_call(ctx, maria, clock.now() + timedelta(minutes=30), "First")
    add_call(ctx, maria, clock.now() + timedelta(minutes=60), "Second")
    add_call(ctx, maria, clock.now() + timedelta(hours=5), "Tomorrow's business")
    scheduler = make()
    batches = _collect(scheduler)
    resumes: list[None] = []
    scheduler.resumed.connect(lambda: resumes.append(None))
    scheduler.start()
    clock.advance(timedelta(hours=2))  # the laptop slept; timers did not run
    scheduler.tick()
    assert resumes == [None]
    assert _titles(batches) == [["First", "Second"]]
    clock.advance(timedelta(minutes=1))
    scheduler.tick()
    assert len(batches) == 1


def test_the_os_resume_signal_polls_at_once(
    ctx: ServiceContext, clock: FixedClock, make: MakeScheduler
) -> None:
    maria = add_contact(ctx)
    add_call(ctx, maria, clock.now() + timedelta(minutes=30), "Due while asleep")
    scheduler = make()
    batches = _collect(scheduler)
    scheduler.start()
    clock.advance(timedelta(hours=1))
    scheduler.on_resume()  # what logind's PrepareForSleep(false) triggers
    assert _titles(batches) == [["Due while asleep"]]
    scheduler.tick()  # the tick after it sees no gap any more: no second resume
    assert len(batches) == 1


def test_a_change_rearms_the_wake_and_a_new_lead_pops_at_once(
    ctx: ServiceContext,
    clock: FixedClock,
    make: MakeScheduler,
    changes: Changes,
    qtbot: QtBot,
) -> None:
    scheduler = make()
    scheduler.start()
    maria = add_contact(ctx)
    add_call(ctx, maria, clock.now() + timedelta(minutes=45))
    with qtbot.waitSignal(scheduler.polled, timeout=3000) as polled:
        changes.announce(TASKS)
    assert polled.args == ["changed"]
    assert scheduler.armed_at == datetime(2026, 3, 2, 14, 45, tzinfo=UTC)
    assert scheduler.state.counts.due_today == 1

    lead = add_lead(
        ctx,
        ContactInput(first_name="Dev", last_name="Patel"),
        InquiryInput(contact_id=0, type_key="purchase", source_key="website_form"),
    )
    with qtbot.waitSignal(scheduler.batch_ready, timeout=3000) as got:
        changes.announce(INQUIRIES, TASKS)
    batch = got.args[0]
    assert batch.items[0].category == "new_lead"
    assert batch.items[0].inquiry_id == lead.inquiry.id


def test_changes_that_touch_no_tasks_do_not_poll(
    make: MakeScheduler, changes: Changes, qtbot: QtBot
) -> None:
    scheduler = make()
    scheduler.start()
    with qtbot.assertNotEmitted(scheduler.polled, wait=400):
        changes.announce("contacts")


def test_pause_holds_reminders_until_it_ends(
    ctx: ServiceContext, clock: FixedClock, make: MakeScheduler
) -> None:
    maria = add_contact(ctx)
    add_call(ctx, maria, clock.now() + timedelta(minutes=10), "Held by the pause")
    scheduler = make()
    batches = _collect(scheduler)
    scheduler.start()
    scheduler.pause(60)
    assert scheduler.state.paused_until == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert scheduler.armed_at == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    clock.advance(timedelta(minutes=59))
    scheduler.on_resume()
    assert batches == []
    clock.advance(timedelta(minutes=1))
    scheduler.tick()
    assert _titles(batches) == [["Held by the pause"]]
    assert scheduler.state.paused_until is None


def test_resuming_reminders_shows_what_was_held_at_once(
    ctx: ServiceContext, clock: FixedClock, make: MakeScheduler
) -> None:
    maria = add_contact(ctx)
    add_call(ctx, maria, clock.now() + timedelta(minutes=5), "Held")
    scheduler = make()
    batches = _collect(scheduler)
    scheduler.start()
    scheduler.pause(60)
    clock.advance(timedelta(minutes=6))
    scheduler.tick()
    assert batches == []
    scheduler.resume_reminders()
    assert _titles(batches) == [["Held"]]


def test_the_follow_up_catch_up_runs_once_a_day_before_polling(
    clock: FixedClock, make: MakeScheduler, changes: Changes, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[datetime] = []

    def catch_up(_ctx: ServiceContext) -> int:
        runs.append(clock.now())
        return 2  # two inquiries got new tasks

    monkeypatch.setattr(scheduler_module, "catch_up_followups", catch_up)
    announced: list[frozenset[str]] = []
    changes.changed.connect(announced.append)
    scheduler = make()
    scheduler.start()
    clock.advance(timedelta(minutes=1))
    scheduler.tick()
    assert runs == [datetime(2026, 3, 2, 14, 0, tzinfo=UTC)]
    assert frozenset({TASKS, INQUIRIES}) in announced  # Today and the tray refresh
    clock.set(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    scheduler.tick()
    assert runs[-1] == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert len(runs) == 2


def test_polls_run_on_the_worker_and_batches_arrive_on_the_gui_thread(
    ctx: ServiceContext, clock: FixedClock, qtbot: QtBot, changes: Changes
) -> None:
    background.set_inline(False)
    threads: dict[str, int] = {}

    class Recording(ReminderService):
        def poll(self, now: datetime | None = None) -> ReminderBatch:
            threads["poll"] = threading.get_ident()
            return super().poll(now)

    add_call(ctx, add_contact(ctx), clock.now() - timedelta(minutes=1), "Overdue")
    scheduler = ReminderScheduler(ctx, changes, service=Recording(ctx), watch_os_sleep=False)
    batches: list[ReminderBatch] = []

    def arrived(batch: ReminderBatch) -> None:
        threads["gui"] = threading.get_ident()
        batches.append(batch)

    scheduler.batch_ready.connect(arrived)
    try:
        scheduler.start()
        qtbot.waitUntil(lambda: bool(batches), timeout=5000)
    finally:
        scheduler.stop()
        background.wait_for_background()
    assert threads["poll"] != threading.get_ident()
    assert threads["gui"] == threading.get_ident()


def test_a_stopped_scheduler_claims_nothing(
    ctx: ServiceContext, clock: FixedClock, make: MakeScheduler
) -> None:
    task_id = add_call(ctx, add_contact(ctx), clock.now() + timedelta(minutes=5))
    scheduler = make()
    batches = _collect(scheduler)
    scheduler.start()
    scheduler.stop()
    clock.advance(timedelta(minutes=10))
    scheduler.tick()
    scheduler.wake("late")
    assert batches == []
    assert scheduler.scheduled_run_time("tick") is None
    assert get_task(ctx, task_id).state == "open"
    assert ReminderService(ctx).poll().marked_ids == (task_id,)  # still there for the next run


def test_a_claimed_batch_still_shows_when_reading_the_counts_fails(
    ctx: ServiceContext, clock: FixedClock, make: MakeScheduler
) -> None:
    class CountsBreak(ReminderService):
        def counts(self, now: datetime | None = None) -> ReminderCounts:
            raise RuntimeError("disk I/O error")

    add_call(ctx, add_contact(ctx), clock.now() - timedelta(minutes=1), "Claimed")
    scheduler = make(service=CountsBreak(ctx))
    batches = _collect(scheduler)
    scheduler.start()
    assert _titles(batches) == [["Claimed"]]  # marked shown, so it must reach the screen


def test_a_poll_that_fails_claims_nothing_and_the_next_wake_shows_it(
    ctx: ServiceContext, clock: FixedClock, make: MakeScheduler
) -> None:
    class FailsOnce(ReminderService):
        failed = False

        def poll(self, now: datetime | None = None) -> ReminderBatch:
            if not self.failed:
                self.failed = True
                raise RuntimeError("database is locked")
            return super().poll(now)

    add_call(ctx, add_contact(ctx), clock.now() - timedelta(minutes=1), "Try again")
    scheduler = make(service=FailsOnce(ctx))
    batches = _collect(scheduler)
    scheduler.start()
    assert batches == []
    clock.advance(timedelta(minutes=1))
    scheduler.tick()
    assert _titles(batches) == [["Try again"]]
