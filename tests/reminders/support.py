"""Helpers shared by the reminder tests: the broker's zone and a settings switch."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.services.context import ServiceContext
from app.services.settings import set_setting

TORONTO = ZoneInfo("America/Toronto")  # a zone with daylight saving


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Toronto wall-clock time (aware)."""
    return datetime(year, month, day, hour, minute, tzinfo=TORONTO)


def set_break_through(ctx: ServiceContext, on: bool) -> None:
    """The broker's choice: may a new lead pop up outside working hours?"""
    with ctx.db.session() as session:
        set_setting(session, "reminders_new_lead_breaks_through", on)
