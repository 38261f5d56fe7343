"""Renewals coming due: funded loans whose term matures soon, for the Today page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from app.db.models import Contact, Inquiry, InquiryType, Task
from app.domain.enums import InquiryStatus, TaskKind, TaskState
from app.services.context import ServiceContext

DEFAULT_WITHIN_DAYS = 120  # the renewal rule's first check comes 120 days before maturity


@dataclass(frozen=True)
class RenewalDue:
    """A funded loan maturing soon, with its open renewal-check task if it has one."""

    inquiry_id: int
    contact_id: int
    contact_name: str
    type_name: str
    amount: Decimal | None
    maturity: date
    days_left: int
    task_id: int | None
    task_title: str
    task_due_at: datetime | None


@dataclass(frozen=True)
class Renewals:
    count: int  # all in the window, even beyond `items`
    items: tuple[RenewalDue, ...]


def renewals_due(
    ctx: ServiceContext, *, within_days: int = DEFAULT_WITHIN_DAYS, limit: int = 200
) -> Renewals:
    """Funded (won) inquiries whose term matures from today through `within_days` days
    ahead, soonest first, at most `limit` of them (`count` says how many in all)."""
    if within_days < 0 or limit < 0:
        raise ValueError("within_days and limit must not be negative")
    today = ctx.clock.now().astimezone(ctx.clock.tz).date()
    last = today + timedelta(days=within_days)
    where = (
        Inquiry.status == InquiryStatus.WON,
        Inquiry.term_maturity_date >= today,
        Inquiry.term_maturity_date <= last,
    )
    with ctx.db.session() as session:
        count = session.scalar(select(func.count()).select_from(Inquiry).where(*where)) or 0
        if not limit:
            return Renewals(count=int(count), items=())
        rows = session.execute(
            select(
                Inquiry.id,
                Inquiry.contact_id,
                Contact.first_name,
                Contact.last_name,
                InquiryType.name,
                Inquiry.amount,
                Inquiry.term_maturity_date,
            )
            .join(Contact, Contact.id == Inquiry.contact_id)
            .join(InquiryType, InquiryType.id == Inquiry.type_id)
            .where(*where)
            .order_by(Inquiry.term_maturity_date, Inquiry.id)
            .limit(limit)
        ).all()
        ids = [row[0] for row in rows]
        tasks: dict[int, tuple[int, str, datetime]] = {}
        for task in session.scalars(
            select(Task)
            .where(
                Task.inquiry_id.in_(ids),
                Task.kind == TaskKind.RENEWAL_CHECK,
                Task.state == TaskState.OPEN,
            )
            .order_by(Task.due_at.desc())  # the earliest wins: it is written last
        ):
            assert task.inquiry_id is not None  # selected by inquiry
            tasks[task.inquiry_id] = (task.id, task.title, task.due_at)
    items = []
    for inquiry_id, contact_id, first, last_name, type_name, amount, maturity in rows:
        assert maturity is not None  # filtered in SQL
        task_id, title, due = tasks.get(inquiry_id, (None, "", None))
        items.append(
            RenewalDue(
                inquiry_id=inquiry_id,
                contact_id=contact_id,
                contact_name=f"{first} {last_name}".strip(),
                type_name=type_name,
                amount=amount,
                maturity=maturity,
                days_left=(maturity - today).days,
                task_id=task_id,
                task_title=title,
                task_due_at=due,
            )
        )
    return Renewals(count=int(count), items=tuple(items))
