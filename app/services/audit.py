"""The audit log: who changed what, when, from which value to which."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from app.db.models import AuditEntry

AuditValue = str | int | float | bool | Decimal | date | datetime | None


def _text(value: AuditValue) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def record(
    session: Session,
    *,
    at: datetime,
    entity: str,
    entity_id: int,
    action: str,
    field: str = "",
    old: AuditValue = None,
    new: AuditValue = None,
    actor: str = "broker",
) -> None:
    """Add one audit entry to the current transaction."""
    session.add(
        AuditEntry(
            at=at,
            actor=actor,
            entity=entity,
            entity_id=entity_id,
            action=action,
            field=field,
            old_value=_text(old),
            new_value=_text(new),
        )
    )


def record_changes(
    session: Session,
    *,
    at: datetime,
    entity: str,
    entity_id: int,
    changes: dict[str, tuple[AuditValue, AuditValue]],
    actor: str = "broker",
) -> None:
    """One `update` entry per field whose value really changed."""
    for name, (old, new) in changes.items():
        if old != new:
            record(
                session,
                at=at,
                entity=entity,
                entity_id=entity_id,
                action="update",
                field=name,
                old=old,
                new=new,
                actor=actor,
            )
