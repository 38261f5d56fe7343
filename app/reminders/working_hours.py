"""The broker's working hours: when reminders may pop up.

The setting `working_hours` is `{"days": [0..6 (Mon=0)], "start": "09:00", "end": "17:30"}`
in the broker's local zone. A working period of a day runs from `start` (included) to `end`
(excluded), both read as local wall-clock times; `end` may be "24:00". A time inside the
hour skipped when clocks go forward counts as that time one hour later (zoneinfo's reading).

A missing or broken setting means "always working": a bad setting must never hide a reminder.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

log = logging.getLogger(__name__)

_DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class WorkingHours:
    """Working days (0 = Monday) and the local start/end, as minutes after midnight."""

    days: frozenset[int]
    start_minute: int
    end_minute: int

    @classmethod
    def always(cls) -> WorkingHours:
        """Every minute of every day."""
        return cls(frozenset(range(7)), 0, _DAY_MINUTES)

    @classmethod
    def parse(cls, value: Mapping[str, object]) -> WorkingHours:
        """Read the settings value; raises ValueError when it does not make sense."""
        raw_days = value.get("days")
        if not isinstance(raw_days, list | tuple) or not raw_days:
            raise ValueError("working hours need at least one day")
        days = frozenset(int(day) for day in raw_days)
        if not days <= set(range(7)):
            raise ValueError("working days are 0 (Monday) to 6 (Sunday)")
        start, end = _minutes(value.get("start")), _minutes(value.get("end"))
        if not 0 <= start < end <= _DAY_MINUTES:
            raise ValueError("working hours must start before they end, within one day")
        return cls(days, start, end)

    @classmethod
    def from_setting(cls, value: object) -> WorkingHours:
        """The stored setting, or `always()` when it is missing or broken (logged)."""
        if value is None:
            return cls.always()
        try:
            if not isinstance(value, Mapping):
                raise ValueError("working hours must be an object")
            return cls.parse(value)
        except (TypeError, ValueError) as error:
            log.warning("ignoring the working_hours setting (%s); reminders are not held", error)
            return cls.always()

    @property
    def is_always(self) -> bool:
        """Every minute is working time: nothing is ever held back."""
        return len(self.days) == 7 and self.start_minute == 0 and self.end_minute == _DAY_MINUTES


HoursLike = WorkingHours | Mapping[str, object] | None


def _minutes(text: object) -> int:
    if not isinstance(text, str):
        raise ValueError("working hours times are 'HH:MM' text")
    hours, sep, minutes = text.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"'{text}' is not a time like 09:00")
    total = int(hours) * 60 + int(minutes)
    if int(minutes) >= 60 or total > _DAY_MINUTES:
        raise ValueError(f"'{text}' is not a time of day")
    return total


def _coerce(hours: HoursLike) -> WorkingHours:
    return hours if isinstance(hours, WorkingHours) else WorkingHours.from_setting(hours)


def _wall(day: date, minute: int, tz: tzinfo) -> datetime:
    """The UTC instant of a local wall time `minute` after midnight of `day`."""
    day = day + timedelta(days=minute // _DAY_MINUTES)
    minute %= _DAY_MINUTES
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz).astimezone(UTC)


def _period(day: date, hours: WorkingHours, tz: tzinfo) -> tuple[datetime, datetime] | None:
    """The working period of a local calendar day in UTC, or None on a day off."""
    if day.weekday() not in hours.days:
        return None
    start, end = _wall(day, hours.start_minute, tz), _wall(day, hours.end_minute, tz)
    return (start, end) if start < end else None


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("working hours need an aware datetime")
    return moment.astimezone(UTC)


def is_working_time(moment: datetime, hours: HoursLike, tz: tzinfo) -> bool:
    """True when `moment` (aware) falls inside a working period in zone `tz`."""
    return next_working_start(moment, hours, tz) == _aware(moment)


def next_working_start(moment: datetime, hours: HoursLike, tz: tzinfo) -> datetime:
    """The earliest instant at or after `moment` that is working time (aware UTC).

    That is `moment` itself inside working hours, else the start of the next working period.
    """
    moment = _aware(moment)
    rules = _coerce(hours)
    if rules.is_always:
        return moment
    local_day = moment.astimezone(tz).date()
    # Yesterday's period can reach into today only with end "24:00" across a DST change;
    # a week and a day ahead always holds the next working day.
    for offset in range(-1, 9):
        period = _period(local_day + timedelta(days=offset), rules, tz)
        if period is not None and moment < period[1]:
            return max(moment, period[0])
    raise AssertionError("a validated WorkingHours has a working day every week")
