"""Global search (Ctrl+K): names, emails, phone digits and notes, while the broker types.

Every keystroke runs this, so each part is an indexed query with a small LIMIT:

- names: a prefix range on the indexed `contacts.search_name` ("ann o" finds "ann oldfield"),
  then, when that leaves room, a word-start match inside the name ("oldf" finds "ann
  oldfield"; a scan of the short names that stops once the limit is filled);
- emails: a prefix range on the indexed `contact_emails.email`;
- phones: a prefix range on the indexed `contact_phones.digits`, with and without the
  default region's country code ("416555" and "1416555" both find +1 416-555-...);
- notes: see `app.services.search_notes` (full-text index when the database has one,
  else a LIKE over a bounded, recent subset).

Hits carry the contact and the inquiry to open: the note's own inquiry, else the
contact's latest active inquiry, else their latest inquiry of any status (None if none).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import phonenumbers
from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from app.db.models import Contact, ContactEmail, ContactPhone, Inquiry
from app.domain.contact_points import digits_only, display_phone
from app.domain.enums import InquiryStatus
from app.services.context import ServiceContext
from app.services.search_notes import NoteMatch, search_notes
from app.services.settings import phone_region

MIN_PHONE_DIGITS = 3  # "41" would match a tenth of all numbers: not worth showing
MIN_NOTE_CHARS = 3
MIN_INNER_CHARS = 2  # one letter inside a name matches nearly everyone: prefixes only
KINDS = ("name", "email", "phone", "note")  # the order the popup shows the groups in


@dataclass(frozen=True)
class SearchHit:
    """One result: `kind` is "name", "email", "phone" or "note"."""

    kind: str
    contact_id: int
    inquiry_id: int | None
    title: str  # the contact's name
    detail: str  # what matched: the email, the number, a snippet of the note; or the city


def normalize_query(text: str) -> str:
    """Lower case, single spaces, no edge spaces: how `search_name` is stored."""
    return " ".join(text.lower().split())


def _prefix_range(column: Any, prefix: str) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """`column >= prefix AND column < next` (an index range; LIKE would not use the
    index under SQLite's case-insensitive LIKE)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return column >= prefix, column < upper


def _latest_inquiry() -> Any:
    """Correlated subquery: the inquiry a contact hit should open."""
    return (
        select(Inquiry.id)
        .where(Inquiry.contact_id == Contact.id)
        .order_by(
            case((Inquiry.status == InquiryStatus.ACTIVE, 0), else_=1),
            Inquiry.created_at.desc(),
            Inquiry.id.desc(),
        )
        .limit(1)
        .scalar_subquery()
    )


def _name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


def _contacts(session: Session, query: Select[Any], kind: str, limit: int) -> list[SearchHit]:
    rows = session.execute(query.limit(limit)).all()
    return [
        SearchHit(kind, cid, inquiry_id, _name(first, last), detail or "")
        for cid, first, last, detail, inquiry_id in rows
    ]


def _name_hits(session: Session, text: str, limit: int) -> list[SearchHit]:
    base = select(
        Contact.id, Contact.first_name, Contact.last_name, Contact.city, _latest_inquiry()
    ).where(Contact.archived_at.is_(None))
    hits = _contacts(
        session,
        base.where(*_prefix_range(Contact.search_name, text)).order_by(Contact.search_name),
        "name",
        limit,
    )
    if len(hits) < limit and len(text) >= MIN_INNER_CHARS:
        # A word inside the name ("oldf" for "ann oldfield"): a scan of the name index
        # alone (covering, ~20 ms at 100,000 contacts), then the page of hits by id.
        seen = {hit.contact_id for hit in hits}
        ids = [
            cid
            for cid in session.scalars(
                select(Contact.id)
                .where(func.instr(Contact.search_name, " " + text) > 0)
                .order_by(Contact.search_name)
                .limit(limit + len(seen))
            )
            if cid not in seen
        ][: limit - len(hits)]
        if ids:
            found = {
                h.contact_id: h
                for h in _contacts(session, base.where(Contact.id.in_(ids)), "name", len(ids))
            }
            hits += [found[cid] for cid in ids if cid in found]
    return hits


def _email_hits(session: Session, text: str, limit: int) -> list[SearchHit]:
    if " " in text:
        return []
    query = (
        select(
            Contact.id,
            Contact.first_name,
            Contact.last_name,
            ContactEmail.email,
            _latest_inquiry(),
        )
        .join(ContactEmail, ContactEmail.contact_id == Contact.id)
        .where(*_prefix_range(ContactEmail.email, text), Contact.archived_at.is_(None))
        .order_by(ContactEmail.email)
    )
    return _contacts(session, query, "email", limit)


def _phone_hits(session: Session, text: str, limit: int) -> list[SearchHit]:
    digits = digits_only(text)
    if len(digits) < MIN_PHONE_DIGITS:
        return []
    code = str(phonenumbers.country_code_for_region(phone_region(session)) or "")
    hits: list[SearchHit] = []
    for prefix in dict.fromkeys([code + digits, digits] if code else [digits]):
        query = (
            select(
                Contact.id,
                Contact.first_name,
                Contact.last_name,
                ContactPhone.e164,
                _latest_inquiry(),
            )
            .join(ContactPhone, ContactPhone.contact_id == Contact.id)
            .where(*_prefix_range(ContactPhone.digits, prefix), Contact.archived_at.is_(None))
            .order_by(ContactPhone.digits)
        )
        for hit in _contacts(session, query, "phone", limit - len(hits)):
            if all(hit.contact_id != h.contact_id for h in hits):
                hits.append(
                    SearchHit(
                        "phone",
                        hit.contact_id,
                        hit.inquiry_id,
                        hit.title,
                        display_phone(hit.detail),
                    )
                )
        if len(hits) >= limit:
            break
    return hits


def _note_hits(session: Session, text: str, limit: int) -> list[SearchHit]:
    if len(text) < MIN_NOTE_CHARS:
        return []
    matches: list[NoteMatch] = []
    for match in search_notes(session, text, limit * 3):
        # One note per person (the newest): ten calls "about rates" are one hit.
        if all(match.contact_id != m.contact_id for m in matches):
            matches.append(match)
    matches = matches[:limit]
    if not matches:
        return []
    ids = {m.contact_id for m in matches}
    people = {
        cid: (_name(first, last), inquiry_id)
        for cid, first, last, inquiry_id in session.execute(
            select(Contact.id, Contact.first_name, Contact.last_name, _latest_inquiry()).where(
                Contact.id.in_(ids), Contact.archived_at.is_(None)
            )
        )
    }
    return [
        SearchHit(
            "note",
            m.contact_id,
            m.inquiry_id or people[m.contact_id][1],
            people[m.contact_id][0],
            m.snippet,
        )
        for m in matches
        if m.contact_id in people
    ]


def search(ctx: ServiceContext, text: str, limit: int = 20) -> list[SearchHit]:
    """Contacts matching `text` by name, email, phone digits or note, grouped in that
    order (see KINDS), each group at most `limit` hits. Empty text finds nothing."""
    query = normalize_query(text)
    if not query or limit <= 0:
        return []
    digits = digits_only(query)
    # Skip what the text cannot be: "ann@ex" is no name or note, "416 555" no name.
    emailish = "@" in query
    numberish = len(digits) * 2 >= len(query.replace(" ", ""))
    with ctx.db.session() as session:
        hits = [] if emailish or numberish else _name_hits(session, query, limit)
        hits += _email_hits(session, query, limit)
        hits += _phone_hits(session, query, limit) if numberish else []
        hits += [] if emailish or numberish else _note_hits(session, query, limit)
    return hits


def count_by_kind(hits: list[SearchHit]) -> dict[str, int]:
    """How many hits each kind has (for group headers)."""
    counts = dict.fromkeys(KINDS, 0)
    for hit in hits:
        counts[hit.kind] = counts.get(hit.kind, 0) + 1
    return {kind: n for kind, n in counts.items() if n}
