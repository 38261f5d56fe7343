"""An inquiry's document checklist: request, receive, verify, waive."""

from __future__ import annotations

from sqlalchemy import select

from app.db.models import ChecklistItem
from app.domain.enums import ChecklistStatus
from app.errors import InvalidInput, NotFound
from app.services import audit
from app.services.context import ServiceContext
from app.services.dto import ChecklistItemView
from app.services.followups import replan
from app.services.inquiries import load_inquiry


def checklist_item_view(item: ChecklistItem) -> ChecklistItemView:
    return ChecklistItemView(
        id=item.id,
        inquiry_id=item.inquiry_id,
        doc_key=item.doc_key,
        name=item.name,
        status=item.status,
        requested_at=item.requested_at,
        received_at=item.received_at,
        waived_at=item.waived_at,
        note=item.note,
        file_path=item.file_path,
    )


def set_item_status(
    ctx: ServiceContext,
    item_id: int,
    status: str,
    *,
    note: str | None = None,
    file_path: str | None = None,
) -> ChecklistItemView:
    """Move a checklist item to `status`; its nags and the lead score follow."""
    if status not in ChecklistStatus.__members__.values():
        raise InvalidInput(f"unknown checklist status '{status}'")
    now = ctx.clock.now()
    with ctx.db.session() as session:
        item = session.get(ChecklistItem, item_id)
        if item is None:
            raise NotFound(f"no checklist item with id {item_id}")
        old = item.status
        item.status = status
        if status == ChecklistStatus.REQUESTED:
            item.requested_at = now
        elif status == ChecklistStatus.RECEIVED:
            item.received_at = now
        elif status == ChecklistStatus.VERIFIED:
            item.verified_at = now
            item.received_at = item.received_at or now
        elif status == ChecklistStatus.WAIVED:
            item.waived_at = now
        if note is not None:
            item.note = note
        if file_path is not None:
            item.file_path = file_path
        audit.record(
            session,
            at=now,
            entity="checklist_item",
            entity_id=item.id,
            action="update",
            field="status",
            old=old,
            new=status,
        )
        session.flush()
        replan(session, load_inquiry(session, item.inquiry_id), now)
        return checklist_item_view(item)


def request_item(ctx: ServiceContext, item_id: int, note: str | None = None) -> ChecklistItemView:
    return set_item_status(ctx, item_id, ChecklistStatus.REQUESTED, note=note)


def receive_item(
    ctx: ServiceContext, item_id: int, file_path: str | None = None
) -> ChecklistItemView:
    return set_item_status(ctx, item_id, ChecklistStatus.RECEIVED, file_path=file_path)


def waive_item(ctx: ServiceContext, item_id: int, note: str | None = None) -> ChecklistItemView:
    return set_item_status(ctx, item_id, ChecklistStatus.WAIVED, note=note)


def inquiry_checklist(ctx: ServiceContext, inquiry_id: int) -> list[ChecklistItemView]:
    with ctx.db.session() as session:
        rows = session.scalars(
            select(ChecklistItem)
            .where(ChecklistItem.inquiry_id == inquiry_id)
            .order_by(ChecklistItem.position, ChecklistItem.id)
        )
        return [checklist_item_view(r) for r in rows]
