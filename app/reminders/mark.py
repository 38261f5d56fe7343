"""Recording that a reminder was shown, and pausing reminders for a while.

`notified_at` on a task says a reminder for its current due time was shown; snoozing or
rescheduling clears it. Marking is idempotent: only rows still NULL are set, and the ids
actually set are returned, so the same reminder is never shown twice, even when two polls
race (the second one's UPDATE finds nothing left to mark).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.db.models import Task
from app.services.context import ServiceContext
from app.services.settings import get_setting, set_setting

PAUSE_SETTING = "reminders_paused_until"
# Stay well under SQLite's bound-parameter limit on old builds (999).
_CHUNK = 900


def mark_notified_in(session: Session, task_ids: Iterable[int], at: datetime) -> list[int]:
    """Set `notified_at = at` where it is still NULL; the ids actually marked, sorted."""
    ids = sorted(set(task_ids))
    marked: list[int] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        result = session.execute(
            update(Task)
            .where(Task.id.in_(chunk), Task.notified_at.is_(None))
            .values(notified_at=at)
            .returning(Task.id)
            .execution_options(synchronize_session=False)
        )
        marked.extend(result.scalars())
    return sorted(marked)


def mark_notified(ctx: ServiceContext, task_ids: Iterable[int], at: datetime) -> list[int]:
    """`mark_notified_in` in its own transaction."""
    with ctx.db.session() as session:
        return mark_notified_in(session, task_ids, at)


def read_paused_until(session: Session) -> datetime | None:
    """When a pause of reminders ends (aware UTC), or None; a broken value means no pause."""
    return parse_pause(get_setting(session, PAUSE_SETTING))


def parse_pause(value: object) -> datetime | None:
    """The stored pause end (ISO text) as aware UTC; None when unset or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)


def write_paused_until(session: Session, until: datetime | None) -> None:
    """Pause reminders until `until` (aware), or end a pause with None."""
    if until is not None and until.tzinfo is None:
        raise ValueError("pause needs an aware datetime")
    value = None if until is None else until.astimezone(UTC).isoformat()
    set_setting(session, PAUSE_SETTING, value)
