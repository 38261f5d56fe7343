"""The reminder service: shown once, held outside working hours, paused, raced, counted."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.errors import InvalidInput
from app.reminders.batch import DETAIL_LIMIT
from app.reminders.derive import due_reminders
from app.reminders.mark import mark_notified
from app.reminders.options import load_options
from app.reminders.service import ReminderService, detect_resume
from app.services.context import ServiceContext, open_context
from app.services.dto import ContactInput, InquiryInput
from app.services.due import due_list
from app.services.leads import add_lead
from app.services.tasks import add_task, complete_task, snooze_task

from .support import TORONTO, local, set_break_through


def _task(ctx: ServiceContext, contact_id: int, due_at: datetime, title: str = "Call") -> int:
    return add_task(ctx, contact_id=contact_id, kind="call", title=title, due_at=due_at).id


def _derive(ctx: ServiceContext, now: datetime) -> list[int]:
    with ctx.db.session() as session:
        options = load_options(session)
        batch = due_reminders(
            session,
            now,
            tz=TORONTO,
            working_hours=options.working_hours,
            new_lead_breaks_through=options.new_lead_breaks_through,
        )
    return [item.task_id for item in batch.items]


def test_a_due_task_is_shown_once_and_never_again(
    rctx: ServiceContext, contact_id: int, toronto_clock: FixedClock
) -> None:
    task_id = _task(rctx, contact_id, local(2026, 3, 2, 10, 0))
    service = ReminderService(rctx)
    toronto_clock.set(local(2026, 3, 2, 9, 59))
    assert not service.poll()  # not early
    toronto_clock.set(local(2026, 3, 2, 10, 0))
    batch = service.poll()
    assert batch.marked_ids == (task_id,)
    assert batch.items[0].title == "Call" and batch.items[0].contact_name == "Maria Gonzalez"
    assert not service.poll()
    assert not ReminderService(rctx).poll()  # nor after a restart of the service


def test_deriving_marks_nothing(rctx: ServiceContext, contact_id: int) -> None:
    task_id = _task(rctx, contact_id, local(2026, 3, 2, 9, 0))
    assert _derive(rctx, local(2026, 3, 2, 9, 5)) == [task_id]
    assert _derive(rctx, local(2026, 3, 2, 9, 5)) == [task_id]
    assert ReminderService(rctx).poll(local(2026, 3, 2, 9, 5)).marked_ids == (task_id,)


def test_mark_notified_marks_only_what_is_still_unmarked(
    rctx: ServiceContext, contact_id: int
) -> None:
    first = _task(rctx, contact_id, local(2026, 3, 2, 9, 0))
    second = _task(rctx, contact_id, local(2026, 3, 2, 9, 0))
    at = local(2026, 3, 2, 9, 1)
    assert mark_notified(rctx, [first], at) == [first]
    assert mark_notified(rctx, [first, second], at) == [second]
    assert mark_notified(rctx, [first, second], at) == []
    assert not ReminderService(rctx).poll(at)


def test_a_derived_batch_that_lost_a_race_marks_nothing(
    rctx: ServiceContext, contact_id: int
) -> None:
    task_id = _task(rctx, contact_id, local(2026, 3, 2, 9, 0))
    now = local(2026, 3, 2, 9, 30)
    seen_by_slow_reader = _derive(rctx, now)
    assert ReminderService(rctx).poll(now).marked_ids == (task_id,)  # the other poll won
    assert mark_notified(rctx, seen_by_slow_reader, now) == []


def test_concurrent_polls_from_separate_connections_show_each_task_once(
    rctx: ServiceContext, contact_id: int, db_path: Path, toronto_clock: FixedClock
) -> None:
    ids = {_task(rctx, contact_id, local(2026, 3, 2, 9, 0), f"Call {n}") for n in range(40)}
    contexts = [open_context(db_path, toronto_clock) for _ in range(4)]
    barrier = threading.Barrier(len(contexts))
    shown: list[tuple[int, ...]] = []

    def run(ctx: ServiceContext) -> None:
        service = ReminderService(ctx)
        barrier.wait()
        for _ in range(3):
            shown.append(service.poll(local(2026, 3, 2, 9, 30)).marked_ids)

    threads = [threading.Thread(target=run, args=(ctx,)) for ctx in contexts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for ctx in contexts:
        ctx.db.close()
    flat = [task_id for batch in shown for task_id in batch]
    assert sorted(flat) == sorted(ids)  # every one shown, none twice


def test_outside_working_hours_reminders_wait_for_the_morning(
    rctx: ServiceContext, contact_id: int
) -> None:
    evening = _task(rctx, contact_id, local(2026, 3, 2, 19, 0))
    night = _task(rctx, contact_id, local(2026, 3, 3, 2, 0))
    service = ReminderService(rctx)
    assert not service.poll(local(2026, 3, 2, 19, 0))
    assert not service.poll(local(2026, 3, 3, 8, 59))
    assert service.next_wake_time(local(2026, 3, 3, 3, 0)) == local(2026, 3, 3, 9, 0)
    batch = service.poll(local(2026, 3, 3, 9, 0))
    assert batch.marked_ids == (evening, night)  # together, at the start of the day


def test_a_new_lead_breaks_through_only_when_enabled(rctx: ServiceContext) -> None:
    toronto_clock = rctx.clock
    assert isinstance(toronto_clock, FixedClock)
    toronto_clock.set(local(2026, 3, 2, 22, 15))
    lead = add_lead(
        rctx,
        ContactInput(first_name="Wei", last_name="Chen", emails=("wei@example.com",)),
        InquiryInput(contact_id=0, type_key="purchase", source_key="website_form"),
    )
    service = ReminderService(rctx)
    assert not service.poll()
    assert service.next_wake_time() == local(2026, 3, 3, 9, 0)
    set_break_through(rctx, True)
    assert service.next_wake_time() == toronto_clock.now()
    batch = service.poll()
    assert batch.items[0].category == "new_lead"
    assert batch.items[0].inquiry_id == lead.inquiry.id
    assert batch.headline == "New lead: Wei Chen — Call new lead now"


def test_new_leads_come_first_in_a_batch(rctx: ServiceContext, contact_id: int) -> None:
    _task(rctx, contact_id, local(2026, 3, 2, 8, 0), "Old follow-up")
    add_lead(
        rctx,
        ContactInput(first_name="Wei", last_name="Chen"),
        InquiryInput(contact_id=0, type_key="refinance"),
    )
    batch = ReminderService(rctx).poll(local(2026, 3, 2, 9, 1))
    assert [item.category for item in batch.items] == ["new_lead", "follow_up"]


def test_pause_holds_everything_until_it_ends(rctx: ServiceContext, contact_id: int) -> None:
    set_break_through(rctx, True)
    service = ReminderService(rctx)
    now = local(2026, 3, 2, 10, 0)
    until = service.pause(60, now)
    assert service.paused_until(now) == until == local(2026, 3, 2, 11, 0)
    task_id = _task(rctx, contact_id, local(2026, 3, 2, 10, 10))
    assert not service.poll(local(2026, 3, 2, 10, 30))
    assert service.next_wake_time(local(2026, 3, 2, 10, 30)) == until
    assert service.poll(until).marked_ids == (task_id,)
    assert service.paused_until(until) is None


def test_resume_ends_a_pause_early(rctx: ServiceContext, contact_id: int) -> None:
    service = ReminderService(rctx)
    service.pause(60, local(2026, 3, 2, 10, 0))
    task_id = _task(rctx, contact_id, local(2026, 3, 2, 10, 5))
    service.resume()
    assert service.paused_until(local(2026, 3, 2, 10, 6)) is None
    assert service.poll(local(2026, 3, 2, 10, 6)).marked_ids == (task_id,)


def test_pause_needs_a_positive_duration(rctx: ServiceContext) -> None:
    with pytest.raises(InvalidInput):
        ReminderService(rctx).pause(0)


def test_a_snoozed_reminder_comes_back_at_its_new_time(
    rctx: ServiceContext, contact_id: int, toronto_clock: FixedClock
) -> None:
    task_id = _task(rctx, contact_id, local(2026, 3, 2, 9, 30))
    service = ReminderService(rctx)
    toronto_clock.set(local(2026, 3, 2, 9, 30))
    assert service.poll().marked_ids == (task_id,)
    snooze_task(rctx, task_id, local(2026, 3, 2, 10, 30))
    assert service.next_wake_time() == local(2026, 3, 2, 10, 30)
    toronto_clock.set(local(2026, 3, 2, 10, 29))
    assert not service.poll()
    toronto_clock.set(local(2026, 3, 2, 10, 30))
    assert service.poll().marked_ids == (task_id,)


def test_a_completed_task_never_pops_up(
    rctx: ServiceContext, contact_id: int, toronto_clock: FixedClock
) -> None:
    task_id = _task(rctx, contact_id, local(2026, 3, 2, 11, 0))
    complete_task(rctx, task_id)
    assert not ReminderService(rctx).poll(local(2026, 3, 2, 11, 0))
    assert ReminderService(rctx).next_wake_time(local(2026, 3, 2, 11, 0)) is None


def test_many_due_at_once_are_one_grouped_popup_with_every_task_marked(
    rctx: ServiceContext, contact_id: int
) -> None:
    ids = [_task(rctx, contact_id, local(2026, 3, 2, 9, 0), f"Call {n}") for n in range(60)]
    now = local(2026, 3, 2, 9, 0)
    assert len(_derive(rctx, now)) == DETAIL_LIMIT  # details only for what can be shown
    batch = ReminderService(rctx).poll(now)
    assert batch.grouped and batch.headline == "60 follow-ups due"
    assert sorted(batch.marked_ids) == ids and batch.total == 60
    assert len(batch.items) == DETAIL_LIMIT


def test_counts_agree_with_the_due_list(
    rctx: ServiceContext, contact_id: int, toronto_clock: FixedClock
) -> None:
    _task(rctx, contact_id, local(2026, 2, 27, 10, 0))  # last Friday: overdue
    _task(rctx, contact_id, local(2026, 3, 1, 23, 59))  # last night: overdue
    _task(rctx, contact_id, local(2026, 3, 2, 16, 0))  # today
    _task(rctx, contact_id, local(2026, 3, 2, 23, 30))  # tonight (after 00:00 UTC): today
    _task(rctx, contact_id, local(2026, 3, 3, 0, 0))  # tomorrow
    counts = ReminderService(rctx).counts()
    due = due_list(rctx)
    assert counts == (2, 2)
    assert (counts.overdue, counts.due_today) == (due.overdue.count, due.due_today.count)


@pytest.mark.parametrize(
    ("gap", "resumed"),
    [
        (timedelta(seconds=30), False),
        (timedelta(seconds=89), False),
        (timedelta(minutes=2), True),
        (timedelta(hours=9), True),
        (timedelta(minutes=-5), True),  # the clock was set back
    ],
)
def test_detect_resume_from_a_wall_clock_gap(gap: timedelta, resumed: bool) -> None:
    last = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    assert detect_resume(last, last + gap, timedelta(seconds=30)) is resumed
