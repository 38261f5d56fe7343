"""Resolving the keys people type (type, source, stage, owner) to rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import InquiryType, Source, Stage, User
from app.errors import InvalidInput
from app.services.dto import StageView


def inquiry_type_by_key(session: Session, key: str) -> InquiryType:
    row = session.scalar(select(InquiryType).where(InquiryType.key == key))
    if row is None:
        known = ", ".join(session.scalars(select(InquiryType.key).order_by(InquiryType.position)))
        raise InvalidInput(f"unknown inquiry type '{key}' (known: {known})")
    return row


def source_by_key(session: Session, key: str) -> Source:
    row = session.scalar(select(Source).where(Source.key == key))
    if row is None:
        known = ", ".join(session.scalars(select(Source.key).order_by(Source.id)))
        raise InvalidInput(f"unknown source '{key}' (known: {known})")
    return row


def stage_by_key(session: Session, key: str) -> Stage:
    row = session.scalar(select(Stage).where(Stage.key == key))
    if row is None:
        known = ", ".join(session.scalars(select(Stage.key).order_by(Stage.position)))
        raise InvalidInput(f"unknown stage '{key}' (known: {known})")
    return row


def first_stage(session: Session) -> Stage:
    """Where a new inquiry starts: the first open stage."""
    row = session.scalar(
        select(Stage).where(Stage.active.is_(True), Stage.kind == "open").order_by(Stage.position)
    )
    if row is None:
        raise InvalidInput("no open stage is configured; add one in Settings")
    return row


def default_owner(session: Session) -> User | None:
    """The broker (the first active user), who owns new inquiries unless told otherwise."""
    return session.scalar(select(User).where(User.active.is_(True)).order_by(User.id))


def user_by_id(session: Session, user_id: int) -> User:
    row = session.get(User, user_id)
    if row is None:
        raise InvalidInput(f"no owner with id {user_id}")
    return row


def stage_view(stage: Stage) -> StageView:
    return StageView(
        id=stage.id,
        key=stage.key,
        name=stage.name,
        kind=stage.kind,
        position=stage.position,
        is_warm=stage.is_warm,
        followup_days=stage.followup_days,
    )


def list_stages(session: Session) -> list[StageView]:
    rows = session.scalars(select(Stage).where(Stage.active.is_(True)).order_by(Stage.position))
    return [stage_view(s) for s in rows]
