"""Stalled inquiries: active, yet no stage change and no contact for N days."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db.models import Contact, Inquiry, InquiryType, Stage, User
from app.domain.enums import InquiryStatus
from app.errors import InvalidInput
from app.reports.model import Column, ReportFilter, ReportTable, TableBuilder
from app.reports.scope import Scope, epoch_ms, local_date, resolve_scope
from app.reports.stats import median, seconds
from app.services.context import ServiceContext

DEFAULT_STALLED_DAYS = 14

STAGE_COLUMNS = (
    Column("stage", "Stage"),
    Column("stalled", "Stalled", "int"),
    Column("median_idle", "Median idle", "duration"),
    Column("longest_idle", "Longest idle", "duration"),
)

LIST_COLUMNS = (
    Column("inquiry_id", "Inquiry", "int"),
    Column("client", "Client"),
    Column("type", "Type"),
    Column("stage", "Stage"),
    Column("owner", "Owner"),
    Column("stage_entered", "In stage since", "date"),
    Column("last_contact", "Last contact", "date"),
    Column("idle", "Idle", "duration"),
)


@dataclass(frozen=True)
class _Stalled:
    inquiry_id: int
    client: str
    type_name: str
    stage_id: int
    stage_name: str
    stage_order: int
    owner: str | None
    entered_ms: int
    contact_ms: int | None
    idle_ms: int


def stalled_report(
    ctx: ServiceContext, flt: ReportFilter | None = None, *, days: int = DEFAULT_STALLED_DAYS
) -> ReportTable:
    """Per stage, the active inquiries that have neither changed stage nor had a call,
    email, text or meeting for `days` days, now. Idle time runs from the later of the
    two. The date range is not used (this is about today); type, source and owner are."""
    found = _stalled(ctx, flt or ReportFilter(), days)
    by_stage: dict[int, list[_Stalled]] = defaultdict(list)
    for item in found:
        by_stage[item.stage_id].append(item)
    builder = TableBuilder("stalled", list(STAGE_COLUMNS))
    for items in sorted(by_stage.values(), key=lambda group: group[0].stage_order):
        builder.add(_stage_row(items[0].stage_name, items), [i.inquiry_id for i in items])
    builder.add(_stage_row("All stages", found), [i.inquiry_id for i in found])
    return builder.build(
        has_total=True, note=f"Active, no stage change and no contact for {days} days."
    )


def stalled_list(
    ctx: ServiceContext, flt: ReportFilter | None = None, *, days: int = DEFAULT_STALLED_DAYS
) -> ReportTable:
    """The stalled inquiries themselves, longest idle first (one row per inquiry)."""
    tz = ctx.clock.tz
    builder = TableBuilder("stalled_list", list(LIST_COLUMNS))
    for item in sorted(_stalled(ctx, flt or ReportFilter(), days), key=lambda i: -i.idle_ms):
        builder.add(
            {
                "inquiry_id": item.inquiry_id,
                "client": item.client,
                "type": item.type_name,
                "stage": item.stage_name,
                "owner": item.owner,
                "stage_entered": local_date(item.entered_ms, tz),
                "last_contact": None
                if item.contact_ms is None
                else local_date(item.contact_ms, tz),
                "idle": seconds(item.idle_ms),
            },
            [item.inquiry_id],
        )
    return builder.build(note=f"Active, no stage change and no contact for {days} days.")


def _stage_row(name: str, items: list[_Stalled]) -> dict[str, object]:
    idle = [i.idle_ms for i in items]
    return {
        "stage": name,
        "stalled": len(items),
        "median_idle": seconds(median(idle)),
        "longest_idle": seconds(max(idle)) if idle else None,
    }


def _stalled(ctx: ServiceContext, flt: ReportFilter, days: int) -> list[_Stalled]:
    if days < 1:
        raise InvalidInput("stalled needs at least 1 day without activity")
    with ctx.db.session() as session:
        scope = resolve_scope(session, flt, ctx.clock)
        return _query(session, scope, days)


def _query(session: Session, scope: Scope, days: int) -> list[_Stalled]:
    cutoff = scope.now - timedelta(days=days)
    now_ms = scope.now_ms
    rows = session.execute(
        select(
            Inquiry.id,
            Contact.first_name,
            Contact.last_name,
            InquiryType.name,
            Stage.id,
            Stage.name,
            Stage.position,
            User.name,
            epoch_ms(Inquiry.stage_entered_at),
            epoch_ms(Inquiry.last_contact_at),
        )
        .join(Contact, Contact.id == Inquiry.contact_id)
        .join(InquiryType, InquiryType.id == Inquiry.type_id)
        .join(Stage, Stage.id == Inquiry.stage_id)
        .outerjoin(User, User.id == Inquiry.owner_id)
        .where(
            *scope.conditions(created=False),
            Inquiry.status == InquiryStatus.ACTIVE,
            Inquiry.stage_entered_at < cutoff,
            or_(Inquiry.last_contact_at.is_(None), Inquiry.last_contact_at < cutoff),
        )
    ).all()
    found = []
    for iid, first, last, type_name, stage_id, stage_name, position, owner, entered, seen in rows:
        found.append(
            _Stalled(
                inquiry_id=iid,
                client=f"{first} {last}".strip(),
                type_name=type_name,
                stage_id=stage_id,
                stage_name=stage_name,
                stage_order=position,
                owner=owner,
                entered_ms=entered,
                contact_ms=seen,
                idle_ms=now_ms - max(entered, seen or entered),
            )
        )
    return found
