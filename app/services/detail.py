"""Everything the lead detail screen shows about one inquiry, read in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.db.models import Inquiry, InquiryType, Interaction, Source, Stage, StageChange, Task, User
from app.domain.enums import TaskState
from app.services.checklist import checklist_item_view
from app.services.contacts import contact_view, load_contact
from app.services.context import ServiceContext
from app.services.dto import InquiryDetail, InquiryInput, InteractionView, StageChangeView
from app.services.inquiries import inquiry_view, load_inquiry
from app.services.interactions import interaction_view
from app.services.tasks import task_view

TIMELINE_LIMIT = 200


@dataclass(frozen=True)
class StageSpan:
    """One stay in a stage: when it began, when it ended (None while still there)."""

    stage_key: str
    stage_name: str
    entered_at: datetime
    left_at: datetime | None
    duration: timedelta
    note: str

    @property
    def current(self) -> bool:
        return self.left_at is None


@dataclass(frozen=True)
class OtherInquiry:
    """Another inquiry of the same contact (a past renewal, a funded purchase...)."""

    id: int
    type_name: str
    stage_name: str
    status: str
    amount: Decimal | None
    created_at: datetime


@dataclass(frozen=True, kw_only=True)
class LeadDetail(InquiryDetail):
    """InquiryDetail plus what the detail screen needs besides: editable fields, time in
    each stage, the contact's other inquiries and the contact's timeline (newest first)."""

    fields: InquiryInput
    stage_spans: tuple[StageSpan, ...]
    other_inquiries: tuple[OtherInquiry, ...]
    timeline: tuple[InteractionView, ...]
    property_value: Decimal | None
    down_payment: Decimal | None
    notes: str


@dataclass(frozen=True)
class Choice:
    key: str
    name: str


@dataclass(frozen=True)
class FormChoices:
    """What the inquiry forms offer in their combo boxes (active entries only)."""

    inquiry_types: tuple[Choice, ...]
    sources: tuple[Choice, ...]
    owners: tuple[tuple[int, str], ...]


def format_duration(span: timedelta) -> str:
    """A stay written for people: "3 d 4 h", "5 h 20 min", "12 min", "under a minute"."""
    minutes = max(int(span.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min" if mins else "under a minute"


def stage_spans(entries: list[tuple[str, StageChangeView]], now: datetime) -> list[StageSpan]:
    """Turn (stage key, change) pairs, oldest first, into stays; the last lasts until `now`."""
    spans = []
    for number, (key, change) in enumerate(entries):
        left = entries[number + 1][1].changed_at if number + 1 < len(entries) else None
        spans.append(
            StageSpan(
                stage_key=key,
                stage_name=change.to_stage,
                entered_at=change.changed_at,
                left_at=left,
                duration=max((left or now) - change.changed_at, timedelta(0)),
                note=change.note,
            )
        )
    return spans


def inquiry_detail(ctx: ServiceContext, inquiry_id: int) -> LeadDetail:
    """The inquiry, its contact, checklist, open tasks, stage history with time in each
    stage, the contact's other inquiries and timeline (raises NotFound)."""
    now = ctx.clock.now()
    with ctx.db.session() as session:
        inquiry = load_inquiry(session, inquiry_id)
        view = inquiry_view(inquiry)
        contact = contact_view(load_contact(session, inquiry.contact_id))
        tasks = session.scalars(
            select(Task)
            .where(Task.inquiry_id == inquiry_id, Task.state == TaskState.OPEN)
            .order_by(Task.due_at, Task.id)
        )
        open_tasks = tuple(task_view(t, contact.full_name) for t in tasks)
        before, after = aliased(Stage), aliased(Stage)
        rows = session.execute(
            select(StageChange, before.name, after.name, after.key)
            .join(after, StageChange.to_stage_id == after.id)
            .outerjoin(before, StageChange.from_stage_id == before.id)
            .where(StageChange.inquiry_id == inquiry_id)
            .order_by(StageChange.changed_at, StageChange.id)
        ).all()
        entries = [
            (key, StageChangeView(old, new, c.changed_at, c.note)) for c, old, new, key in rows
        ]
        others = session.execute(
            select(Inquiry, InquiryType.name, Stage.name)
            .join(InquiryType, Inquiry.type_id == InquiryType.id)
            .join(Stage, Inquiry.stage_id == Stage.id)
            .where(Inquiry.contact_id == inquiry.contact_id, Inquiry.id != inquiry_id)
            .order_by(Inquiry.created_at.desc())
        ).all()
        events = session.scalars(
            select(Interaction)
            .where(Interaction.contact_id == inquiry.contact_id)
            .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
            .limit(TIMELINE_LIMIT)
        )
        fields = InquiryInput(
            contact_id=inquiry.contact_id,
            type_key=view.type_key,
            source_key=view.source_key,
            partner_id=inquiry.partner_id,
            owner_id=inquiry.owner_id,
            priority=inquiry.priority,
            amount=inquiry.amount,
            property_value=inquiry.property_value,
            down_payment=inquiry.down_payment,
            property_address=inquiry.property_address,
            property_type=inquiry.property_type,
            timeline=inquiry.timeline,
            target_close_date=inquiry.target_close_date,
            rate_hold_expiry=inquiry.rate_hold_expiry,
            term_maturity_date=inquiry.term_maturity_date,
            notes=inquiry.notes,
        )
        detail = LeadDetail(
            inquiry=view,
            contact=contact,
            checklist=tuple(checklist_item_view(item) for item in inquiry.checklist),
            open_tasks=open_tasks,
            stage_history=tuple(change for _, change in entries),
            score_breakdown=inquiry.score_breakdown,
            fields=fields,
            stage_spans=tuple(stage_spans(entries, now)),
            other_inquiries=tuple(
                OtherInquiry(o.id, type_name, stage_name, o.status, o.amount, o.created_at)
                for o, type_name, stage_name in others
            ),
            timeline=tuple(interaction_view(e) for e in events),
            property_value=inquiry.property_value,
            down_payment=inquiry.down_payment,
            notes=inquiry.notes,
        )
        return detail


def form_choices(ctx: ServiceContext) -> FormChoices:
    """Active inquiry types and sources (in their configured order) and active owners."""
    with ctx.db.session() as session:
        types = session.execute(
            select(InquiryType.key, InquiryType.name)
            .where(InquiryType.active.is_(True))
            .order_by(InquiryType.position, InquiryType.id)
        ).all()
        sources = session.execute(
            select(Source.key, Source.name).where(Source.active.is_(True)).order_by(Source.id)
        ).all()
        owners = session.execute(
            select(User.id, User.name).where(User.active.is_(True)).order_by(User.id)
        ).all()
        return FormChoices(
            inquiry_types=tuple(Choice(k, n) for k, n in types),
            sources=tuple(Choice(k, n) for k, n in sources),
            owners=tuple((i, n) for i, n in owners),
        )
