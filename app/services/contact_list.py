"""The contact list: one page of contacts at a time, optionally filtered, for big lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from app.db.models import Contact, ContactEmail, ContactPhone, Inquiry
from app.domain.contact_points import digits_only, display_phone
from app.domain.enums import InquiryStatus
from app.services.context import ServiceContext

# A filter needs this many digits before it also searches phone numbers, so "3" does not
# match every contact with a 3 anywhere in a number.
MIN_PHONE_DIGITS = 3


@dataclass(frozen=True)
class ContactRow:
    """One line of the contact list."""

    id: int
    name: str
    email: str  # the primary address, or ""
    phone: str  # the primary number, readable, or ""
    city: str
    role: str
    active_inquiries: int
    created_at: datetime


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with LIKE's wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filter(text_filter: str) -> ColumnElement[bool]:
    """Active contacts whose name, an email or a phone number contains the filter text."""
    condition: ColumnElement[bool] = Contact.archived_at.is_(None)
    text = " ".join(text_filter.lower().split())
    if not text:
        return condition
    pattern = _like(text)
    matches = [
        Contact.search_name.like(pattern, escape="\\"),
        exists().where(
            ContactEmail.contact_id == Contact.id, ContactEmail.email.like(pattern, escape="\\")
        ),
    ]
    digits = digits_only(text)
    if len(digits) >= MIN_PHONE_DIGITS:
        matches.append(
            exists().where(
                ContactPhone.contact_id == Contact.id, ContactPhone.digits.like(f"%{digits}%")
            )
        )
    return and_(condition, or_(*matches))


def count_contacts(ctx: ServiceContext, text_filter: str = "") -> int:
    """How many active (not archived) contacts match `text_filter` (all when empty)."""
    with ctx.db.session() as session:
        query = select(func.count()).select_from(Contact).where(_filter(text_filter))
        return int(session.scalar(query) or 0)


def contact_page(
    ctx: ServiceContext, *, offset: int, limit: int, text_filter: str = ""
) -> list[ContactRow]:
    """Active contacts matching `text_filter`, sorted by name, rows `offset` to
    `offset + limit`. The filter matches part of a name, an email or a phone number."""
    if offset < 0 or limit < 0:
        raise ValueError("offset and limit must not be negative")
    primary_email = (
        select(ContactEmail.email)
        .where(ContactEmail.contact_id == Contact.id)
        .order_by(ContactEmail.position, ContactEmail.id)
        .limit(1)
        .scalar_subquery()
    )
    primary_phone = (
        select(ContactPhone.e164)
        .where(ContactPhone.contact_id == Contact.id)
        .order_by(ContactPhone.position, ContactPhone.id)
        .limit(1)
        .scalar_subquery()
    )
    active_inquiries = (
        select(func.count())
        .select_from(Inquiry)
        .where(Inquiry.contact_id == Contact.id, Inquiry.status == InquiryStatus.ACTIVE)
        .scalar_subquery()
    )
    query = (
        select(Contact, primary_email, primary_phone, active_inquiries)
        .where(_filter(text_filter))
        .order_by(Contact.search_name, Contact.id)
        .offset(offset)
        .limit(limit)
    )
    with ctx.db.session() as session:
        return [
            ContactRow(
                id=contact.id,
                name=f"{contact.first_name} {contact.last_name}".strip(),
                email=email or "",
                phone=display_phone(phone) if phone else "",
                city=contact.city or "",
                role=contact.role,
                active_inquiries=int(count or 0),
                created_at=contact.created_at,
            )
            for contact, email, phone, count in session.execute(query)
        ]
