"""Calendar buckets (day, week, month) in the broker's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import Literal

from app.errors import InvalidInput
from app.reports.scope import local_midnight_ms

Period = Literal["day", "week", "month"]


def check_period(period: str, allowed: tuple[str, ...]) -> None:
    """InvalidInput unless `period` is one a report offers."""
    if period not in allowed:
        raise InvalidInput(f"period must be one of {', '.join(allowed)}, not '{period}'")


def period_start(day: date, period: Period) -> date:
    """The first day of the period holding `day` (weeks start on Monday)."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def next_start(start: date, period: Period) -> date:
    """The first day of the following period."""
    if period == "week":
        return start + timedelta(days=7)
    if period == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=1)


def period_label(start: date, period: Period) -> str:
    """ "2026-03" for a month, "2026-W10" (ISO week) for a week, "2026-03-02" for a day."""
    if period == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return start.isoformat()


@dataclass(frozen=True)
class Buckets:
    """Consecutive periods from the one holding `first` to the one holding `last`."""

    period: Period
    starts: tuple[date, ...]
    bounds_ms: tuple[int, ...]  # local midnight of each start, plus the end of the last

    def label(self, i: int) -> str:
        """How bucket `i` is named in a table ("2026-03", "2026-W10", "2026-03-02")."""
        return period_label(self.starts[i], self.period)


def make_buckets(first: date, last: date, period: Period, tz: tzinfo) -> Buckets:
    """The periods covering first..last (none when first is after last)."""
    starts: list[date] = []
    if first > last:
        return Buckets(period, (), ())
    current = period_start(first, period)
    while current <= last:
        starts.append(current)
        current = next_start(current, period)
    edges = [*starts, current] if starts else []
    return Buckets(period, tuple(starts), tuple(local_midnight_ms(d, tz) for d in edges))


def add_months(day: date, months: int) -> date:
    """The same day `months` later, kept inside shorter months (31 Aug + 6 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    following = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    last_day = (following - timedelta(days=1)).day
    return date(year, month + 1, min(day.day, last_day))


def months_in_range(first: date, last: date) -> float:
    """How many months a range covers, counting a part month by its share of days
    (1 Jan-31 Mar is 3.0; 1-15 March is 15/31)."""
    total = 0.0
    current = first.replace(day=1)
    while current <= last:
        following = next_start(current, "month")
        days_in_month = (following - current).days
        lo, hi = max(first, current), min(last, following - timedelta(days=1))
        total += ((hi - lo).days + 1) / days_in_month
        current = following
    return total
