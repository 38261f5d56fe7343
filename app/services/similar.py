"""Who might this new lead already be? Asked while the broker types a new lead.

Candidates come from indexed queries only (a name prefix on `search_name`, email
equality, a phone's trailing digits), then rapidfuzz scores the few candidates found, so
the answer stays fast with 100,000 contacts.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from app.db.models import Contact, ContactEmail, ContactPhone
from app.domain.contact_points import digits_only, normalize_email, normalize_phone
from app.errors import InvalidInput
from app.paths import resources_dir
from app.services.context import ServiceContext
from app.services.settings import phone_region

PHONE_SUFFIX_DIGITS = 7  # a local number without its area code still identifies someone
NATIONAL_DIGITS = 10  # a full North American number; more digits add only the country code
NAME_PREFIX = 3  # characters of the given name that must match exactly to be a candidate
CANDIDATES_PER_QUERY = 200
FIRST_MIN, LAST_MIN = 80, 85  # rapidfuzz ratios below these are different people
NICKNAME_RATIO = 92.0  # Bob for Robert: likely, not certain

# An email or a full phone number is stronger evidence than a name shared by many people.
EMAIL_SCORE, PHONE_SCORE, PHONE_SUFFIX_SCORE = 100, 95, 80
NAME_WEIGHT = 0.9  # a name that matches exactly scores 90


@dataclass(frozen=True)
class SimilarContact:
    """A contact the new lead may already be, best evidence first."""

    contact_id: int
    name: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]  # E.164
    score: int  # 0..100
    reason: str  # "same email", "same phone number", "similar name", ... joined by " · "


def _fold(name: str) -> str:
    """Lower-case letters only, accents removed ("Jean-François" -> "jeanfrancois")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalpha() and not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _nickname_groups() -> dict[str, frozenset[str]]:
    """name_key -> lower-cased spellings sharing a group with it (Bob -> robert, rob, ...)."""
    path = resources_dir() / "defaults" / "nicknames.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # nicknames are a nicety: without the file, plain fuzzy matching remains
    groups = data.get("groups", []) if isinstance(data, dict) else data
    found: dict[str, set[str]] = {}
    for group in groups:
        names = {str(n).strip().lower() for n in group if str(n).strip()}
        for name in names:
            found.setdefault(_fold(name), set()).update(names)
    return {key: frozenset(names) for key, names in found.items()}


def _nicknames(first: str) -> frozenset[str]:
    return _nickname_groups().get(_fold(first), frozenset()) - {first.lower()}


def _prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds for `search_name >= low AND search_name < high`: SQLite uses the index for a
    range, while LIKE 'x%' would scan (LIKE is case-insensitive, the index is not)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _name_queries(first: str, last: str) -> list[Select[int, str, str]]:
    """Contacts whose name could be `first last`, also swapped or by a nickname; each
    query reads one range of the search_name index."""
    columns = (Contact.id, Contact.first_name, Contact.last_name)
    queries = []
    for given, family in ((first, last), (last, first)):
        low, high = _prefix_range(given[:NAME_PREFIX])
        queries.append(
            select(*columns)
            .where(Contact.search_name >= low, Contact.search_name < high)
            .where(func.lower(func.substr(Contact.last_name, 1, 1)) == family[0])
            .where(Contact.archived_at.is_(None))
            .limit(CANDIDATES_PER_QUERY)
        )
    for nickname in sorted(_nicknames(first)):
        low, high = _prefix_range(f"{nickname} {last[0]}")
        queries.append(
            select(*columns)
            .where(Contact.search_name >= low, Contact.search_name < high)
            .where(Contact.archived_at.is_(None))
            .limit(CANDIDATES_PER_QUERY)
        )
    return queries


def _email_query(email: str) -> Select[int] | None:
    text = email.strip()
    if "@" not in text:
        return None
    try:
        normalized = normalize_email(text)
    except InvalidInput:
        normalized = text.lower()  # half-typed: equality finds nothing, harmlessly
    return (
        select(ContactEmail.contact_id)
        .join(Contact, Contact.id == ContactEmail.contact_id)
        .where(ContactEmail.email == normalized, Contact.archived_at.is_(None))
    )


def _phone_query(phone: str, region: str) -> Select[int] | None:
    """Contacts with this phone number: by its E.164 form when the number is complete
    (an index lookup), else by the 7 to 9 digits typed so far at the end of a number."""
    digits = digits_only(phone)
    if len(digits) < PHONE_SUFFIX_DIGITS:
        return None
    match = None
    if len(digits) >= NATIONAL_DIGITS:
        try:
            match = ContactPhone.e164 == normalize_phone(phone, region).e164
        except InvalidInput:
            match = None
    if match is None:
        # No index helps with a suffix; this reads the small digits index, not the table
        # (about 40 ms at 100,000 phones). The pattern is digits only: no stray wildcard.
        match = ContactPhone.digits.like(f"%{digits[-NATIONAL_DIGITS:]}")
    return (
        select(ContactPhone.contact_id)
        .join(Contact, Contact.id == ContactPhone.contact_id)
        .where(match, Contact.archived_at.is_(None))
        .limit(CANDIDATES_PER_QUERY)
    )


def _phone_evidence(typed: str) -> tuple[float, str]:
    if len(typed) >= NATIONAL_DIGITS:
        return PHONE_SCORE, "same phone number"
    return PHONE_SUFFIX_SCORE, f"phone ends in the same {len(typed)} digits"


def _name_score(first: str, last: str, other_first: str, other_last: str) -> tuple[float, str]:
    """(score, reason) for the better of the two orders; 0 when the names differ."""
    best, reason = 0.0, ""
    other_first, other_last = other_first.lower(), other_last.lower()
    for given, family, swapped in ((first, last, False), (last, first, True)):
        last_ratio = fuzz.ratio(family, other_last)
        if last_ratio < LAST_MIN:
            continue
        first_ratio = fuzz.ratio(given, other_first)
        nickname = first_ratio < FIRST_MIN and other_first in _nicknames(given)
        if nickname:
            first_ratio = NICKNAME_RATIO
        if first_ratio < FIRST_MIN:
            continue
        similarity = (first_ratio + last_ratio) / 2
        if similarity * NAME_WEIGHT > best:
            best = similarity * NAME_WEIGHT
            if similarity == 100:
                reason = "same name"
            elif nickname:
                reason = "same name with a nickname"
            else:
                reason = "similar name"
            if swapped:
                reason += " (first and last swapped)"
    return best, reason


def _collect(
    session: Session, first: str, last: str, email: str, phone: str
) -> dict[int, list[tuple[float, str]]]:
    """Evidence per contact id: (score, reason) pairs."""
    evidence: dict[int, list[tuple[float, str]]] = {}
    query = _email_query(email)
    if query is not None:
        for contact_id in session.scalars(query):
            evidence.setdefault(contact_id, []).append((EMAIL_SCORE, "same email"))
    digits = digits_only(phone)
    phones = _phone_query(phone, phone_region(session))
    if phones is not None:
        for contact_id in set(session.scalars(phones)):
            evidence.setdefault(contact_id, []).append(_phone_evidence(digits))
    if first and last:
        seen: set[int] = set()
        for names in _name_queries(first, last):
            for contact_id, other_first, other_last in session.execute(names):
                if contact_id in seen:
                    continue
                seen.add(contact_id)
                score = _name_score(first, last, other_first, other_last)
                if score[0] > 0:
                    evidence.setdefault(contact_id, []).append(score)
    return evidence


def similar_contacts(
    ctx: ServiceContext, first: str, last: str, email: str = "", phone: str = "", limit: int = 5
) -> list[SimilarContact]:
    """Existing, unarchived contacts the person typed so far may already be: the same
    email (any case), the same phone number (or its last 7 digits), or a similar name
    (typos, first and last swapped, a common nickname). Best match first; empty when
    nothing is close."""
    first, last = first.strip().lower(), last.strip().lower()
    if limit <= 0:
        return []
    with ctx.db.session() as session:
        evidence = _collect(session, first, last, email, phone)
        ranked = sorted(
            ((sorted(found, reverse=True), contact_id) for contact_id, found in evidence.items()),
            key=lambda pair: (-pair[0][0][0], pair[1]),
        )[:limit]
        contacts = {
            c.id: c
            for c in session.scalars(
                select(Contact)
                .where(Contact.id.in_([contact_id for _, contact_id in ranked]))
                .options(selectinload(Contact.emails), selectinload(Contact.phones))
            )
        }
        return [
            SimilarContact(
                contact_id=contact_id,
                name=f"{contacts[contact_id].first_name} {contacts[contact_id].last_name}".strip(),
                emails=tuple(e.email for e in contacts[contact_id].emails),
                phones=tuple(p.e164 for p in contacts[contact_id].phones),
                score=round(found[0][0]),
                reason=" · ".join(reason for _, reason in found),
            )
            for found, contact_id in ranked
        ]
