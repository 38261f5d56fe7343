"""A new lead in one step: find or create the contact, then open an inquiry."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Contact, ContactEmail, ContactPhone
from app.domain.contact_points import normalize_email, normalize_phone
from app.services.contacts import add_contact, contact_view, load_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput, ContactView, InquiryInput, InquiryView
from app.services.inquiries import add_inquiry, inquiry_view, load_inquiry
from app.services.settings import phone_region


@dataclass(frozen=True)
class NewLead:
    contact: ContactView
    inquiry: InquiryView
    existing_contact: bool  # True when the email or phone matched someone already here


def find_contact_by_points(
    session: Session, emails: tuple[str, ...], phones: tuple[str, ...]
) -> Contact | None:
    """An active contact who already has one of these emails or phone numbers."""
    normalized = [normalize_email(e) for e in emails if e.strip()]
    if normalized:
        found = session.scalar(
            select(Contact)
            .join(ContactEmail)
            .where(ContactEmail.email.in_(normalized), Contact.archived_at.is_(None))
            .order_by(Contact.id)
        )
        if found is not None:
            return found
    region = phone_region(session)
    numbers = [normalize_phone(p, region).e164 for p in phones if p.strip()]
    if numbers:
        return session.scalar(
            select(Contact)
            .join(ContactPhone)
            .where(ContactPhone.e164.in_(numbers), Contact.archived_at.is_(None))
            .order_by(Contact.id)
        )
    return None


def add_lead(ctx: ServiceContext, contact: ContactInput, inquiry: InquiryInput) -> NewLead:
    """Create a lead. A contact with the same email or phone is reused rather than
    duplicated; `inquiry.contact_id` is ignored and filled in here."""
    now = ctx.clock.now()
    with ctx.db.session() as session:
        existing = find_contact_by_points(session, contact.emails, contact.phones)
        row = existing or add_contact(session, contact, now=now)
        created = add_inquiry(
            session,
            replace(inquiry, contact_id=row.id),
            now=now,
        )
        return NewLead(
            contact=contact_view(load_contact(session, row.id)),
            inquiry=inquiry_view(load_inquiry(session, created.id)),
            existing_contact=existing is not None,
        )
