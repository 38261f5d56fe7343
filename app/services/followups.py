"""Applying the pure follow-up engine and the lead score to stored inquiries."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.db.models import FollowupRule, Inquiry, Task
from app.domain.enums import ChecklistStatus, InquiryStatus, StageKind, TaskKind, TaskState
from app.domain.followup_model import (
    ChecklistSnapshot,
    FollowupPlan,
    InquirySnapshot,
    TaskSnapshot,
)
from app.domain.followup_rules import FollowupRules, load_rules, plan_followups
from app.domain.scoring import ScoreInputs, score_inquiry, score_to_json
from app.services import audit
from app.services.context import ServiceContext

DONE_CHECKLIST = {ChecklistStatus.RECEIVED, ChecklistStatus.VERIFIED, ChecklistStatus.WAIVED}


def rules_config(session: Session) -> dict[str, Any]:
    """The rules as the engine reads them: {key: {kind, name, active, **params}}."""
    config: dict[str, Any] = {}
    for row in session.scalars(select(FollowupRule).order_by(FollowupRule.position)):
        config[row.key] = {
            "kind": row.kind,
            "name": row.name,
            "active": row.active,
            **json.loads(row.params or "{}"),
        }
    return config


def load_followup_rules(session: Session) -> FollowupRules:
    return load_rules(rules_config(session))


def _inquiry_tasks(session: Session, inquiry_id: int) -> list[Task]:
    return list(session.scalars(select(Task).where(Task.inquiry_id == inquiry_id)))


def inquiry_snapshot(inquiry: Inquiry, tasks: Iterable[Task]) -> InquirySnapshot:
    """What the engine needs to know about an inquiry, as plain values."""
    stage = inquiry.stage
    return InquirySnapshot(
        id=inquiry.id,
        type_key=inquiry.inquiry_type.key,
        status=InquiryStatus(inquiry.status),
        stage_key=stage.key,
        stage_name=stage.name,
        stage_kind=StageKind(stage.kind),
        stage_is_warm=stage.is_warm,
        stage_followup_days=stage.followup_days,
        created_at=inquiry.created_at,
        stage_entered_at=inquiry.stage_entered_at,
        last_contact_at=inquiry.last_contact_at,
        last_inbound_at=inquiry.last_inbound_at,
        term_maturity_date=inquiry.term_maturity_date,
        funded_at=inquiry.funded_at,
        cadence_stopped_at=inquiry.cadence_stopped_at,
        tasks=tuple(
            TaskSnapshot(
                id=t.id,
                rule_key=t.rule_key,
                kind=TaskKind(t.kind),
                state=TaskState(t.state),
                due_at=t.due_at,
                # The engine advances cadences from when a step was closed, either way.
                done_at=t.done_at or t.cancelled_at,
                checklist_item_id=t.checklist_item_id,
            )
            for t in tasks
        ),
        checklist=tuple(
            ChecklistSnapshot(
                id=c.id,
                name=c.name,
                status=ChecklistStatus(c.status),
                requested_at=c.requested_at,
            )
            for c in inquiry.checklist
        ),
    )


def apply_plan(
    session: Session, inquiry: Inquiry, tasks: list[Task], plan: FollowupPlan, now: datetime
) -> None:
    """Write a plan: create its tasks, cancel the ones it names, note a stopped cadence."""
    by_id = {t.id: t for t in tasks}
    for task_id in plan.cancel:
        task = by_id[task_id]
        task.state = TaskState.CANCELLED
        task.cancelled_at = now
        audit.record(
            session, at=now, entity="task", entity_id=task.id, action="cancel", actor="rules"
        )
    for spec in plan.create:
        task = Task(
            inquiry_id=inquiry.id,
            contact_id=inquiry.contact_id,
            owner_id=inquiry.owner_id,
            checklist_item_id=spec.checklist_item_id,
            kind=str(spec.kind),
            title=spec.title,
            state=TaskState.OPEN,
            origin="rule",
            rule_key=spec.rule_key,
            due_at=spec.due_at,
            original_due_at=spec.due_at,
            created_at=now,
        )
        session.add(task)
        tasks.append(task)
    if plan.stop_cadence_reason and inquiry.cadence_stopped_at is None:
        inquiry.cadence_stopped_at = now
        inquiry.cadence_stop_reason = plan.stop_cadence_reason
        audit.record(
            session,
            at=now,
            entity="inquiry",
            entity_id=inquiry.id,
            action="cadence_stopped",
            new=plan.stop_cadence_reason,
            actor="rules",
        )
    if plan.create:
        session.flush()
        for task in tasks[-len(plan.create) :]:
            audit.record(
                session,
                at=now,
                entity="task",
                entity_id=task.id,
                action="create",
                new=task.title,
                actor="rules",
            )


def next_followup(tasks: Iterable[Task]) -> datetime | None:
    """The inquiry's next follow-up: its earliest open task."""
    due = [t.due_at for t in tasks if t.state == TaskState.OPEN]
    return min(due) if due else None


def source_record(session: Session, source_id: int | None) -> tuple[int, int]:
    """(won, lost) inquiries this database has seen from one source."""
    if source_id is None:
        return 0, 0
    rows = session.execute(
        select(Inquiry.status, func.count())
        .where(Inquiry.source_id == source_id, Inquiry.status.in_(("won", "lost")))
        .group_by(Inquiry.status)
    ).all()
    counts = {status: int(n) for status, n in rows}
    return counts.get("won", 0), counts.get("lost", 0)


def rescore(
    session: Session,
    inquiry: Inquiry,
    now: datetime,
    source_counts: tuple[int, int] | None = None,
) -> None:
    """Recompute the lead score and its breakdown from the inquiry's current state."""
    won, lost = source_counts or source_record(session, inquiry.source_id)
    today = now.date()
    inbound = inquiry.last_inbound_at
    inputs = ScoreInputs(
        type_key=inquiry.inquiry_type.key,
        target_close_date=inquiry.target_close_date,
        today=today,
        source_won=won,
        source_lost=lost,
        days_since_last_inbound=None if inbound is None else max(0, (now - inbound).days),
        days_since_created=max(0, (now - inquiry.created_at).days),
        checklist_total=len(inquiry.checklist),
        checklist_done=sum(1 for c in inquiry.checklist if c.status in DONE_CHECKLIST),
    )
    score = score_inquiry(inputs)
    inquiry.score = score.total
    inquiry.score_breakdown = score_to_json(score)


def replan(
    session: Session,
    inquiry: Inquiry,
    now: datetime,
    *,
    rules: FollowupRules | None = None,
    source_counts: tuple[int, int] | None = None,
) -> FollowupPlan:
    """Bring an inquiry's rule tasks, next follow-up and score up to date."""
    tasks = _inquiry_tasks(session, inquiry.id)
    plan = plan_followups(
        inquiry_snapshot(inquiry, tasks), rules or load_followup_rules(session), now
    )
    apply_plan(session, inquiry, tasks, plan, now)
    inquiry.next_followup_at = next_followup(tasks)
    rescore(session, inquiry, now, source_counts)
    return plan


def replan_all(session: Session, now: datetime, *, batch: int = 500) -> int:
    """Re-plan every active or won inquiry (time-based rules: stale, anniversaries).

    Returns how many inquiries got new or cancelled tasks.
    """
    rules = load_followup_rules(session)
    counts: dict[int | None, tuple[int, int]] = {}
    changed = 0
    last_id = 0
    while True:
        rows = list(
            session.scalars(
                select(Inquiry)
                .where(Inquiry.id > last_id, Inquiry.status.in_(("active", "won")))
                .order_by(Inquiry.id)
                .limit(batch)
                .options(
                    selectinload(Inquiry.checklist),
                    selectinload(Inquiry.stage),
                    selectinload(Inquiry.inquiry_type),
                )
            )
        )
        if not rows:
            return changed
        for inquiry in rows:
            if inquiry.source_id not in counts:
                counts[inquiry.source_id] = source_record(session, inquiry.source_id)
            plan = replan(
                session, inquiry, now, rules=rules, source_counts=counts[inquiry.source_id]
            )
            changed += bool(plan.create or plan.cancel)
        last_id = rows[-1].id
        session.flush()


def catch_up_followups(ctx: ServiceContext) -> int:
    """Run the time-based rules (stale, anniversaries, score decay) over every inquiry.

    The app calls this on start and hourly; it is idempotent. Returns how many
    inquiries changed."""
    with ctx.db.session() as session:
        return replan_all(session, ctx.clock.now())
