"""The pipeline board: how many inquiries each stage holds, and one page of its cards.

What the board shows by default (`status="active"`): active inquiries in the open and
waiting stages, and every inquiry in the won and lost stages (those are won or lost by
definition). On hold and nurture inquiries stay off the board unless asked for by status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Select, func, select, true
from sqlalchemy.orm import Session

from app.db.models import ChecklistItem, Contact, Inquiry, InquiryType, Source, Stage
from app.domain.enums import ChecklistStatus, InquiryStatus, StageKind
from app.errors import InvalidInput
from app.services.context import ServiceContext
from app.services.lookups import stage_by_key

BOARD = InquiryStatus.ACTIVE.value
_STATUSES = {s.value for s in InquiryStatus}
_OPEN_ITEMS = (ChecklistStatus.MISSING.value, ChecklistStatus.REQUESTED.value)
_CLOSED_STATUS = {StageKind.WON.value: InquiryStatus.WON.value,
                  StageKind.LOST.value: InquiryStatus.LOST.value}  # fmt: skip


@dataclass(frozen=True)
class InquiryCard:
    """One inquiry as a card on the board."""

    inquiry_id: int
    contact_name: str
    type_name: str
    amount: Decimal | None
    source_name: str | None
    score: int
    missing_documents: int  # checklist items still missing or requested
    next_followup_at: datetime | None
    stage_key: str


@dataclass(frozen=True)
class StageCount:
    """A board column header: the stage, how many inquiries, and their total amount."""

    stage_key: str
    stage_name: str
    count: int
    total_amount: Decimal


def _status_for(stage_kind: str, status: str | None) -> str | None:
    """The status filter for one stage (None: any status)."""
    if status is not None and status not in _STATUSES:
        raise InvalidInput(f"unknown status '{status}' (known: {', '.join(sorted(_STATUSES))})")
    if status == BOARD:
        return _CLOSED_STATUS.get(stage_kind, BOARD)
    return status


def _cards(
    session: Session, stage_key: str, ordered: Select[int], limit: int, offset: int
) -> list[InquiryCard]:
    """One statement: the page's ids (a range of ix_inquiries_stage_status), their cards, and
    the missing-document counts from one grouped subquery over just those ids."""
    page = ordered.limit(limit).offset(offset).cte("page")
    missing = (
        select(ChecklistItem.inquiry_id, func.count().label("n"))
        .where(ChecklistItem.inquiry_id.in_(select(page.c.id)))
        .where(ChecklistItem.status.in_(_OPEN_ITEMS))
        .group_by(ChecklistItem.inquiry_id)
        .subquery("missing")
    )
    rows = session.execute(
        select(
            Inquiry.id,
            Contact.first_name,
            Contact.last_name,
            InquiryType.name,
            Inquiry.amount,
            Source.name,
            Inquiry.score,
            func.coalesce(missing.c.n, 0),
            Inquiry.next_followup_at,
        )
        .select_from(page)
        .join(Inquiry, Inquiry.id == page.c.id)
        .join(Contact, Contact.id == Inquiry.contact_id)
        .join(InquiryType, InquiryType.id == Inquiry.type_id)
        .outerjoin(Source, Source.id == Inquiry.source_id)
        .outerjoin(missing, missing.c.inquiry_id == Inquiry.id)
        .order_by(Inquiry.next_followup_at, Inquiry.id)
    )
    return [
        InquiryCard(
            inquiry_id=inquiry_id,
            contact_name=f"{first} {last}".strip(),
            type_name=type_name,
            amount=amount,
            source_name=source_name,
            score=score,
            missing_documents=int(open_items),
            next_followup_at=due,
            stage_key=stage_key,
        )
        for inquiry_id, first, last, type_name, amount, source_name, score, open_items, due in rows
    ]


def stage_page(
    ctx: ServiceContext,
    stage_key: str,
    *,
    limit: int = 200,
    offset: int = 0,
    status: str | None = BOARD,
) -> list[InquiryCard]:
    """Cards of one stage in follow-up order (earliest next follow-up first, none last).

    `status` "active" is the board's view (see the module docstring); None lists every
    status; any other status lists just that one.
    """
    if limit < 1 or offset < 0:
        raise InvalidInput("limit must be at least 1 and offset not negative")
    with ctx.db.session() as session:
        stage = stage_by_key(session, stage_key)
        wanted = _status_for(stage.kind, status)
        # "(archived_at IS NULL) IS true" keeps SQLite on ix_inquiries_stage_status, read
        # in order; as a plain term it picks ix_inquiries_stage_totals and sorts the stage.
        base = select(Inquiry.id).where(
            Inquiry.stage_id == stage.id, Inquiry.archived_at.is_(None).is_(true())
        )
        if wanted is not None:
            base = base.where(Inquiry.status == wanted)
        # Dated cards, then undated ones: two in-order range scans of the index, because
        # SQLite keeps NULLs first in it and the board wants them last.
        nfa = Inquiry.next_followup_at
        dated = base.where(nfa.is_not(None))
        cards = _cards(session, stage.key, dated.order_by(nfa, Inquiry.id), limit, offset)
        if len(cards) == limit:
            return cards
        skip = 0  # the dated cards ended inside this page...
        if not cards and offset > 0:  # ...or before it: skip the rest of the offset
            total = session.scalar(select(func.count()).select_from(dated.subquery()))
            skip = offset - int(total or 0)
        undated = base.where(nfa.is_(None)).order_by(Inquiry.id)
        return cards + _cards(session, stage.key, undated, limit - len(cards), skip)


def stage_counts(ctx: ServiceContext, *, status: str | None = BOARD) -> list[StageCount]:
    """Every active stage in board order, with its inquiry count and total amount."""
    with ctx.db.session() as session:
        stages = list(
            session.scalars(select(Stage).where(Stage.active.is_(True)).order_by(Stage.position))
        )
        totals: dict[tuple[int, str], tuple[int, Decimal]] = {}
        for stage_id, row_status, count, amount in session.execute(
            select(Inquiry.stage_id, Inquiry.status, func.count(), func.sum(Inquiry.amount))
            .where(Inquiry.archived_at.is_(None))
            .group_by(Inquiry.stage_id, Inquiry.status)
        ):
            totals[(stage_id, row_status)] = (int(count), _money(amount))
        result = []
        for stage in stages:
            wanted = _status_for(stage.kind, status)
            parts = [
                v for (sid, st), v in totals.items() if sid == stage.id and wanted in (None, st)
            ]
            result.append(
                StageCount(
                    stage_key=stage.key,
                    stage_name=stage.name,
                    count=sum(n for n, _ in parts),
                    total_amount=sum((a for _, a in parts), Decimal("0.00")),
                )
            )
        return result


def _money(value: object) -> Decimal:
    """A SUM of a Numeric column (a float on SQLite) as cents."""
    if value is None:
        return Decimal("0.00")
    return Decimal(str(value)).quantize(Decimal("0.01"))
