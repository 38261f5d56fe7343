"""Small statistics over fetched numbers (SQLite has no median)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def median(values: Sequence[float], *, presorted: bool = False) -> float | None:
    """The middle value (mean of the two middle ones for an even count); None if empty."""
    if not values:
        return None
    ordered = values if presorted else sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


def percentile(values: Sequence[float], q: float, *, presorted: bool = False) -> float | None:
    """Nearest-rank percentile: the smallest value with at least q % of values at or
    below it (the 90th of 1..10 is 9). None if empty."""
    if not values:
        return None
    ordered = values if presorted else sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return float(ordered[rank - 1])


def share(part: int, whole: int) -> float | None:
    """part / whole as a fraction rounded to 6 places; None when whole is 0."""
    if whole == 0:
        return None
    return round(part / whole, 6)


def seconds(ms: float | None) -> float | None:
    """Milliseconds to seconds (durations are reported in seconds)."""
    return None if ms is None else round(ms / 1000, 3)


def money(value: Decimal | float | int) -> Decimal:
    """Rounded to the cent, half up, as an accountant would."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def exact_money(amount: object) -> Decimal:
    """A stored amount read raw from the driver (float, int, text or None) as exact
    money; None counts as 0."""
    return Decimal(0) if amount is None else money(Decimal(str(amount)))


def money_ratio(cost: Decimal, count: int) -> Decimal | None:
    """cost / count in money; 0 for a free source, None when something cost money and
    there is nothing to divide it by."""
    if cost == 0:
        return money(0)
    if count == 0:
        return None
    return money(cost / count)
