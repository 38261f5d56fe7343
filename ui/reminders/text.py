"""The words of the tray: tooltip, popup title and body, one line per reminder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from app.paths import APP_NAME
from app.reminders.batch import Reminder, ReminderBatch
from app.reminders.service import ReminderCounts

POPUP_LINES = 3  # a grouped popup names this many, then "and N more"


@dataclass(frozen=True)
class Popup:
    """One tray balloon and what clicking it opens (an inquiry id, or None for Today)."""

    title: str
    body: str
    inquiry_id: int | None
    grouped: bool


def when_due(due_at: datetime, now: datetime, tz: tzinfo) -> str:
    """ "due 10:00" today, "due yesterday 16:30", "due Fri 27 Feb" before that."""
    due, today = due_at.astimezone(tz), now.astimezone(tz).date()
    if due.date() == today:
        return f"due {due:%H:%M}"
    if due.date() == today - timedelta(days=1):
        return f"due yesterday {due:%H:%M}"
    if due.date() > today:
        return f"due {due:%a %d %b %H:%M}"
    return f"due {due:%a} {due.day} {due:%b}"


def reminder_line(item: Reminder) -> str:
    """Who and what: "Maria Gonzalez — Call new lead now"."""
    return f"{item.contact_name} — {item.title}" if item.contact_name else item.title


def popup_for(batch: ReminderBatch, now: datetime, tz: tzinfo) -> Popup:
    """One item: its headline (kind, who, what) and when it was due; clicking opens its
    inquiry. Several: one grouped popup ("7 follow-ups due") naming the first few;
    clicking opens Today."""
    if batch.total == 1 and batch.items:
        item = batch.items[0]
        body = f"{when_due(item.due_at, now, tz).capitalize()} · click to open"
        return Popup(batch.headline, body, item.inquiry_id, grouped=False)
    lines = [reminder_line(item) for item in batch.items[:POPUP_LINES]]
    more = batch.total - len(lines)
    if more > 0:
        lines.append(f"and {more} more · click to see them")
    return Popup(batch.headline, "\n".join(lines), None, grouped=True)


def counts_text(counts: ReminderCounts) -> str:
    """The counts: "2 overdue · 3 due today", or "Nothing due today"."""
    if not counts.overdue and not counts.due_today:
        return "Nothing due today"
    return f"{counts.overdue} overdue · {counts.due_today} due today"


def tooltip_text(counts: ReminderCounts, paused_until: datetime | None, tz: tzinfo) -> str:
    lines = [APP_NAME, counts_text(counts)]
    if paused_until is not None:
        lines.append(f"Reminders paused until {paused_until.astimezone(tz):%H:%M}")
    return "\n".join(lines)
