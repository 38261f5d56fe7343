"""Today's follow-ups: overdue, due today, unassigned inquiries, stale warm inquiries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.clock import local_day_bounds
from app.db.models import Contact, Inquiry, InquiryType, Stage, Task, User
from app.domain.enums import InquiryStatus, TaskState
from app.services.context import ServiceContext
from app.services.settings import get_setting


@dataclass(frozen=True)
class DueTask:
    task_id: int
    inquiry_id: int | None
    contact_id: int
    contact_name: str
    kind: str
    title: str
    due_at: datetime
    owner: str | None


@dataclass(frozen=True)
class DueInquiry:
    inquiry_id: int
    contact_id: int
    contact_name: str
    type_name: str
    stage_name: str
    last_contact_at: datetime | None
    days_without_contact: int


T = TypeVar("T")


@dataclass(frozen=True)
class DueSection(Generic[T]):
    count: int  # all matching, even beyond `items`
    items: tuple[T, ...]


@dataclass(frozen=True)
class DueList:
    day: date
    overdue: DueSection[DueTask]
    due_today: DueSection[DueTask]
    unassigned: DueSection[DueInquiry]
    stale_warm: DueSection[DueInquiry]


def _name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


def _tasks(session: Session, condition: object, limit: int) -> DueSection[DueTask]:
    where = and_(Task.state == TaskState.OPEN, condition)  # type: ignore[arg-type]
    count = session.scalar(select(func.count()).select_from(Task).where(where)) or 0
    rows = session.execute(
        select(
            Task.id,
            Task.inquiry_id,
            Task.contact_id,
            Task.kind,
            Task.title,
            Task.due_at,
            Contact.first_name,
            Contact.last_name,
            User.name,
        )
        .join(Contact, Contact.id == Task.contact_id)
        .outerjoin(User, User.id == Task.owner_id)
        .where(where)
        .order_by(Task.due_at, Task.id)
        .limit(limit)
    )
    items = tuple(
        DueTask(
            task_id=tid,
            inquiry_id=iid,
            contact_id=cid,
            contact_name=_name(first, last),
            kind=kind,
            title=title,
            due_at=due_at,
            owner=owner,
        )
        for tid, iid, cid, kind, title, due_at, first, last, owner in rows
    )
    return DueSection(count=int(count), items=items)


def _inquiries(
    session: Session, condition: object, limit: int, as_of: datetime
) -> DueSection[DueInquiry]:
    where = and_(Inquiry.status == InquiryStatus.ACTIVE, condition)  # type: ignore[arg-type]
    count = session.scalar(select(func.count()).select_from(Inquiry).where(where)) or 0
    rows = session.execute(
        select(
            Inquiry.id,
            Inquiry.contact_id,
            Inquiry.last_contact_at,
            Inquiry.created_at,
            Contact.first_name,
            Contact.last_name,
            InquiryType.name,
            Stage.name,
        )
        .join(Contact, Contact.id == Inquiry.contact_id)
        .join(InquiryType, InquiryType.id == Inquiry.type_id)
        .join(Stage, Stage.id == Inquiry.stage_id)
        .where(where)
        .order_by(func.coalesce(Inquiry.last_contact_at, Inquiry.created_at), Inquiry.id)
        .limit(limit)
    )
    items = tuple(
        DueInquiry(
            inquiry_id=iid,
            contact_id=cid,
            contact_name=_name(first, last),
            type_name=type_name,
            stage_name=stage_name,
            last_contact_at=last_contact,
            days_without_contact=max(0, (as_of - (last_contact or created)).days),
        )
        for iid, cid, last_contact, created, first, last, type_name, stage_name in rows
    )
    return DueSection(count=int(count), items=items)


def due_list(ctx: ServiceContext, day: date | None = None, *, limit: int = 200) -> DueList:
    """What needs the broker on `day` (default: today), each section capped at `limit`."""
    tz = ctx.clock.tz
    day = day or ctx.clock.now().astimezone(tz).date()
    start, end = local_day_bounds(day, tz)
    with ctx.db.session() as session:
        stale_days = int(get_setting(session, "stale_after_days", 14) or 14)
        cutoff = end - timedelta(days=stale_days)
        warm_stage_ids = list(
            session.scalars(select(Stage.id).where(Stage.is_warm.is_(True)))
        )
        stale = and_(
            Inquiry.stage_id.in_(warm_stage_ids),
            or_(
                Inquiry.last_contact_at < cutoff,
                and_(Inquiry.last_contact_at.is_(None), Inquiry.created_at < cutoff),
            ),
        )
        return DueList(
            day=day,
            overdue=_tasks(session, Task.due_at < start, limit),
            due_today=_tasks(session, and_(Task.due_at >= start, Task.due_at < end), limit),
            unassigned=_inquiries(session, Inquiry.owner_id.is_(None), limit, end),
            stale_warm=_inquiries(session, stale, limit, end),
        )
