"""Moving inquiries through stages: history, outcomes, reopening, owners."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.clock import FixedClock
from app.db.models import AuditEntry, StageChange, Task
from app.errors import InvalidInput
from app.services.context import ServiceContext
from app.services.inquiries import assign_owner, get_inquiry, move_stage, set_status
from app.services.leads import NewLead


def test_stage_moves_are_timed_and_stop_the_new_lead_cadence(
    ctx: ServiceContext, new_lead: NewLead, clock: FixedClock
) -> None:
    iid = new_lead.inquiry.id
    clock.advance(timedelta(hours=3))
    moved = move_stage(ctx, iid, "contacted")
    assert moved.stage_key == "contacted"
    assert moved.stage_entered_at == clock.now()
    assert moved.cadence_stop_reason == "stage_change"
    with ctx.db.session() as session:
        history = session.scalars(
            select(StageChange).where(StageChange.inquiry_id == iid).order_by(StageChange.id)
        ).all()
        open_tasks = session.scalars(
            select(Task).where(Task.inquiry_id == iid, Task.state == "open")
        ).all()
    assert [h.changed_at for h in history] == [clock.now() - timedelta(hours=3), clock.now()]
    # The cadence call was cancelled, and the inquiry still has a next step.
    assert open_tasks and all(not (t.rule_key or "").startswith("new_lead") for t in open_tasks)


def test_funded_needs_an_outcome_and_lost_a_reason(ctx: ServiceContext, new_lead: NewLead) -> None:
    iid = new_lead.inquiry.id
    with pytest.raises(InvalidInput, match="outcome"):
        move_stage(ctx, iid, "funded")
    with pytest.raises(InvalidInput, match="lost reason"):
        move_stage(ctx, iid, "lost", lost_reason="  ")
    assert get_inquiry(ctx, iid).stage_key == "new"  # refused moves change nothing
    won = move_stage(ctx, iid, "funded", outcome="TD, 5-yr fixed 4.79%")
    assert (won.status, won.outcome) == ("won", "TD, 5-yr fixed 4.79%")
    assert won.funded_at is not None


def test_lost_inquiry_reopens_when_moved_back(ctx: ServiceContext, new_lead: NewLead) -> None:
    iid = new_lead.inquiry.id
    lost = move_stage(ctx, iid, "lost", lost_reason="Went with their bank")
    assert lost.status == "lost"
    with ctx.db.session() as session:
        assert not session.scalars(
            select(Task).where(Task.inquiry_id == iid, Task.state == "open")
        ).all()
    reopened = move_stage(ctx, iid, "qualified")
    assert reopened.status == "active"
    assert reopened.next_followup_at is not None


def test_unknown_stage_and_status(ctx: ServiceContext, new_lead: NewLead) -> None:
    with pytest.raises(InvalidInput, match="unknown stage"):
        move_stage(ctx, new_lead.inquiry.id, "closing")
    with pytest.raises(InvalidInput):
        set_status(ctx, new_lead.inquiry.id, "won")
    assert set_status(ctx, new_lead.inquiry.id, "on_hold").status == "on_hold"


def test_assigning_an_owner_moves_open_tasks_and_is_audited(
    ctx: ServiceContext, new_lead: NewLead
) -> None:
    iid = new_lead.inquiry.id
    view = assign_owner(ctx, iid, None)
    assert view.owner_id is None
    with ctx.db.session() as session:
        owners = {t.owner_id for t in session.scalars(select(Task).where(Task.inquiry_id == iid))}
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "assign")).all()
    assert owners == {None}
    assert [(e.old_value, e.new_value) for e in entries] == [("Me", None)]
    with pytest.raises(InvalidInput):
        assign_owner(ctx, iid, 42)
