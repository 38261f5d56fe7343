"""The Contacts page's queries: filter (text, tag), server-side sort, pages, CSV export.

Sorting happens in SQL (ORDER BY ... , id), never on the rows already loaded, so the
order is right across pages of a 100,000-contact list. The text filter is the contact
list's own (name, email or phone digits), so both screens agree on what matches.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session

from app.db.models import Contact, ContactEmail, ContactPhone, Inquiry, Tag, contact_tags
from app.domain.contact_points import display_phone
from app.domain.enums import InquiryStatus
from app.errors import InvalidInput, LeadkeeperError
from app.services.contact_list import _filter as text_condition
from app.services.context import ServiceContext
from app.services.export import LIST_SEPARATOR, write_csv

SORT_KEYS = ("name", "email", "phone", "city", "inquiries", "added")
EXPORT_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "city",
    "tags",
    "active_inquiries",
    "created_at",
)
EXPORT_CHUNK = 1000
Progress = Callable[[int, int], None]  # (rows written, rows in all)


@dataclass(frozen=True)
class ContactQuery:
    """What the Contacts page shows: the filter and the sort."""

    text: str = ""
    tag: str = ""
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class ContactListRow:
    id: int
    first_name: str
    last_name: str
    email: str  # the primary address, or ""
    phone: str  # the primary number, readable, or ""
    city: str
    tags: tuple[str, ...]
    active_inquiries: int
    created_at: datetime

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def _primary_email() -> Any:
    return (
        select(ContactEmail.email)
        .where(ContactEmail.contact_id == Contact.id)
        .order_by(ContactEmail.position, ContactEmail.id)
        .limit(1)
        .scalar_subquery()
    )


def _primary_phone() -> Any:
    return (
        select(ContactPhone.e164)
        .where(ContactPhone.contact_id == Contact.id)
        .order_by(ContactPhone.position, ContactPhone.id)
        .limit(1)
        .scalar_subquery()
    )


def _active_inquiries() -> Any:
    return (
        select(func.count())
        .select_from(Inquiry)
        .where(Inquiry.contact_id == Contact.id, Inquiry.status == InquiryStatus.ACTIVE)
        .scalar_subquery()
    )


def _where(query: ContactQuery) -> ColumnElement[bool]:
    condition = text_condition(query.text)
    tag = query.tag.strip()
    if tag:
        condition = and_(
            condition,
            exists().where(
                contact_tags.c.contact_id == Contact.id,
                contact_tags.c.tag_id == Tag.id,
                Tag.name == tag,
            ),
        )
    return condition


def _ordered_ids(query: ContactQuery) -> Any:
    """The ids in display order. Only the sort key is computed for every matching row;
    the columns shown are fetched for one page of ids afterwards."""
    if query.sort not in SORT_KEYS:
        raise InvalidInput(f"cannot sort by '{query.sort}' (known: {', '.join(SORT_KEYS)})")
    statement = select(Contact.id).where(_where(query))
    if query.sort == "email":  # position 0 is the primary address (and number)
        statement = statement.outerjoin(
            ContactEmail, and_(ContactEmail.contact_id == Contact.id, ContactEmail.position == 0)
        )
    elif query.sort == "phone":
        statement = statement.outerjoin(
            ContactPhone, and_(ContactPhone.contact_id == Contact.id, ContactPhone.position == 0)
        )
    key = {
        "name": Contact.search_name,
        "email": ContactEmail.email,
        "phone": ContactPhone.e164,
        "city": Contact.city,
        "inquiries": _active_inquiries(),
        "added": Contact.created_at,
    }[query.sort]
    order = (key.desc(), Contact.id.desc()) if query.descending else (key, Contact.id)
    return statement.order_by(*order)


def _page(session: Session, ids: list[int]) -> list[ContactListRow]:
    """The shown columns of the contacts `ids`, in that order."""
    raw = session.execute(
        select(
            Contact.id,
            Contact.first_name,
            Contact.last_name,
            _primary_email(),
            _primary_phone(),
            Contact.city,
            _active_inquiries(),
            Contact.created_at,
        ).where(Contact.id.in_(ids))
    ).all()
    tags = _tags_of(session, ids)
    rows = {
        cid: ContactListRow(
            id=cid,
            first_name=first,
            last_name=last,
            email=email or "",
            phone=display_phone(phone) if phone else "",
            city=city or "",
            tags=tags.get(cid, ()),
            active_inquiries=int(active or 0),
            created_at=created,
        )
        for cid, first, last, email, phone, city, active, created in raw
    }
    return [rows[cid] for cid in ids if cid in rows]


def _tags_of(session: Session, ids: list[int]) -> dict[int, tuple[str, ...]]:
    tags: dict[int, list[str]] = {}
    for cid, name in session.execute(
        select(contact_tags.c.contact_id, Tag.name)
        .join(Tag, Tag.id == contact_tags.c.tag_id)
        .where(contact_tags.c.contact_id.in_(ids))
        .order_by(Tag.name)
    ):
        tags.setdefault(cid, []).append(name)
    return {cid: tuple(names) for cid, names in tags.items()}


def contact_rows_page(
    ctx: ServiceContext, query: ContactQuery, *, offset: int, limit: int
) -> list[ContactListRow]:
    """Rows `offset` to `offset + limit` of the active contacts matching `query`, in
    its sort order (ties by id, so pages never overlap)."""
    if offset < 0 or limit < 0:
        raise ValueError("offset and limit must not be negative")
    with ctx.db.session() as session:
        ids = list(session.scalars(_ordered_ids(query).offset(offset).limit(limit)))
        return _page(session, ids)


def count_matching(ctx: ServiceContext, query: ContactQuery) -> int:
    """How many active contacts match the filter of `query`."""
    with ctx.db.session() as session:
        statement = select(func.count()).select_from(Contact).where(_where(query))
        return int(session.scalar(statement) or 0)


def list_tags(ctx: ServiceContext) -> list[str]:
    """Every tag in use, by name."""
    with ctx.db.session() as session:
        used = select(contact_tags.c.tag_id)
        return list(session.scalars(select(Tag.name).where(Tag.id.in_(used)).order_by(Tag.name)))


def _export_rows(ctx: ServiceContext, query: ContactQuery) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        page = contact_rows_page(ctx, query, offset=offset, limit=EXPORT_CHUNK)
        for row in page:
            yield {
                "id": row.id,
                "first_name": row.first_name,
                "last_name": row.last_name,
                "email": row.email,
                "phone": row.phone,
                "city": row.city,
                "tags": LIST_SEPARATOR.join(row.tags),
                "active_inquiries": row.active_inquiries,
                "created_at": row.created_at,
            }
        if len(page) < EXPORT_CHUNK:
            return
        offset += EXPORT_CHUNK


def _counted(
    rows: Iterator[dict[str, Any]], total: int, progress: Progress | None
) -> Iterator[dict[str, Any]]:
    for n, row in enumerate(rows, start=1):
        yield row
        if progress is not None and (n % EXPORT_CHUNK == 0 or n == total):
            progress(n, total)


def export_contacts_csv(
    ctx: ServiceContext, query: ContactQuery, path: Path, progress: Progress | None = None
) -> int:
    """Write the contacts `query` shows, in its order, to `path` as CSV (export.py's
    writer: Excel-friendly, formula-safe). Atomic and private (0600): a failed export
    leaves no half file. `progress(done, total)` is called every EXPORT_CHUNK rows.
    Returns the number of rows written."""
    total = count_matching(ctx, query)
    target = path.expanduser()
    if target.is_dir():
        raise LeadkeeperError(f"cannot write {path}: it is a folder")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        raise LeadkeeperError(f"cannot write {path}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as out:
            count = write_csv(
                _counted(_export_rows(ctx, query), total, progress), EXPORT_COLUMNS, out
            )
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise LeadkeeperError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
    return count


@dataclass(frozen=True)
class ContactInquiry:
    contact_id: int
    name: str
    inquiry_id: int | None  # the latest active one, else the latest of any status


def latest_inquiry(ctx: ServiceContext, contact_id: int) -> ContactInquiry:
    """Which inquiry opening a contact shows (None when they have none yet)."""
    with ctx.db.session() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise InvalidInput(f"no contact with id {contact_id}")
        inquiry_id = session.scalar(
            select(Inquiry.id)
            .where(Inquiry.contact_id == contact_id)
            .order_by(
                (Inquiry.status != InquiryStatus.ACTIVE),
                Inquiry.created_at.desc(),
                Inquiry.id.desc(),
            )
            .limit(1)
        )
        name = f"{contact.first_name} {contact.last_name}".strip()
        return ContactInquiry(contact_id, name, inquiry_id)
