"""One source of time for the whole app, so tests can fix or move it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Gives the current moment (aware, UTC) and the broker's local zone."""

    @property
    def tz(self) -> tzinfo: ...

    def now(self) -> datetime: ...


def _local_zone() -> tzinfo:
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


@dataclass
class SystemClock:
    """The real wall clock."""

    tz: tzinfo = field(default_factory=_local_zone)

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that only moves when told to (tests, simulations, benchmarks)."""

    current: datetime
    tz: tzinfo = UTC

    def __post_init__(self) -> None:
        if self.current.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")

    def now(self) -> datetime:
        return self.current.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self.current = self.current + delta

    def set(self, moment: datetime) -> None:
        self.current = moment


def today(clock: Clock) -> date:
    """The broker's calendar date now."""
    return clock.now().astimezone(clock.tz).date()


def local_day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """Start and end (exclusive) of a local calendar day, in UTC."""
    start = datetime.combine(day, time(0, 0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=tz).astimezone(UTC)
    return start, end
