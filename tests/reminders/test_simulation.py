"""Thirty days of reminders on a fake clock in Toronto: restarts, a 9-hour sleep, closed
weekends, a pause, a daylight-saving change. Every due reminder is shown exactly once, at
the first moment it may be, never early, only in working hours (unless a new lead breaks
through), and by the end of every working day everything `leadkeeper due` lists as due
has been shown."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.clock import FixedClock
from app.db.models import Task
from app.reminders.working_hours import WorkingHours, is_working_time, next_working_start
from app.services.due import due_list

from .simulation import Shown, Simulation
from .support import TORONTO, local, set_break_through

HOURS = WorkingHours.parse({"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "17:30"})
START = local(2026, 3, 2, 8, 0)  # Monday; clocks go forward on Sunday 8 March
END = local(2026, 4, 1, 12, 0)  # Wednesday, mid-morning


def _expected_show_time(item: Shown, sim: Simulation, breaks_through: bool) -> datetime:
    """The first moment the reminder may show: the app open and awake, no pause, and
    working hours (unless it is a new lead that breaks through)."""
    moment = item.became_due
    while True:
        before = moment
        for start, end in sim.down + sim.paused:
            if start <= moment < end:
                moment = end
        if not (breaks_through and item.category == "new_lead"):
            moment = next_working_start(moment, HOURS, TORONTO)
        if moment == before:
            return moment


def _check_against_due_list(sim: Simulation) -> None:
    """End of a working day: what `leadkeeper due` lists as due has all been shown, and
    every shown task still open is on that list."""
    now = sim.now
    due = due_list(sim.up, now.astimezone(TORONTO).date(), limit=100_000)
    listed = due.overdue.items + due.due_today.items
    assert len(listed) == due.overdue.count + due.due_today.count
    listed_keys = {(task.task_id, task.due_at) for task in listed}
    came_due = {(task.task_id, task.due_at) for task in listed if task.due_at < now}
    missing = came_due - sim.shown.keys()
    assert not missing, f"due by {now} but never shown: {sorted(missing)}"
    with sim.up.db.session() as session:
        rows = session.execute(select(Task.id, Task.due_at).where(Task.state == "open"))
        open_keys = {(task_id, due_at) for task_id, due_at in rows}
    shown_open = {key for key in sim.shown if key in open_keys}
    assert shown_open <= listed_keys
    sim.daily_checks += 1
    sim.shown_still_open = max(sim.shown_still_open, len(shown_open))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return local(day.year, day.month, day.day, hour, minute)


def _schedule(sim: Simulation) -> None:
    rng = sim.rng
    for n, maturity_days in enumerate((65, 100, 130)):  # renewal checks fall in the month
        sim.at(
            START + timedelta(minutes=90 + n),
            lambda m=maturity_days: sim.new_lead("renewal", maturity_days=m),
        )
    for n in range(31):
        day = START.date() + timedelta(days=n)
        sim.at(_at(day, 8), sim.when_up(sim.replan))  # the daily re-plan of time-based rules
        if day.weekday() < 5:
            for _ in range(2):
                arrives = _at(day, 9) + timedelta(minutes=rng.randint(0, 480))
                sim.at(arrives, sim.when_up(sim.new_lead))
            sim.at(_at(day, 10, 30), sim.when_up(sim.manual_task))
            sim.at(_at(day, 17, 30), sim.when_up(lambda: _check_against_due_list(sim)))
        if day.weekday() in (0, 2):  # a lead writes in late in the evening
            arrives = _at(day, 21) + timedelta(minutes=rng.randint(0, 90))
            sim.at(arrives, sim.when_up(sim.new_lead))
        if day.weekday() == 5:
            arrives = _at(day, 11) + timedelta(minutes=rng.randint(0, 60))
            sim.at(arrives, sim.when_up(sim.new_lead))
        if day.weekday() in (1, 3):  # closed for the night
            morning = _at(day + timedelta(days=1), 8, 40)
            sim.at(_at(day, 18, 30), lambda m=morning: sim.close_app(reopen_at=m))
    # Closed over the weekend the clocks change; a 9-hour sleep; pauses; a quick restart.
    sim.at(local(2026, 3, 6, 19), lambda: sim.close_app(reopen_at=local(2026, 3, 9, 9, 20)))
    sim.at(local(2026, 3, 13, 13), lambda: sim.pause(60))
    sim.at(local(2026, 3, 16, 12), lambda: sim.close_app(reopen_at=local(2026, 3, 16, 12, 5)))
    sim.at(local(2026, 3, 20, 17), lambda: sim.close_app(reopen_at=local(2026, 3, 21, 10)))
    sim.at(local(2026, 3, 23, 7, 30), lambda: sim.sleep(wake_at=local(2026, 3, 23, 16, 30)))
    sim.at(local(2026, 3, 24, 16, 45), lambda: sim.pause(60))  # ends after closing time


@pytest.mark.parametrize("breaks_through", [True, False], ids=["new-leads-break-through", "held"])
def test_thirty_days_every_reminder_once_on_time_in_working_hours(
    db_path: Path, breaks_through: bool
) -> None:
    clock = FixedClock(current=START, tz=TORONTO)
    sim = Simulation(db_path, clock)
    try:
        set_break_through(sim.up, breaks_through)
        _schedule(sim)
        sim.run_until(END.astimezone(UTC))

        assert not sim.duplicates, "a reminder was shown twice"
        late, outside = [], []
        for (task_id, due_at), item in sim.shown.items():
            assert item.at >= due_at, f"task {task_id} shown before it was due"
            if item.at != _expected_show_time(item, sim, breaks_through):
                late.append((task_id, due_at, item.at))
            if not is_working_time(item.at, HOURS, TORONTO):
                outside.append(item)
        assert not late, f"shown later than the first moment allowed: {late[:5]}"
        assert all(item.category == "new_lead" for item in outside)
        assert bool(outside) is breaks_through  # speed to lead at night, or held till 09:00

        # Nothing is lost: at the end (a working morning) nothing due is left unshown.
        with sim.up.db.session() as session:
            unshown = session.scalar(
                select(func.count())
                .select_from(Task)
                .where(Task.state == "open", Task.notified_at.is_(None), Task.due_at <= sim.now)
            )
        assert unshown == 0

        # The month really exercised what it claims to.
        categories = {item.category for item in sim.shown.values()}
        assert categories == {"new_lead", "follow_up", "document", "renewal"}
        assert len(sim.shown) > 150
        # Every working day was checked against the due list, but Friday 20 March: the
        # laptop was shut at 17:00.
        assert sim.daily_checks == 21
        assert sim.restarts >= 12 and sim.resumes_detected == 1
        assert sim.shown_on_wake > 0  # what came due while asleep showed on waking, once
        assert sim.snoozed > 20
        assert sim.shown_still_open > 5  # the due-list cross-check had open items to compare
        distinct_tasks = {task_id for task_id, _ in sim.shown}
        assert len(distinct_tasks) < len(sim.shown)  # snoozed tasks came back at their times
    finally:
        sim.close()
