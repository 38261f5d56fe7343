"""Creating, changing and reading contacts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.db.models import Consent, Contact, ContactEmail, ContactPhone, Tag
from app.domain.contact_points import Phone, normalize_email, normalize_phone
from app.errors import InvalidInput, NotFound
from app.services import audit
from app.services.context import ServiceContext
from app.services.dto import ConsentView, ContactInput, ContactView
from app.services.settings import phone_region

CHANNELS = ("email", "phone", "sms", "mail")


def search_name(first: str, last: str) -> str:
    return f"{first} {last}".strip().lower()


def contact_view(contact: Contact) -> ContactView:
    """A frozen copy of a contact row (its relationships must be loaded)."""
    return ContactView(
        id=contact.id,
        first_name=contact.first_name,
        last_name=contact.last_name,
        role=contact.role,
        emails=tuple(e.email for e in contact.emails),
        phones=tuple(p.e164 for p in contact.phones),
        company=contact.company,
        date_of_birth=contact.date_of_birth,
        address_line1=contact.address_line1,
        city=contact.city,
        region=contact.region,
        postal_code=contact.postal_code,
        notes=contact.notes,
        do_not_contact=contact.do_not_contact,
        consents=tuple(
            ConsentView(c.channel, c.level, c.recorded_at, c.method) for c in contact.consents
        ),
        tags=tuple(sorted(t.name for t in contact.tags)),
        created_at=contact.created_at,
        archived_at=contact.archived_at,
    )


def _validate_names(first: str, last: str) -> tuple[str, str]:
    first, last = first.strip(), last.strip()
    if not first and not last:
        raise InvalidInput("a contact needs a first or a last name")
    if len(first) > 100 or len(last) > 100:
        raise InvalidInput("names are limited to 100 characters")
    return first, last


def _tags(session: Session, names: tuple[str, ...]) -> list[Tag]:
    tags = []
    for name in sorted({n.strip() for n in names if n.strip()}):
        tag = session.scalar(select(Tag).where(Tag.name == name))
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
        tags.append(tag)
    return tags


def add_contact(session: Session, data: ContactInput, *, now: datetime) -> Contact:
    """Insert a contact inside an open session (used by other services and importers)."""
    first, last = _validate_names(data.first_name, data.last_name)
    region = phone_region(session)
    emails = list(dict.fromkeys(normalize_email(e) for e in data.emails if e.strip()))
    phones: dict[str, Phone] = {}
    for raw in data.phones:
        if raw.strip():
            phone = normalize_phone(raw, region)
            phones.setdefault(phone.e164, phone)
    for consent in data.consents:
        if consent.channel not in CHANNELS:
            raise InvalidInput(f"unknown consent channel '{consent.channel}'")
    contact = Contact(
        first_name=first,
        last_name=last,
        search_name=search_name(first, last),
        role=data.role,
        company=data.company,
        date_of_birth=data.date_of_birth,
        address_line1=data.address_line1,
        address_line2=data.address_line2,
        city=data.city,
        region=data.region,
        postal_code=data.postal_code,
        country=data.country,
        notes=data.notes,
        do_not_contact=data.do_not_contact,
        created_at=now,
        updated_at=now,
        emails=[ContactEmail(email=e, position=i) for i, e in enumerate(emails)],
        phones=[
            ContactPhone(e164=p.e164, raw=p.raw, digits=p.digits, position=i)
            for i, p in enumerate(phones.values())
        ],
        consents=[
            Consent(channel=c.channel, level=str(c.level), recorded_at=now, method=c.method)
            for c in data.consents
        ],
        tags=_tags(session, data.tags),
    )
    session.add(contact)
    session.flush()
    audit.record(session, at=now, entity="contact", entity_id=contact.id, action="create")
    return contact


def create_contact(ctx: ServiceContext, data: ContactInput) -> ContactView:
    """Create a contact; emails and phones are normalized, bad ones rejected."""
    with ctx.db.session() as session:
        contact = add_contact(session, data, now=ctx.clock.now())
        return contact_view(contact)


def _load(session: Session, contact_id: int) -> Contact:
    contact = session.scalar(
        select(Contact)
        .where(Contact.id == contact_id)
        .options(
            selectinload(Contact.emails),
            selectinload(Contact.phones),
            selectinload(Contact.consents),
            selectinload(Contact.tags),
        )
    )
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}")
    return contact


def load_contact(session: Session, contact_id: int) -> Contact:
    """The contact row with its emails, phones, consents and tags (or NotFound)."""
    return _load(session, contact_id)


def get_contact(ctx: ServiceContext, contact_id: int) -> ContactView:
    with ctx.db.session() as session:
        return contact_view(_load(session, contact_id))


_SIMPLE_FIELDS = (
    "role",
    "company",
    "date_of_birth",
    "address_line1",
    "address_line2",
    "city",
    "region",
    "postal_code",
    "country",
    "notes",
    "do_not_contact",
)


def update_contact(ctx: ServiceContext, contact_id: int, data: ContactInput) -> ContactView:
    """Replace a contact's details with `data`; every changed field is audited."""
    now = ctx.clock.now()
    with ctx.db.session() as session:
        contact = _load(session, contact_id)
        first, last = _validate_names(data.first_name, data.last_name)
        region = phone_region(session)
        changes: dict[str, tuple[audit.AuditValue, audit.AuditValue]] = {
            "first_name": (contact.first_name, first),
            "last_name": (contact.last_name, last),
        }
        contact.first_name, contact.last_name = first, last
        contact.search_name = search_name(first, last)
        for name in _SIMPLE_FIELDS:
            old, new = getattr(contact, name), getattr(data, name)
            changes[name] = (old, new)
            setattr(contact, name, new)
        emails = list(dict.fromkeys(normalize_email(e) for e in data.emails if e.strip()))
        old_emails = ", ".join(e.email for e in contact.emails)
        by_email = {e.email: e for e in contact.emails}
        contact.emails = [by_email.get(e) or ContactEmail(email=e) for e in emails]
        for i, row in enumerate(contact.emails):
            row.position = i
        changes["emails"] = (old_emails, ", ".join(emails))
        phones = [normalize_phone(p, region) for p in data.phones if p.strip()]
        old_phones = ", ".join(p.e164 for p in contact.phones)
        by_phone = {p.e164: p for p in contact.phones}
        unique = list({p.e164: p for p in phones}.values())
        contact.phones = [
            by_phone.get(p.e164) or ContactPhone(e164=p.e164, raw=p.raw, digits=p.digits)
            for p in unique
        ]
        for i, prow in enumerate(contact.phones):
            prow.position = i
        changes["phones"] = (old_phones, ", ".join(p.e164 for p in unique))
        contact.tags = _tags(session, data.tags)
        for consent in data.consents:
            set_consent_row(
                session, contact, consent.channel, str(consent.level), consent.method, now=now
            )
        contact.updated_at = now
        audit.record_changes(
            session, at=now, entity="contact", entity_id=contact.id, changes=changes
        )
        session.flush()
        return contact_view(contact)


def set_consent_row(
    session: Session, contact: Contact, channel: str, level: str, method: str, *, now: datetime
) -> None:
    """Record consent for one channel (replacing the previous level), audited."""
    if channel not in CHANNELS:
        raise InvalidInput(f"unknown consent channel '{channel}'")
    if level not in ("express", "implied", "none"):
        raise InvalidInput(f"unknown consent level '{level}'")
    existing = next((c for c in contact.consents if c.channel == channel), None)
    old = existing.level if existing else None
    if existing is None:
        contact.consents.append(
            Consent(channel=channel, level=level, recorded_at=now, method=method)
        )
    elif existing.level != level or existing.method != method:
        existing.level, existing.method, existing.recorded_at = level, method, now
    if old != level:
        audit.record(
            session,
            at=now,
            entity="contact",
            entity_id=contact.id,
            action="consent",
            field=channel,
            old=old,
            new=level,
        )


def set_consent(
    ctx: ServiceContext, contact_id: int, channel: str, level: str, method: str = ""
) -> ContactView:
    with ctx.db.session() as session:
        contact = _load(session, contact_id)
        set_consent_row(session, contact, channel, level, method, now=ctx.clock.now())
        session.flush()
        return contact_view(contact)


def archive_contact(ctx: ServiceContext, contact_id: int) -> None:
    """Soft-archive: hidden from lists, never deleted."""
    now = ctx.clock.now()
    with ctx.db.session() as session:
        contact = _load(session, contact_id)
        if contact.archived_at is None:
            contact.archived_at = now
            audit.record(session, at=now, entity="contact", entity_id=contact_id, action="archive")
