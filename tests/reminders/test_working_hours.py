"""Working hours: edge minutes, weekends, daylight-saving days, broken settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.reminders.working_hours import WorkingHours, is_working_time, next_working_start

from .support import TORONTO, local

OFFICE = {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "17:30"}
EVERY_DAY = {"days": [0, 1, 2, 3, 4, 5, 6], "start": "09:00", "end": "17:30"}


@pytest.mark.parametrize(
    ("moment", "working"),
    [
        (local(2026, 3, 2, 8, 59), False),
        (local(2026, 3, 2, 9, 0), True),
        (local(2026, 3, 2, 17, 29), True),
        (local(2026, 3, 2, 17, 30), False),
        (local(2026, 3, 6, 12, 0), True),  # Friday
        (local(2026, 3, 7, 12, 0), False),  # Saturday
        (local(2026, 3, 8, 12, 0), False),  # Sunday
    ],
)
def test_edge_minutes_and_weekends(moment: datetime, working: bool) -> None:
    assert is_working_time(moment, OFFICE, TORONTO) is working


def test_last_second_before_closing_is_still_working() -> None:
    moment = local(2026, 3, 2, 17, 30) - timedelta(seconds=1)
    assert is_working_time(moment, OFFICE, TORONTO)


def test_next_start_inside_hours_is_now() -> None:
    moment = local(2026, 3, 3, 11, 17)
    assert next_working_start(moment, OFFICE, TORONTO) == moment


def test_after_closing_on_friday_the_next_start_is_monday_morning() -> None:
    friday_evening = local(2026, 3, 6, 17, 30)
    assert next_working_start(friday_evening, OFFICE, TORONTO) == local(2026, 3, 9, 9, 0)


def test_before_opening_the_next_start_is_the_same_morning() -> None:
    assert next_working_start(local(2026, 3, 3, 2, 0), OFFICE, TORONTO) == local(2026, 3, 3, 9)


def test_spring_forward_day_starts_at_local_nine_not_utc() -> None:
    # Sunday 8 March 2026: clocks jump 02:00 EST -> 03:00 EDT in Toronto.
    saturday = next_working_start(local(2026, 3, 7, 3, 0), EVERY_DAY, TORONTO)
    sunday = next_working_start(local(2026, 3, 8, 1, 0), EVERY_DAY, TORONTO)
    assert saturday == datetime(2026, 3, 7, 14, 0, tzinfo=UTC)  # 09:00 EST
    assert sunday == datetime(2026, 3, 8, 13, 0, tzinfo=UTC)  # 09:00 EDT
    # Friday evening to Monday across the change: still 09:00 on the wall clock.
    monday = next_working_start(local(2026, 3, 6, 18, 0), OFFICE, TORONTO)
    assert monday == datetime(2026, 3, 9, 13, 0, tzinfo=UTC)


def test_fall_back_day_ends_at_local_closing_time() -> None:
    # Sunday 1 November 2026: 02:00 EDT -> 01:00 EST.
    assert is_working_time(datetime(2026, 11, 1, 22, 29, tzinfo=UTC), EVERY_DAY, TORONTO)
    assert not is_working_time(datetime(2026, 11, 1, 22, 30, tzinfo=UTC), EVERY_DAY, TORONTO)


@pytest.mark.parametrize("day", [8, 9])  # the spring-forward day and the day after
def test_next_start_is_the_first_working_minute_around_a_dst_gap(day: int) -> None:
    # Hours that begin inside the skipped hour: the answer must still be consistent.
    hours = {"days": list(range(7)), "start": "02:30", "end": "03:45"}
    start = local(2026, 3, day - 1, 22, 0).astimezone(UTC)
    minutes = [start + timedelta(minutes=m) for m in range(0, 30 * 60, 5)]
    working = [is_working_time(m, hours, TORONTO) for m in minutes]
    assert any(working)
    for i, moment in enumerate(minutes):
        begins = next_working_start(moment, hours, TORONTO)
        assert begins >= moment
        assert is_working_time(begins, hours, TORONTO)
        # nothing in between was working time
        assert not any(w for m, w in zip(minutes[i:], working[i:], strict=True) if m < begins)


def test_end_of_day_may_be_midnight() -> None:
    hours = WorkingHours.parse({"days": [0], "start": "20:00", "end": "24:00"})
    assert is_working_time(local(2026, 3, 2, 23, 59), hours, TORONTO)
    assert not is_working_time(local(2026, 3, 3, 0, 0), hours, TORONTO)


@pytest.mark.parametrize(
    "value",
    [
        None,
        {},
        {"days": [], "start": "09:00", "end": "17:30"},
        {"days": [0, 1], "start": "17:30", "end": "09:00"},
        {"days": [0, 9], "start": "09:00", "end": "17:30"},
        {"days": [0], "start": "9am", "end": "17:30"},
        "09:00-17:30",
    ],
)
def test_a_missing_or_broken_setting_never_holds_reminders(value: object) -> None:
    hours = WorkingHours.from_setting(value)
    assert hours.is_always
    sunday_night = local(2026, 3, 8, 3, 0)
    assert next_working_start(sunday_night, hours, TORONTO) == sunday_night


def test_parse_rejects_nonsense_with_a_reason() -> None:
    with pytest.raises(ValueError, match="start before they end"):
        WorkingHours.parse({"days": [0], "start": "18:00", "end": "09:00"})


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        is_working_time(datetime(2026, 3, 2, 10, 0), OFFICE, TORONTO)
