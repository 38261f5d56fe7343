"""What should pop up now, derived from the database alone (never from scheduler state).

A reminder is an open task whose due time has come and for which nothing was shown yet
(`notified_at IS NULL`). Outside working hours reminders are held back (they stay due and
un-notified, so the first poll of the next working period returns them); a new lead may
break through. While reminders are paused nothing is returned.

Speed: what is due is counted per category in SQL (an index on
(state, notified_at, due_at, id, kind, rule_key) answers it without touching the table), and
details (title, contact name) are loaded only for the few items a popup can show, so a pass
costs about the same for 5 or 20,000 due tasks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import Literal, cast

from sqlalchemy import case, func, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.db.models import Contact, Task
from app.domain.enums import TaskKind, TaskState
from app.reminders.batch import (
    DETAIL_LIMIT,
    EMPTY_BATCH,
    GROUP_OVER,
    NEW_LEAD_RULE_KEY,
    Category,
    Reminder,
    ReminderBatch,
    make_batch,
)
from app.reminders.mark import read_paused_until
from app.reminders.working_hours import HoursLike, next_working_start

# The end of a pause, None for none, or "setting": read reminders_paused_until.
PauseArg = datetime | None | Literal["setting"]


def category_column() -> ColumnElement[str]:
    """`batch.category_of` as SQL, so the category comes from the index scan."""
    return case(
        (Task.rule_key == NEW_LEAD_RULE_KEY, "new_lead"),
        (Task.kind == TaskKind.DOCUMENT_REQUEST, "document"),
        (Task.kind == TaskKind.RENEWAL_CHECK, "renewal"),
        else_="follow_up",
    )


def _pending() -> ColumnElement[bool]:
    """Open and not yet shown: the shape the reminder index is built for."""
    return (Task.state == TaskState.OPEN) & Task.notified_at.is_(None)


def _scope(
    now: datetime, tz: tzinfo, working_hours: HoursLike, breaks_through: bool
) -> ColumnElement[bool] | None:
    """What may show at `now` besides being due; None when nothing may."""
    if next_working_start(now, working_hours, tz) == now:
        return true()
    if breaks_through:
        return Task.rule_key == NEW_LEAD_RULE_KEY
    return None


def showable(
    now: datetime,
    *,
    tz: tzinfo,
    working_hours: HoursLike,
    new_lead_breaks_through: bool,
    paused_until: datetime | None,
) -> ColumnElement[bool] | None:
    """The condition for tasks that should show at `now` (aware UTC), or None when
    nothing may (paused, or outside working hours with no break-through)."""
    if paused_until is not None and paused_until > now:
        return None
    scope = _scope(now, tz, working_hours, new_lead_breaks_through)
    if scope is None:
        return None
    return _pending() & (Task.due_at <= now) & scope


def _pause(session: Session, paused_until: PauseArg) -> datetime | None:
    return read_paused_until(session) if paused_until == "setting" else paused_until


def load_details(session: Session, task_ids: Sequence[int]) -> tuple[Reminder, ...]:
    """Full reminders for `task_ids`, in that order (ids no longer present are skipped)."""
    if not task_ids:
        return ()
    rows = session.execute(
        select(
            Task.id,
            Task.inquiry_id,
            Task.kind,
            Task.title,
            Task.due_at,
            Contact.first_name,
            Contact.last_name,
            category_column(),
        )
        .join(Contact, Contact.id == Task.contact_id)
        .where(Task.id.in_(list(task_ids)))
    )
    by_id = {
        task_id: Reminder(
            task_id=task_id,
            inquiry_id=inquiry_id,
            contact_name=f"{first} {last}".strip(),
            kind=kind,
            category=cast(Category, category),
            title=title,
            due_at=due_at,
        )
        for task_id, inquiry_id, kind, title, due_at, first, last, category in rows
    }
    return tuple(by_id[i] for i in task_ids if i in by_id)


def _not_new_lead() -> ColumnElement[bool]:
    return Task.rule_key.is_distinct_from(NEW_LEAD_RULE_KEY)


def _category_counts(session: Session, condition: ColumnElement[bool]) -> dict[Category, int]:
    """Due tasks per category (as `category_column` would say), in one aggregate row:
    filtered counts cost far less than grouping 20,000 rows by a computed value."""
    other = _not_new_lead()
    total, leads, documents, renewals = session.execute(
        select(
            func.count(),
            func.count().filter(Task.rule_key == NEW_LEAD_RULE_KEY),
            func.count().filter(other & (Task.kind == TaskKind.DOCUMENT_REQUEST)),
            func.count().filter(other & (Task.kind == TaskKind.RENEWAL_CHECK)),
        ).where(condition)
    ).one()
    counts: dict[Category, int] = {
        "new_lead": leads,
        "follow_up": total - leads - documents - renewals,
        "document": documents,
        "renewal": renewals,
    }
    return {category: n for category, n in counts.items() if n}


def _first_ids(session: Session, condition: ColumnElement[bool], limit: int) -> list[int]:
    query = select(Task.id).where(condition).order_by(Task.due_at, Task.id).limit(limit)
    return list(session.scalars(query))


def due_reminders(
    session: Session,
    now: datetime,
    *,
    tz: tzinfo,
    working_hours: HoursLike,
    new_lead_breaks_through: bool,
    paused_until: PauseArg = "setting",
    group_over: int = GROUP_OVER,
) -> ReminderBatch:
    """Every reminder that should show at `now` (aware): all of them counted, the first
    DETAIL_LIMIT (new leads first, then by due time) in full. Reads; never marks.

    `paused_until`: the end of a pause, or "setting" to read it from the database.
    """
    now = now.astimezone(UTC)
    condition = showable(
        now,
        tz=tz,
        working_hours=working_hours,
        new_lead_breaks_through=new_lead_breaks_through,
        paused_until=_pause(session, paused_until),
    )
    if condition is None:
        return EMPTY_BATCH
    counts = _category_counts(session, condition)
    if not counts:
        return EMPTY_BATCH
    limit = max(DETAIL_LIMIT, group_over)
    ids = []
    if counts.get("new_lead"):
        ids = _first_ids(session, condition & (Task.rule_key == NEW_LEAD_RULE_KEY), limit)
    if len(ids) < limit and sum(counts.values()) > len(ids):
        ids += _first_ids(session, condition & _not_new_lead(), limit - len(ids))
    items = load_details(session, ids)
    return make_batch(items, counts, group_over=group_over)


def _first_due(session: Session, *conditions: ColumnElement[bool]) -> datetime | None:
    return session.scalar(select(func.min(Task.due_at)).where(_pending(), *conditions))


def next_wake_time(
    session: Session,
    now: datetime,
    *,
    tz: tzinfo,
    working_hours: HoursLike,
    new_lead_breaks_through: bool,
    paused_until: PauseArg = "setting",
) -> datetime | None:
    """The earliest moment at or after `now` when `due_reminders` would return something.

    `now` itself when something is showable already; None when nothing is pending at all.
    Items held by working hours or a pause wake at the end of the hold.
    """
    now = now.astimezone(UTC)
    paused = _pause(session, paused_until)
    not_before = max(now, paused) if paused is not None else now
    candidates: list[datetime] = []
    earliest = _first_due(session)  # held or future, any kind
    if earliest is not None:
        candidates.append(next_working_start(max(earliest, not_before), working_hours, tz))
    if new_lead_breaks_through:
        lead = _first_due(session, Task.rule_key == NEW_LEAD_RULE_KEY)
        if lead is not None:
            candidates.append(max(lead, not_before))
    return min(candidates) if candidates else None
