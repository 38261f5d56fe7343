"""Inquiries: creating, editing, moving through stages, assigning."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.db.models import ChecklistItem, ChecklistTemplate, Contact, Inquiry, StageChange, Task
from app.domain.enums import InquiryStatus, StageKind
from app.errors import InvalidInput, NotFound
from app.services import audit
from app.services.context import ServiceContext
from app.services.dto import InquiryInput, InquiryView
from app.services.followups import replan
from app.services.lookups import (
    default_owner,
    first_stage,
    inquiry_type_by_key,
    source_by_key,
    stage_by_key,
    user_by_id,
)

PRIORITIES = ("low", "normal", "high")


def load_inquiry(session: Session, inquiry_id: int) -> Inquiry:
    """The inquiry row with what views and the engine need (or NotFound)."""
    inquiry = session.scalar(
        select(Inquiry)
        .where(Inquiry.id == inquiry_id)
        .options(
            selectinload(Inquiry.checklist),
            # Many-to-one: one joined query instead of a query each.
            joinedload(Inquiry.stage),
            joinedload(Inquiry.inquiry_type),
            joinedload(Inquiry.contact),
            joinedload(Inquiry.source),
            joinedload(Inquiry.owner),
        )
    )
    if inquiry is None:
        raise NotFound(f"no inquiry with id {inquiry_id}")
    return inquiry


def inquiry_view(inquiry: Inquiry) -> InquiryView:
    contact = inquiry.contact
    return InquiryView(
        id=inquiry.id,
        contact_id=inquiry.contact_id,
        contact_name=f"{contact.first_name} {contact.last_name}".strip(),
        type_key=inquiry.inquiry_type.key,
        type_name=inquiry.inquiry_type.name,
        source_key=inquiry.source.key if inquiry.source else None,
        source_name=inquiry.source.name if inquiry.source else None,
        partner_id=inquiry.partner_id,
        owner_id=inquiry.owner_id,
        owner_name=inquiry.owner.name if inquiry.owner else None,
        stage_key=inquiry.stage.key,
        stage_name=inquiry.stage.name,
        status=inquiry.status,
        priority=inquiry.priority,
        score=inquiry.score,
        amount=inquiry.amount,
        property_address=inquiry.property_address,
        target_close_date=inquiry.target_close_date,
        rate_hold_expiry=inquiry.rate_hold_expiry,
        term_maturity_date=inquiry.term_maturity_date,
        outcome=inquiry.outcome,
        lost_reason=inquiry.lost_reason,
        created_at=inquiry.created_at,
        stage_entered_at=inquiry.stage_entered_at,
        first_response_at=inquiry.first_response_at,
        last_contact_at=inquiry.last_contact_at,
        next_followup_at=inquiry.next_followup_at,
        funded_at=inquiry.funded_at,
        cadence_stop_reason=inquiry.cadence_stop_reason,
        missing_documents=sum(1 for c in inquiry.checklist if c.status in ("missing", "requested")),
    )


def _check_amount(name: str, value: Decimal | None) -> None:
    if value is not None and (value < 0 or value > Decimal("1e11")):
        raise InvalidInput(f"{name} must be between 0 and 100,000,000,000")


def add_inquiry(session: Session, data: InquiryInput, *, now: datetime) -> Inquiry:
    """Insert an inquiry with its checklist and first stage, then plan its follow-ups."""
    if session.get(Contact, data.contact_id) is None:
        raise NotFound(f"no contact with id {data.contact_id}")
    if data.priority not in PRIORITIES:
        raise InvalidInput(f"priority must be one of {', '.join(PRIORITIES)}")
    for name in ("amount", "property_value", "down_payment"):
        _check_amount(name, getattr(data, name))
    inquiry_type = inquiry_type_by_key(session, data.type_key)
    source = source_by_key(session, data.source_key) if data.source_key else None
    if data.owner_id is not None:
        owner_id: int | None = user_by_id(session, data.owner_id).id
    else:
        owner = default_owner(session)
        owner_id = owner.id if owner else None
    stage = first_stage(session)
    created = data.created_at or now
    inquiry = Inquiry(
        contact_id=data.contact_id,
        type_id=inquiry_type.id,
        source_id=source.id if source else None,
        partner_id=data.partner_id,
        owner_id=owner_id,
        stage_id=stage.id,
        status=InquiryStatus.ACTIVE,
        priority=data.priority,
        amount=data.amount,
        property_value=data.property_value,
        down_payment=data.down_payment,
        property_address=data.property_address,
        property_type=data.property_type,
        timeline=data.timeline,
        target_close_date=data.target_close_date,
        rate_hold_expiry=data.rate_hold_expiry,
        term_maturity_date=data.term_maturity_date,
        notes=data.notes,
        created_at=created,
        updated_at=now,
        stage_entered_at=created,
    )
    templates = session.scalars(
        select(ChecklistTemplate)
        .where(ChecklistTemplate.inquiry_type_id == inquiry_type.id)
        .order_by(ChecklistTemplate.position)
    )
    inquiry.checklist = [
        ChecklistItem(doc_key=t.doc_key, name=t.name, position=t.position) for t in templates
    ]
    session.add(inquiry)
    session.flush()
    session.add(
        StageChange(
            inquiry_id=inquiry.id, from_stage_id=None, to_stage_id=stage.id, changed_at=created
        )
    )
    audit.record(
        session,
        at=now,
        entity="inquiry",
        entity_id=inquiry.id,
        action="create",
        new=inquiry_type.key,
    )
    session.refresh(inquiry, ["stage", "inquiry_type"])
    replan(session, inquiry, now)
    return inquiry


def create_inquiry(ctx: ServiceContext, data: InquiryInput) -> InquiryView:
    """A new inquiry for an existing contact; its speed-to-lead cadence starts now."""
    with ctx.db.session() as session:
        inquiry = add_inquiry(session, data, now=ctx.clock.now())
        return inquiry_view(load_inquiry(session, inquiry.id))


def get_inquiry(ctx: ServiceContext, inquiry_id: int) -> InquiryView:
    with ctx.db.session() as session:
        return inquiry_view(load_inquiry(session, inquiry_id))


_EDITABLE = (
    "priority",
    "amount",
    "property_value",
    "down_payment",
    "property_address",
    "property_type",
    "timeline",
    "target_close_date",
    "rate_hold_expiry",
    "term_maturity_date",
    "notes",
    "partner_id",
)


def update_inquiry(ctx: ServiceContext, inquiry_id: int, data: InquiryInput) -> InquiryView:
    """Change an inquiry's details (not its stage or owner: those have their own verbs)."""
    now = ctx.clock.now()
    with ctx.db.session() as session:
        inquiry = load_inquiry(session, inquiry_id)
        if data.priority not in PRIORITIES:
            raise InvalidInput(f"priority must be one of {', '.join(PRIORITIES)}")
        for name in ("amount", "property_value", "down_payment"):
            _check_amount(name, getattr(data, name))
        changes: dict[str, tuple[audit.AuditValue, audit.AuditValue]] = {}
        for name in _EDITABLE:
            old, new = getattr(inquiry, name), getattr(data, name)
            changes[name] = (old, new)
            setattr(inquiry, name, new)
        if data.type_key != inquiry.inquiry_type.key:
            new_type = inquiry_type_by_key(session, data.type_key)
            changes["type"] = (inquiry.inquiry_type.key, new_type.key)
            inquiry.type_id = new_type.id
        new_source = source_by_key(session, data.source_key) if data.source_key else None
        new_source_id = new_source.id if new_source else None
        changes["source_id"] = (inquiry.source_id, new_source_id)
        inquiry.source_id = new_source_id
        inquiry.updated_at = now
        audit.record_changes(
            session, at=now, entity="inquiry", entity_id=inquiry.id, changes=changes
        )
        session.flush()
        session.expire(inquiry, ["inquiry_type", "source"])
        replan(session, inquiry, now)
        return inquiry_view(inquiry)


def move_stage(
    ctx: ServiceContext,
    inquiry_id: int,
    stage_key: str,
    *,
    outcome: str = "",
    lost_reason: str = "",
    note: str = "",
) -> InquiryView:
    """Move an inquiry to another stage, recording when.

    Funded (a won stage) needs an outcome, Lost needs a lost reason; moving a closed
    inquiry back to an open stage reopens it.
    """
    now = ctx.clock.now()
    with ctx.db.session() as session:
        inquiry = load_inquiry(session, inquiry_id)
        target = stage_by_key(session, stage_key)
        if target.id == inquiry.stage_id:
            return inquiry_view(inquiry)
        if target.kind == StageKind.WON and not outcome.strip():
            raise InvalidInput(f"moving to {target.name} needs an outcome (e.g. lender and rate)")
        if target.kind == StageKind.LOST and not lost_reason.strip():
            raise InvalidInput(f"moving to {target.name} needs a lost reason")
        old_stage, old_status = inquiry.stage, inquiry.status
        session.add(
            StageChange(
                inquiry_id=inquiry.id,
                from_stage_id=old_stage.id,
                to_stage_id=target.id,
                changed_at=now,
                note=note,
            )
        )
        inquiry.stage_id = target.id
        inquiry.stage_entered_at = now
        if target.kind == StageKind.WON:
            inquiry.status = InquiryStatus.WON
            inquiry.outcome = outcome.strip()
            inquiry.funded_at = now
            inquiry.closed_at = now
        elif target.kind == StageKind.LOST:
            inquiry.status = InquiryStatus.LOST
            inquiry.lost_reason = lost_reason.strip()
            inquiry.closed_at = now
        else:
            inquiry.status = (
                InquiryStatus.ACTIVE
                if old_status in (InquiryStatus.WON, InquiryStatus.LOST)
                else old_status
            )
            if old_status in (InquiryStatus.WON, InquiryStatus.LOST):
                inquiry.closed_at = None
                inquiry.funded_at = None
        inquiry.updated_at = now
        audit.record(
            session,
            at=now,
            entity="inquiry",
            entity_id=inquiry.id,
            action="move_stage",
            field="stage",
            old=old_stage.key,
            new=target.key,
        )
        if inquiry.status != old_status:
            audit.record(
                session,
                at=now,
                entity="inquiry",
                entity_id=inquiry.id,
                action="update",
                field="status",
                old=old_status,
                new=inquiry.status,
            )
        session.flush()
        session.expire(inquiry, ["stage"])
        replan(session, inquiry, now)
        return inquiry_view(inquiry)


def set_status(ctx: ServiceContext, inquiry_id: int, status: str) -> InquiryView:
    """Put an open inquiry on hold, into nurture, or back to active."""
    allowed = (InquiryStatus.ACTIVE, InquiryStatus.ON_HOLD, InquiryStatus.NURTURE)
    if status not in allowed:
        raise InvalidInput(
            "status can be set to active, on_hold or nurture; won and lost come from the stage"
        )
    now = ctx.clock.now()
    with ctx.db.session() as session:
        inquiry = load_inquiry(session, inquiry_id)
        if inquiry.status in (InquiryStatus.WON, InquiryStatus.LOST):
            raise InvalidInput("a closed inquiry is reopened by moving it to an open stage")
        audit.record(
            session,
            at=now,
            entity="inquiry",
            entity_id=inquiry.id,
            action="update",
            field="status",
            old=inquiry.status,
            new=status,
        )
        inquiry.status = status
        inquiry.updated_at = now
        replan(session, inquiry, now)
        return inquiry_view(inquiry)


def assign_owner(ctx: ServiceContext, inquiry_id: int, owner_id: int | None) -> InquiryView:
    """Give an inquiry an owner (None leaves it unassigned); its open tasks follow."""
    now = ctx.clock.now()
    with ctx.db.session() as session:
        inquiry = load_inquiry(session, inquiry_id)
        new_owner = user_by_id(session, owner_id) if owner_id is not None else None
        old = inquiry.owner.name if inquiry.owner else None
        inquiry.owner_id = new_owner.id if new_owner else None
        inquiry.updated_at = now
        for task in session.scalars(
            select(Task).where(Task.inquiry_id == inquiry.id, Task.state == "open")
        ):
            task.owner_id = inquiry.owner_id
        audit.record(
            session,
            at=now,
            entity="inquiry",
            entity_id=inquiry.id,
            action="assign",
            field="owner",
            old=old,
            new=new_owner.name if new_owner else None,
        )
        session.flush()
        session.expire(inquiry, ["owner"])
        return inquiry_view(inquiry)


def inquiry_input(ctx: ServiceContext, inquiry_id: int) -> InquiryInput:
    """The inquiry's current editable details, to change a few and pass to update_inquiry."""
    with ctx.db.session() as session:
        inquiry = load_inquiry(session, inquiry_id)
        values = {name: getattr(inquiry, name) for name in _EDITABLE}
        return InquiryInput(
            contact_id=inquiry.contact_id,
            type_key=inquiry.inquiry_type.key,
            source_key=inquiry.source.key if inquiry.source else None,
            owner_id=inquiry.owner_id,
            **values,
        )


def count_inquiries(ctx: ServiceContext, status: str | None = None) -> int:
    with ctx.db.session() as session:
        query = select(func.count()).select_from(Inquiry)
        if status:
            query = query.where(Inquiry.status == status)
        return int(session.scalar(query) or 0)
