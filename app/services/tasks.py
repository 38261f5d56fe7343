"""Follow-up tasks: add, complete, snooze, reschedule, cancel, reopen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Contact, Inquiry, Task
from app.domain.enums import TaskKind, TaskState
from app.errors import InvalidInput, NotFound
from app.services import audit
from app.services.context import ServiceContext
from app.services.dto import TaskView
from app.services.followups import next_followup, replan
from app.services.inquiries import load_inquiry


def task_view(task: Task, contact_name: str) -> TaskView:
    return TaskView(
        id=task.id,
        inquiry_id=task.inquiry_id,
        contact_id=task.contact_id,
        contact_name=contact_name,
        kind=task.kind,
        title=task.title,
        state=task.state,
        origin=task.origin,
        rule_key=task.rule_key,
        due_at=task.due_at,
        original_due_at=task.original_due_at,
        done_at=task.done_at,
        owner_id=task.owner_id,
        checklist_item_id=task.checklist_item_id,
    )


def _name(session: Session, contact_id: int) -> str:
    contact = session.get(Contact, contact_id)
    return f"{contact.first_name} {contact.last_name}".strip() if contact else ""


def _load(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound(f"no task with id {task_id}")
    return task


def _open(session: Session, task_id: int) -> Task:
    task = _load(session, task_id)
    if task.state != TaskState.OPEN:
        raise InvalidInput(f"task {task_id} is already {task.state}")
    return task


def _after_change(session: Session, task: Task, now: datetime) -> None:
    """Re-plan the task's inquiry: the next cadence step may now be due."""
    session.flush()
    if task.inquiry_id is None:
        return
    inquiry = load_inquiry(session, task.inquiry_id)
    replan(session, inquiry, now)
    tasks = session.scalars(select(Task).where(Task.inquiry_id == inquiry.id))
    inquiry.next_followup_at = next_followup(tasks)


def add_task(
    ctx: ServiceContext,
    *,
    inquiry_id: int | None = None,
    contact_id: int | None = None,
    kind: str,
    title: str,
    due_at: datetime,
    notes: str = "",
) -> TaskView:
    """A task the broker makes by hand, on an inquiry or directly on a contact."""
    if kind not in TaskKind.__members__.values():
        raise InvalidInput(f"unknown task kind '{kind}'")
    if not title.strip():
        raise InvalidInput("a task needs a title")
    now = ctx.clock.now()
    with ctx.db.session() as session:
        owner_id = None
        if inquiry_id is not None:
            inquiry = session.get(Inquiry, inquiry_id)
            if inquiry is None:
                raise NotFound(f"no inquiry with id {inquiry_id}")
            contact_id, owner_id = inquiry.contact_id, inquiry.owner_id
        if contact_id is None or session.get(Contact, contact_id) is None:
            raise NotFound("a task needs an existing inquiry or contact")
        task = Task(
            inquiry_id=inquiry_id,
            contact_id=contact_id,
            owner_id=owner_id,
            kind=kind,
            title=title.strip(),
            notes=notes,
            state=TaskState.OPEN,
            origin="broker",
            due_at=due_at,
            original_due_at=due_at,
            created_at=now,
        )
        session.add(task)
        session.flush()
        audit.record(
            session, at=now, entity="task", entity_id=task.id, action="create", new=task.title
        )
        _after_change(session, task, now)
        return task_view(task, _name(session, contact_id))


def complete_task(ctx: ServiceContext, task_id: int, *, note: str = "") -> TaskView:
    """Mark a task done; the inquiry's next cadence step is planned from it."""
    now = ctx.clock.now()
    with ctx.db.session() as session:
        task = _open(session, task_id)
        task.state, task.done_at = TaskState.DONE, now
        if note:
            task.notes = f"{task.notes}\n{note}".strip()
        audit.record(session, at=now, entity="task", entity_id=task.id, action="complete")
        _after_change(session, task, now)
        return task_view(task, _name(session, task.contact_id))


def reopen_task(ctx: ServiceContext, task_id: int) -> TaskView:
    """Undo a completion or cancellation.

    Rule tasks that the completion itself planned (the next cadence step, say) are
    removed again, so their rule keys are free when the task is completed anew."""
    now = ctx.clock.now()
    with ctx.db.session() as session:
        task = _load(session, task_id)
        if task.state == TaskState.OPEN:
            return task_view(task, _name(session, task.contact_id))
        old = task.state
        closed_at = task.done_at or task.cancelled_at
        if task.inquiry_id is not None and closed_at is not None:
            spawned = session.scalars(
                select(Task).where(
                    Task.inquiry_id == task.inquiry_id,
                    Task.id != task.id,
                    Task.origin == "rule",
                    Task.state == TaskState.OPEN,
                    Task.created_at >= closed_at,
                    Task.notified_at.is_(None),
                )
            )
            for follower in spawned:
                audit.record(
                    session,
                    at=now,
                    entity="task",
                    entity_id=follower.id,
                    action="delete",
                    old=follower.title,
                    actor="undo",
                )
                session.delete(follower)
        task.state, task.done_at, task.cancelled_at = TaskState.OPEN, None, None
        audit.record(
            session,
            at=now,
            entity="task",
            entity_id=task.id,
            action="reopen",
            field="state",
            old=old,
            new=TaskState.OPEN,
        )
        _after_change(session, task, now)
        return task_view(task, _name(session, task.contact_id))


def _move_due(ctx: ServiceContext, task_id: int, due_at: datetime, action: str) -> TaskView:
    now = ctx.clock.now()
    with ctx.db.session() as session:
        task = _open(session, task_id)
        old = task.due_at
        task.due_at = due_at
        task.notified_at = None  # the reminder is due again at the new time
        if action == "snooze":
            task.snooze_count += 1
        audit.record(
            session,
            at=now,
            entity="task",
            entity_id=task.id,
            action=action,
            field="due_at",
            old=old,
            new=due_at,
        )
        _after_change(session, task, now)
        return task_view(task, _name(session, task.contact_id))


def snooze_task(ctx: ServiceContext, task_id: int, until: datetime) -> TaskView:
    """Push a task to later today or another day; it comes back at that time."""
    if until <= ctx.clock.now():
        raise InvalidInput("snooze until a time in the future")
    return _move_due(ctx, task_id, until, "snooze")


def reschedule_task(ctx: ServiceContext, task_id: int, due_at: datetime) -> TaskView:
    """Set a new due time (past times allowed: the broker may back-date)."""
    return _move_due(ctx, task_id, due_at, "reschedule")


def cancel_task(ctx: ServiceContext, task_id: int) -> TaskView:
    now = ctx.clock.now()
    with ctx.db.session() as session:
        task = _open(session, task_id)
        task.state, task.cancelled_at = TaskState.CANCELLED, now
        audit.record(session, at=now, entity="task", entity_id=task.id, action="cancel")
        _after_change(session, task, now)
        return task_view(task, _name(session, task.contact_id))


def get_task(ctx: ServiceContext, task_id: int) -> TaskView:
    with ctx.db.session() as session:
        task = _load(session, task_id)
        return task_view(task, _name(session, task.contact_id))


def inquiry_tasks(
    ctx: ServiceContext, inquiry_id: int, *, open_only: bool = True
) -> list[TaskView]:
    """An inquiry's tasks, earliest due first."""
    with ctx.db.session() as session:
        query = select(Task).where(Task.inquiry_id == inquiry_id).order_by(Task.due_at, Task.id)
        if open_only:
            query = query.where(Task.state == TaskState.OPEN)
        rows = list(session.scalars(query))
        name = _name(session, rows[0].contact_id) if rows else ""
        return [task_view(t, name) for t in rows]
