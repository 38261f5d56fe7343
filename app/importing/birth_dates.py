"""Birth dates as address books write them, including birthdays with no year.

Handled: ISO (1985-04-12, 19850412, with a time), vCard's no-year forms (--0412,
--04-12), Apple's placeholder year 1604, Outlook's empty "0/0/00", numeric dates whose
day/month order follows the region (CA/US: month first unless the first number is over
12; elsewhere day first; dots always day first), month names in English and French
("12 avril 1985", "April 12", "1er avril"), then python-dateutil for the rest.
Two-digit years: 00-10 are read as 2000-2010, the rest as 19xx (clients are adults).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from dateutil import parser as date_parser  # type: ignore[import-untyped, unused-ignore]

MONTH_FIRST_REGIONS = frozenset({"CA", "US"})
# fmt: off
_MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "fevrier": 2, "fevr": 2, "fev": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "decembre": 12,
}
# fmt: on
_FILLER = frozenset(["le", "the", "of", "de", "on", "th", "st", "nd", "rd", "er"])
_EMPTY = re.compile(r"^[0/.\- ]*$")  # Outlook's "0/0/00", "0000-00-00"
_TIME = re.compile(
    r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AP]M|Z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE
)
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_ISO = re.compile(r"^(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})$|^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})(?:\2(\d{2}|\d{4}))?$")
_FIRST_REAL_YEAR = 1800  # earlier years are placeholders (Apple writes 1604)


@dataclass(frozen=True)
class BirthDate:
    """A full date, or only a month and day when the year is unknown."""

    full: date | None = None
    month: int | None = None
    day: int | None = None


@lru_cache(maxsize=65536)  # the same dates recur across a contact list
def parse_birth_date(text: str, region: str = "CA") -> BirthDate | None:
    """The date in `text`; an empty BirthDate for blank/placeholder values; None if unreadable."""
    value = " ".join(text.split())
    if _EMPTY.match(value):
        return BirthDate()
    value = _TIME.sub("", value).strip()
    month_first = region.upper() in MONTH_FIRST_REGIONS
    if match := _NO_YEAR.match(value):
        return _build(None, int(match.group(1)), int(match.group(2)))
    if match := _ISO.match(value):
        y, m, d = (int(g) for g in match.groups() if g is not None)
        return _build(y, m, d)
    if match := _NUMERIC.match(value):
        a, separator, b, year = match.groups()
        first, second = int(a), int(b)
        day_first = separator == "." or not month_first
        if day_first and second > 12 >= first:
            day_first = False
        elif not day_first and first > 12 >= second:
            day_first = True
        month, day = (second, first) if day_first else (first, second)
        return _build(_full_year(year) if year else None, month, day)
    return _with_month_name(value) or _with_dateutil(value, month_first)


def _build(year: int | None, month: int, day: int) -> BirthDate | None:
    if year is not None and year < _FIRST_REAL_YEAR:
        year = None
    try:
        if year is None:
            date(2000, month, day)  # a leap year, so 29 February is a valid birthday
            return BirthDate(month=month, day=day)
        return BirthDate(full=date(year, month, day))
    except ValueError:
        return None


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return 2000 + year if year <= 10 else 1900 + year
    return year


def _with_month_name(value: str) -> BirthDate | None:
    folded = unicodedata.normalize("NFKD", value.casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    tokens = re.findall(r"[a-z]+|\d+", folded)
    month = None
    numbers: list[str] = []
    for token in tokens:
        if token.isdigit():
            numbers.append(token)
        elif token in _MONTHS and month is None:
            month = _MONTHS[token]
        elif token not in _FILLER and not _is_weekday(token):
            return None
    if month is None or not 1 <= len(numbers) <= 2:
        return None
    days = [n for n in numbers if len(n) <= 2]
    years = [n for n in numbers if len(n) == 4]
    if not days:
        return None
    year = years[0] if years else (days[1] if len(days) == 2 else None)
    return _build(_full_year(year) if year else None, month, int(days[0]))


def _is_weekday(token: str) -> bool:
    names = "monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi "
    names += "jeudi vendredi samedi dimanche mon tue wed thu fri sat sun"
    return token in names.split()


def _with_dateutil(value: str, month_first: bool) -> BirthDate | None:
    """dateutil with two different defaults: a field that changes was not in the text."""
    try:
        one = date_parser.parse(value, default=datetime(2000, 1, 1), dayfirst=not month_first)
        two = date_parser.parse(value, default=datetime(2004, 2, 2), dayfirst=not month_first)
    except (ValueError, OverflowError, TypeError):
        return None
    if one.month != two.month or one.day != two.day:
        return None
    year = one.year if one.year == two.year else None
    return _build(year, one.month, one.day)
