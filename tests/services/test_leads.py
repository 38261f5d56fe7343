"""Creating leads, contacts and inquiries through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.clock import FixedClock
from app.db.models import AuditEntry, Contact, StageChange, Task
from app.errors import InvalidInput, NotFound
from app.services.contacts import get_contact, set_consent, update_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import get_inquiry, inquiry_input, update_inquiry
from app.services.leads import NewLead, add_lead


def _contacts(ctx: ServiceContext) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Contact)) or 0)


def test_new_lead_is_normalized_owned_staged_and_followed(
    ctx: ServiceContext, new_lead: NewLead, clock: FixedClock
) -> None:
    contact, inquiry = new_lead.contact, new_lead.inquiry
    assert contact.emails == ("maria.gonzalez@example.com",)
    assert contact.phones == ("+14165550142",)
    assert inquiry.stage_key == "new" and inquiry.status == "active"
    assert inquiry.owner_name == "Me"
    assert inquiry.missing_documents > 0  # the purchase checklist was seeded
    assert inquiry.next_followup_at == clock.now()  # speed to lead: call now
    assert 0 <= inquiry.score <= 100
    with ctx.db.session() as session:
        history = session.scalars(select(StageChange)).all()
        tasks = session.scalars(select(Task).where(Task.state == "open")).all()
    assert [(h.from_stage_id, h.changed_at) for h in history] == [(None, clock.now())]
    assert [t.kind for t in tasks] == ["call"]


def test_same_email_or_phone_reuses_the_contact(ctx: ServiceContext, new_lead: NewLead) -> None:
    again = add_lead(
        ctx,
        ContactInput(first_name="Maria", last_name="G", phones=("416-555-0142",)),
        InquiryInput(contact_id=0, type_key="renewal"),
    )
    assert again.existing_contact
    assert again.contact.id == new_lead.contact.id
    assert again.inquiry.id != new_lead.inquiry.id
    assert _contacts(ctx) == 1


@pytest.mark.parametrize(
    ("contact", "inquiry", "message"),
    [
        (ContactInput("A", "B", emails=("not-an-email",)), {"type_key": "purchase"}, "valid"),
        (ContactInput("A", "B", phones=("12",)), {"type_key": "purchase"}, "phone"),
        (ContactInput("", " "), {"type_key": "purchase"}, "name"),
        (ContactInput("A", "B"), {"type_key": "yacht"}, "unknown inquiry type"),
        (ContactInput("A", "B"), {"type_key": "purchase", "source_key": "tv"}, "unknown source"),
        (ContactInput("A", "B"), {"type_key": "purchase", "amount": Decimal(-5)}, "amount"),
    ],
)
def test_bad_lead_input_is_refused_and_writes_nothing(
    ctx: ServiceContext, contact: ContactInput, inquiry: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        add_lead(ctx, contact, InquiryInput(contact_id=0, **inquiry))  # type: ignore[arg-type]
    assert _contacts(ctx) == 0


def test_contact_update_keeps_every_change_in_the_audit_log(
    ctx: ServiceContext, new_lead: NewLead
) -> None:
    cid = new_lead.contact.id
    updated = update_contact(
        ctx,
        cid,
        ContactInput(
            first_name="María",
            last_name="Gonzalez",
            emails=("maria.gonzalez@example.com", "MG@work.example.org"),
            phones=("+1 416 555 0142",),
            city="Toronto",
        ),
    )
    assert updated.emails == ("maria.gonzalez@example.com", "mg@work.example.org")
    assert updated.city == "Toronto"
    with ctx.db.session() as session:
        fields = {
            (a.field, a.old_value, a.new_value)
            for a in session.scalars(
                select(AuditEntry).where(
                    AuditEntry.entity == "contact", AuditEntry.action == "update"
                )
            )
        }
    assert ("first_name", "Maria", "María") in fields
    assert ("city", None, "Toronto") in fields
    assert any(f[0] == "emails" for f in fields)
    assert not any(f[0] == "phones" for f in fields)  # unchanged after normalizing


def test_consent_is_recorded_per_channel(ctx: ServiceContext, new_lead: NewLead) -> None:
    cid = new_lead.contact.id
    set_consent(ctx, cid, "email", "express", "web form checkbox")
    set_consent(ctx, cid, "sms", "none")
    view = get_contact(ctx, cid)
    levels = {c.channel: (c.level, c.method) for c in view.consents}
    assert levels == {"email": ("express", "web form checkbox"), "sms": ("none", "")}
    with pytest.raises(InvalidInput):
        set_consent(ctx, cid, "fax", "express")


def test_inquiry_update_round_trip(ctx: ServiceContext, new_lead: NewLead) -> None:
    iid = new_lead.inquiry.id
    data = inquiry_input(ctx, iid)
    changed = update_inquiry(
        ctx, iid, data.__class__(**{**data.__dict__, "amount": Decimal("525000.00")})
    )
    assert changed.amount == Decimal("525000.00")
    assert get_inquiry(ctx, iid).source_key == "website_form"
    with pytest.raises(NotFound):
        get_inquiry(ctx, 9999)
