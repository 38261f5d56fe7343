"""Changing several contacts at once: tags, and the owner of their open inquiries.

Each function returns exactly what it changed, so the caller can undo it precisely: a
contact that already had the tag is not untagged by the undo, and an inquiry goes back to
the owner it really had.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from app.db.models import Contact, Inquiry, Tag, Task, User, contact_tags
from app.domain.enums import InquiryStatus, TaskState
from app.errors import InvalidInput, NotFound
from app.services import audit
from app.services.context import ServiceContext
from app.services.lookups import user_by_id

MAX_TAG_LENGTH = 60  # tags.name
# Won and lost inquiries keep the owner who closed them.
OPEN_STATUSES = (InquiryStatus.ACTIVE, InquiryStatus.ON_HOLD, InquiryStatus.NURTURE)


@dataclass(frozen=True)
class TagChange:
    tag: str
    contact_ids: tuple[int, ...]  # the contacts whose tags really changed


@dataclass(frozen=True)
class OwnerChange:
    owner_id: int | None
    previous: tuple[tuple[int, int | None], ...]  # (inquiry id, owner id before)

    @property
    def inquiry_ids(self) -> tuple[int, ...]:
        return tuple(inquiry_id for inquiry_id, _ in self.previous)


def _tag_name(tag: str) -> str:
    name = " ".join(tag.split())
    if not name:
        raise InvalidInput("a tag needs a name")
    if len(name) > MAX_TAG_LENGTH:
        raise InvalidInput(f"tags are limited to {MAX_TAG_LENGTH} characters")
    return name


def _existing(session: Session, ids: Iterable[int]) -> list[int]:
    wanted = sorted(set(ids))
    found = list(session.scalars(select(Contact.id).where(Contact.id.in_(wanted))))
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise NotFound(f"no contact with id {missing[0]}")
    return found


def tag_contacts(ctx: ServiceContext, ids: Iterable[int], tag: str) -> TagChange:
    """Give every contact in `ids` the tag (created if new); returns who gained it."""
    name = _tag_name(tag)
    now = ctx.clock.now()
    with ctx.db.session() as session:
        contact_ids = _existing(session, ids)
        row = session.scalar(select(Tag).where(Tag.name == name))
        if row is None:
            row = Tag(name=name)
            session.add(row)
            session.flush()
        had = set(
            session.scalars(
                select(contact_tags.c.contact_id).where(
                    contact_tags.c.tag_id == row.id, contact_tags.c.contact_id.in_(contact_ids)
                )
            )
        )
        added = [cid for cid in contact_ids if cid not in had]
        if added:
            session.execute(
                insert(contact_tags), [{"contact_id": cid, "tag_id": row.id} for cid in added]
            )
        for cid in added:
            audit.record(session, at=now, entity="contact", entity_id=cid, action="tag", new=name)
        return TagChange(tag=name, contact_ids=tuple(added))


def untag_contacts(ctx: ServiceContext, ids: Iterable[int], tag: str) -> TagChange:
    """Take the tag off every contact in `ids`; returns who lost it."""
    name = _tag_name(tag)
    now = ctx.clock.now()
    with ctx.db.session() as session:
        contact_ids = _existing(session, ids)
        row = session.scalar(select(Tag).where(Tag.name == name))
        if row is None:
            return TagChange(tag=name, contact_ids=())
        had = sorted(
            session.scalars(
                select(contact_tags.c.contact_id).where(
                    contact_tags.c.tag_id == row.id, contact_tags.c.contact_id.in_(contact_ids)
                )
            )
        )
        session.execute(
            delete(contact_tags).where(
                contact_tags.c.tag_id == row.id, contact_tags.c.contact_id.in_(had)
            )
        )
        for cid in had:
            audit.record(session, at=now, entity="contact", entity_id=cid, action="untag", old=name)
        return TagChange(tag=name, contact_ids=tuple(had))


def _set_owner(session: Session, inquiry: Inquiry, owner: User | None, now: datetime) -> None:
    before = session.get(User, inquiry.owner_id) if inquiry.owner_id else None
    old = before.name if before else None
    inquiry.owner_id = owner.id if owner else None
    inquiry.updated_at = now
    for task in session.scalars(
        select(Task).where(Task.inquiry_id == inquiry.id, Task.state == TaskState.OPEN)
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
        new=owner.name if owner else None,
    )


def assign_inquiries_of_contacts(
    ctx: ServiceContext, ids: Iterable[int], owner_id: int | None
) -> OwnerChange:
    """Give the open (active, on hold, nurture) inquiries of these contacts to
    `owner_id` (None: unassigned); their open tasks follow. Returns the previous owners
    of the inquiries that changed hands."""
    now = ctx.clock.now()
    with ctx.db.session() as session:
        contact_ids = _existing(session, ids)
        owner = user_by_id(session, owner_id) if owner_id is not None else None
        inquiries = session.scalars(
            select(Inquiry)
            .where(Inquiry.contact_id.in_(contact_ids), Inquiry.status.in_(OPEN_STATUSES))
            .order_by(Inquiry.id)
        ).all()
        previous = []
        for inquiry in inquiries:
            if inquiry.owner_id != owner_id:
                previous.append((inquiry.id, inquiry.owner_id))
                _set_owner(session, inquiry, owner, now)
        return OwnerChange(owner_id=owner_id, previous=tuple(previous))


def restore_owners(ctx: ServiceContext, change: OwnerChange) -> OwnerChange:
    """Undo `assign_inquiries_of_contacts`: each inquiry back to its previous owner."""
    now = ctx.clock.now()
    with ctx.db.session() as session:
        restored = []
        for inquiry_id, owner_id in change.previous:
            inquiry = session.get(Inquiry, inquiry_id)
            if inquiry is None:
                continue  # erased since: nothing to give back
            restored.append((inquiry_id, inquiry.owner_id))
            owner = session.get(User, owner_id) if owner_id is not None else None
            _set_owner(session, inquiry, owner, now)
        return OwnerChange(owner_id=None, previous=tuple(restored))


@dataclass(frozen=True)
class Owner:
    id: int
    name: str


def list_owners(ctx: ServiceContext) -> list[Owner]:
    """The active users an inquiry can be assigned to, by name."""
    with ctx.db.session() as session:
        rows = session.execute(
            select(User.id, User.name).where(User.active.is_(True)).order_by(User.name)
        )
        return [Owner(uid, name) for uid, name in rows]
