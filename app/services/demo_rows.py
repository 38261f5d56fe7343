"""Rows the demo generator collects in memory, then writes in a few bulk inserts.

Ids are handed out here (continuing after the table's largest id), so the simulation can
refer to rows (rule keys such as "doc:<item id>:1", audit entries) before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from app.db.models import (
    AuditEntry,
    ChecklistItem,
    Consent,
    Contact,
    ContactEmail,
    ContactPhone,
    Inquiry,
    Interaction,
    ReferralPartner,
    StageChange,
    Tag,
    Task,
    contact_tags,
)

AuditValue = str | int | float | bool | Decimal | date | datetime | None


# Parents before children, so every foreign key points at a row that is already there.
def _table(model: Any) -> Table:
    table = model if isinstance(model, Table) else model.__table__
    assert isinstance(table, Table)
    return table


INSERT_ORDER: tuple[Table, ...] = tuple(
    _table(t)
    for t in (
        Tag, Contact, ContactEmail, ContactPhone, Consent, contact_tags, ReferralPartner,
        Inquiry, StageChange, ChecklistItem, Task, Interaction, AuditEntry,
    )
)  # fmt: skip
_WITH_IDS = (Tag, Contact, ReferralPartner, Inquiry, ChecklistItem, Task, Interaction)
CHUNK = 5000


def _audit_text(value: AuditValue) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


class DemoRows:
    """Pending rows per table, with ids reserved up front."""

    def __init__(self, session: Session) -> None:
        self.rows: dict[Table, list[dict[str, Any]]] = {t: [] for t in INSERT_ORDER}
        self._next: dict[Table, int] = {}
        for model in _WITH_IDS:
            table = _table(model)
            top = session.scalar(select(func.max(table.c.id)))
            self._next[table] = int(top or 0) + 1

    def new_id(self, model: type[Any]) -> int:
        table = _table(model)
        value = self._next[table]
        self._next[table] = value + 1
        return value

    def add(self, model: type[Any] | Table, **values: Any) -> None:
        self.rows[_table(model)].append(values)

    def audit(
        self,
        at: datetime,
        entity: str,
        entity_id: int,
        action: str,
        *,
        field: str = "",
        old: AuditValue = None,
        new: AuditValue = None,
        actor: str = "broker",
    ) -> None:
        """The audit entry the matching service call would have written."""
        self.add(
            AuditEntry,
            at=at,
            actor=actor,
            entity=entity,
            entity_id=entity_id,
            action=action,
            field=field,
            old_value=_audit_text(old),
            new_value=_audit_text(new),
        )

    def count(self, model: type[Any]) -> int:
        return len(self.rows[_table(model)])

    def write(self, session: Session, progress: Callable[[str], None] | None = None) -> None:
        """Insert everything, in foreign-key order, in chunks of executemany."""
        for table in INSERT_ORDER:
            rows = self.rows[table]
            if not rows:
                continue
            if progress is not None:
                progress(f"{table.name}: {len(rows)} rows")
            rows = _complete(table, rows)
            for start in range(0, len(rows), CHUNK):
                session.execute(insert(table), rows[start : start + CHUNK])
            self.rows[table] = []


def _complete(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every row the same keys (executemany needs that), filling column defaults."""
    shapes = {frozenset(row) for row in rows}
    if len(shapes) == 1:
        return rows
    keys = frozenset().union(*shapes)
    fill: dict[str, Any] = {}
    for key in keys:
        arg = getattr(table.c[key].default, "arg", None)
        fill[key] = None if callable(arg) else arg
    return [row if len(row) == len(keys) else {**fill, **row} for row in rows]
