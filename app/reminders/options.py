"""The broker's reminder settings, read from the settings table in one query."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Setting
from app.reminders.mark import PAUSE_SETTING, parse_pause
from app.reminders.working_hours import WorkingHours

WORKING_HOURS_SETTING = "working_hours"
BREAK_THROUGH_SETTING = "reminders_new_lead_breaks_through"


@dataclass(frozen=True)
class ReminderOptions:
    """The settings a poll needs."""

    working_hours: WorkingHours
    new_lead_breaks_through: bool
    paused_until: datetime | None  # may lie in the past: then reminders are not paused


def load_options(session: Session) -> ReminderOptions:
    """Working hours (always, when unset or broken), whether new leads break through them
    (off unless the broker turned it on), and the end of a pause. Polls run this on
    every wake, so it is one query."""
    keys = (WORKING_HOURS_SETTING, BREAK_THROUGH_SETTING, PAUSE_SETTING)
    values: dict[str, object] = {}
    for key, text in session.execute(
        select(Setting.key, Setting.value).where(Setting.key.in_(keys))
    ):
        try:
            values[key] = json.loads(text)
        except ValueError:
            continue  # unreadable: treated as unset
    return ReminderOptions(
        working_hours=WorkingHours.from_setting(values.get(WORKING_HOURS_SETTING)),
        new_lead_breaks_through=values.get(BREAK_THROUGH_SETTING) is True,
        paused_until=parse_pause(values.get(PAUSE_SETTING)),
    )
