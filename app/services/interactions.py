"""The timeline: logging calls, emails, texts, meetings and notes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Contact, Interaction
from app.domain.enums import Direction, InteractionKind
from app.errors import InvalidInput, NotFound
from app.services import audit
from app.services.context import ServiceContext
from app.services.dto import InteractionView
from app.services.followups import replan
from app.services.inquiries import load_inquiry

# A note or a system event is not a conversation with the client.
CONVERSATION_KINDS = {
    InteractionKind.CALL,
    InteractionKind.EMAIL,
    InteractionKind.TEXT,
    InteractionKind.MEETING,
}


def interaction_view(row: Interaction) -> InteractionView:
    return InteractionView(
        id=row.id,
        contact_id=row.contact_id,
        inquiry_id=row.inquiry_id,
        kind=row.kind,
        direction=row.direction,
        occurred_at=row.occurred_at,
        summary=row.summary,
        body=row.body,
        message_id=row.message_id,
    )


def add_interaction(
    session: Session,
    *,
    now: datetime,
    contact_id: int,
    inquiry_id: int | None,
    kind: str,
    direction: str,
    summary: str = "",
    body: str = "",
    occurred_at: datetime | None = None,
    message_id: str | None = None,
) -> tuple[Interaction, bool]:
    """Log one interaction inside an open session. Returns (row, created).

    A message already logged under the same Message-ID is returned as it is.
    """
    if kind not in InteractionKind.__members__.values():
        raise InvalidInput(f"unknown interaction kind '{kind}'")
    if direction not in Direction.__members__.values():
        raise InvalidInput(f"direction must be inbound, outbound or internal, not '{direction}'")
    if message_id:
        existing = session.scalar(select(Interaction).where(Interaction.message_id == message_id))
        if existing is not None:
            return existing, False
    if session.get(Contact, contact_id) is None:
        raise NotFound(f"no contact with id {contact_id}")
    when = occurred_at or now
    if when > now:
        raise InvalidInput("an interaction cannot be logged in the future")
    inquiry = load_inquiry(session, inquiry_id) if inquiry_id is not None else None
    if inquiry is not None and inquiry.contact_id != contact_id:
        raise InvalidInput(f"inquiry {inquiry_id} belongs to another contact")
    row = Interaction(
        contact_id=contact_id,
        inquiry_id=inquiry_id,
        kind=kind,
        direction=direction,
        occurred_at=when,
        summary=summary.strip()[:300],
        body=body,
        message_id=message_id,
        created_at=now,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        at=now,
        entity="interaction",
        entity_id=row.id,
        action="create",
        new=f"{direction} {kind}",
    )
    if inquiry is not None and kind in CONVERSATION_KINDS:
        if inquiry.last_contact_at is None or when > inquiry.last_contact_at:
            inquiry.last_contact_at = when
        if direction == Direction.OUTBOUND and inquiry.first_response_at is None:
            inquiry.first_response_at = when  # speed to lead is measured from this
        if direction == Direction.INBOUND and (
            inquiry.last_inbound_at is None or when > inquiry.last_inbound_at
        ):
            inquiry.last_inbound_at = when
        replan(session, inquiry, now)
    return row, True


def log_interaction(
    ctx: ServiceContext,
    *,
    contact_id: int,
    inquiry_id: int | None = None,
    kind: str,
    direction: str,
    summary: str = "",
    body: str = "",
    occurred_at: datetime | None = None,
    message_id: str | None = None,
) -> InteractionView:
    """Log a call, email, text, meeting or note. The first outbound contact sets the
    inquiry's first-response time; an inbound reply stops its new-lead cadence."""
    with ctx.db.session() as session:
        row, _created = add_interaction(
            session,
            now=ctx.clock.now(),
            contact_id=contact_id,
            inquiry_id=inquiry_id,
            kind=kind,
            direction=direction,
            summary=summary,
            body=body,
            occurred_at=occurred_at,
            message_id=message_id,
        )
        return interaction_view(row)


def timeline(ctx: ServiceContext, contact_id: int, *, limit: int = 200) -> list[InteractionView]:
    """A contact's interactions, newest first."""
    with ctx.db.session() as session:
        rows = session.scalars(
            select(Interaction)
            .where(Interaction.contact_id == contact_id)
            .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
            .limit(limit)
        )
        return [interaction_view(r) for r in rows]
