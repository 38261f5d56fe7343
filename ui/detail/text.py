"""How the detail screen writes times, money and statuses, and the colours it uses."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QLocale, QTime
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

STATUS_NAMES = {
    "active": "Active",
    "won": "Won",
    "lost": "Lost",
    "on_hold": "On hold",
    "nurture": "Nurture",
}
DOC_STATUS_NAMES = {
    "missing": "Missing",
    "requested": "Requested",
    "received": "Received",
    "verified": "Verified",
    "waived": "Waived",
}
KIND_NAMES = {
    "call": "Call",
    "email": "Email",
    "text": "Text",
    "meeting": "Meeting",
    "note": "Note",
    "system": "System",
    "document_request": "Document request",
    "review": "Review",
    "renewal_check": "Renewal check",
    "follow_up": "Follow-up",
}

MONEY_MAX = Decimal("1e11")  # what the inquiry service accepts

# (dark theme, light theme): readable on either background.
TONES = {
    "bad": ("#ff7b72", "#b3261e"),
    "warn": ("#e3b341", "#8a5a00"),
    "good": ("#56d364", "#1a7f37"),
    "muted": ("#8b949e", "#6e7781"),
    "info": ("#79c0ff", "#0a58ca"),
}
DOC_TONES = {
    "missing": "bad",
    "requested": "warn",
    "received": "good",
    "verified": "good",
    "waived": "muted",
}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def tone(name: str, palette: QPalette | None = None) -> QColor:
    """The named colour for the current palette (light or dark)."""
    pair = TONES.get(name, TONES["muted"])
    return QColor(pair[0] if is_dark(palette) else pair[1])


def short_time(moment: datetime) -> str:
    return QLocale().toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)


def when(moment: datetime | None, tz: tzinfo, today: date | None = None) -> str:
    """ "Mon 2 Mar 14:05" in local time (with the year when it is not this year)."""
    if moment is None:
        return "—"
    local = moment.astimezone(tz)
    year = "" if today is None or local.year == today.year else f" {local.year}"
    return f"{local:%a} {local.day} {local:%b}{year} {short_time(local)}"


def day_text(value: date | None, today: date | None = None) -> str:
    if value is None:
        return "—"
    year = "" if today is not None and value.year == today.year else f" {value.year}"
    return f"{value:%a} {value.day} {value:%b}{year}"


def money(value: Decimal | None) -> str:
    """$650,000 (cents only when there are some)."""
    if value is None:
        return ""
    text = f"{value:,.2f}"
    return "$" + (text[:-3] if text.endswith(".00") else text)


def money_field(value: Decimal | None) -> str:
    """A money value as typed into a field: 650,000."""
    return money(value)[1:] if value is not None else ""


def parse_money(text: str, label: str) -> Decimal | None:
    """None for an empty field; ValueError with a readable message for anything else."""
    cleaned = text.strip().replace(",", "").replace("$", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{label} must be a number, like 650,000") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"{label} must be zero or more")
    if value > MONEY_MAX:
        raise ValueError(f"{label} is too large")
    return value


def local_moment(day: date, at: time, tz: tzinfo) -> datetime:
    """A local wall-clock time on `day`, as an aware datetime."""
    return datetime.combine(day, at, tzinfo=tz)


def tomorrow_morning(now: datetime, tz: tzinfo, hour: int = 9) -> datetime:
    """9:00 local time on the day after `now`'s local date."""
    local_day = now.astimezone(tz).date()
    return local_moment(local_day + timedelta(days=1), time(hour, 0), tz)
