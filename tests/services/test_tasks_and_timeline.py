"""Tasks, interactions and checklist items as the broker works a lead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.clock import FixedClock
from app.db.models import Task
from app.errors import InvalidInput, NotFound
from app.services.checklist import inquiry_checklist, receive_item, request_item, waive_item
from app.services.context import ServiceContext
from app.services.inquiries import get_inquiry
from app.services.interactions import log_interaction, timeline
from app.services.leads import NewLead
from app.services.tasks import (
    add_task,
    cancel_task,
    complete_task,
    inquiry_tasks,
    reopen_task,
    reschedule_task,
    snooze_task,
)


def test_snooze_and_reschedule_move_the_next_follow_up(
    ctx: ServiceContext, new_lead: NewLead, clock: FixedClock
) -> None:
    iid = new_lead.inquiry.id
    (call,) = inquiry_tasks(ctx, iid)
    later = clock.now() + timedelta(minutes=15)
    snoozed = snooze_task(ctx, call.id, later)
    assert snoozed.due_at == later and snoozed.original_due_at == call.due_at
    assert get_inquiry(ctx, iid).next_followup_at == later
    with pytest.raises(InvalidInput, match="future"):
        snooze_task(ctx, call.id, clock.now() - timedelta(minutes=1))
    tomorrow = clock.now() + timedelta(days=1)
    assert reschedule_task(ctx, call.id, tomorrow).due_at == tomorrow
    assert get_inquiry(ctx, iid).next_followup_at == tomorrow


def test_complete_then_undo(ctx: ServiceContext, new_lead: NewLead) -> None:
    iid = new_lead.inquiry.id
    (call,) = inquiry_tasks(ctx, iid)
    done = complete_task(ctx, call.id)
    assert done.state == "done"
    with pytest.raises(InvalidInput, match="already done"):
        complete_task(ctx, call.id)
    assert [t.kind for t in inquiry_tasks(ctx, iid)] == ["email"]  # next cadence step
    assert reopen_task(ctx, call.id).state == "open"
    # Undo takes back the step the completion planned; completing again re-plans it.
    assert [t.kind for t in inquiry_tasks(ctx, iid)] == ["call"]
    complete_task(ctx, call.id)
    assert [t.kind for t in inquiry_tasks(ctx, iid)] == ["email"]


def test_broker_task_on_an_inquiry_and_cancel(
    ctx: ServiceContext, new_lead: NewLead, clock: FixedClock
) -> None:
    iid = new_lead.inquiry.id
    due = clock.now() + timedelta(hours=2)
    task = add_task(ctx, inquiry_id=iid, kind="meeting", title="Meet at the branch", due_at=due)
    assert task.origin == "broker" and task.owner_id is not None
    assert cancel_task(ctx, task.id).state == "cancelled"
    with pytest.raises(InvalidInput):
        add_task(ctx, inquiry_id=iid, kind="fax", title="x", due_at=due)
    with pytest.raises(NotFound):
        add_task(ctx, inquiry_id=999, kind="call", title="x", due_at=due)


def test_first_outbound_contact_sets_first_response_time(
    ctx: ServiceContext, new_lead: NewLead, clock: FixedClock
) -> None:
    lead = new_lead
    clock.advance(timedelta(minutes=7))
    log_interaction(
        ctx,
        contact_id=lead.contact.id,
        inquiry_id=lead.inquiry.id,
        kind="note",
        direction="internal",
        summary="Looked up the listing",
    )
    assert get_inquiry(ctx, lead.inquiry.id).first_response_at is None  # a note is not contact
    log_interaction(
        ctx,
        contact_id=lead.contact.id,
        inquiry_id=lead.inquiry.id,
        kind="call",
        direction="outbound",
        summary="Left voicemail",
    )
    clock.advance(timedelta(hours=1))
    log_interaction(
        ctx,
        contact_id=lead.contact.id,
        inquiry_id=lead.inquiry.id,
        kind="text",
        direction="outbound",
        summary="Texted",
    )
    view = get_inquiry(ctx, lead.inquiry.id)
    assert view.first_response_at == view.created_at + timedelta(minutes=7)
    assert view.last_contact_at == clock.now()
    assert [i.summary for i in timeline(ctx, lead.contact.id)] == [
        "Texted",
        "Left voicemail",
        "Looked up the listing",
    ]


def test_same_message_id_is_logged_once(ctx: ServiceContext, new_lead: NewLead) -> None:
    kwargs = dict(
        contact_id=new_lead.contact.id,
        kind="email",
        direction="inbound",
        summary="Re: docs",
        message_id="<abc@mail.example.com>",
    )
    first = log_interaction(ctx, **kwargs)  # type: ignore[arg-type]
    second = log_interaction(ctx, **kwargs)  # type: ignore[arg-type]
    assert first.id == second.id
    assert len(timeline(ctx, new_lead.contact.id)) == 1


def test_bad_interactions_are_refused(
    ctx: ServiceContext, new_lead: NewLead, clock: FixedClock
) -> None:
    cid = new_lead.contact.id
    with pytest.raises(InvalidInput, match="future"):
        log_interaction(
            ctx,
            contact_id=cid,
            kind="call",
            direction="outbound",
            occurred_at=clock.now() + timedelta(hours=1),
        )
    with pytest.raises(InvalidInput, match="direction"):
        log_interaction(ctx, contact_id=cid, kind="call", direction="sideways")
    with pytest.raises(NotFound):
        log_interaction(ctx, contact_id=999, kind="call", direction="outbound")
    assert timeline(ctx, cid) == []


def test_requested_documents_are_nagged_until_received(
    ctx: ServiceContext, new_lead: NewLead, clock: FixedClock
) -> None:
    iid = new_lead.inquiry.id
    stubs, noa, *_ = inquiry_checklist(ctx, iid)
    request_item(ctx, stubs.id)
    request_item(ctx, noa.id)
    with ctx.db.session() as session:
        nags = session.scalars(
            select(Task).where(Task.inquiry_id == iid, Task.kind == "document_request")
        ).all()
    assert {n.checklist_item_id for n in nags} == {stubs.id, noa.id}
    assert {n.due_at for n in nags} == {clock.now() + timedelta(days=3)}
    before = get_inquiry(ctx, iid)
    receive_item(ctx, stubs.id, file_path="/docs/paystub.pdf")
    waive_item(ctx, noa.id, note="Salaried, T4 is enough")
    with ctx.db.session() as session:
        states = {
            n.checklist_item_id: n.state
            for n in session.scalars(select(Task).where(Task.kind == "document_request"))
        }
    assert states == {stubs.id: "cancelled", noa.id: "cancelled"}
    after = get_inquiry(ctx, iid)
    assert after.missing_documents == before.missing_documents - 2
    assert after.score >= before.score  # checklist progress counts toward the score
