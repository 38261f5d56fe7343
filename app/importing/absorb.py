"""Moving what belongs to one contact onto another, and back (merging existing contacts).

Rows that simply follow their contact (inquiries, tasks, interactions, the
referral-partner record), the consents the survivor lacks and the Possible-duplicate rows
that point at the absorbed contact move to the survivor; the absorbed contact is archived,
never deleted. `absorb` returns what `restore_absorbed` needs to put everything back; the
merge keeps it in its snapshot under "absorbed".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Table, select, update
from sqlalchemy.orm import Session

from app.db.models import Consent, ImportRow, Inquiry, Interaction, ReferralPartner, Task
from app.errors import LeadkeeperError
from app.importing.batch_write import contacts_t
from app.importing.merge import ContactState
from app.importing.model import RowAction


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


# Rows that simply follow their contact: "table.column" -> the column.
_FOLLOWERS: dict[str, Column[Any]] = {
    "inquiries.contact_id": _table(Inquiry).c.contact_id,
    "inquiries.co_borrower_id": _table(Inquiry).c.co_borrower_id,
    "tasks.contact_id": _table(Task).c.contact_id,
    "interactions.contact_id": _table(Interaction).c.contact_id,
    "referral_partners.contact_id": _table(ReferralPartner).c.contact_id,
}
_consents = _table(Consent)
_import_rows = _table(ImportRow)


def absorb(
    session: Session, survivor_id: int, other: ContactState, *, now: datetime
) -> dict[str, Any]:
    """Move what belongs to `other` to the survivor and archive `other`; returns what
    `restore_absorbed` needs to put it all back."""
    other_id = other.contact_id
    moved: dict[str, list[int]] = {}
    for key, column in _FOLLOWERS.items():
        table = column.table
        ids = [i for (i,) in session.execute(select(table.c.id).where(column == other_id))]
        if ids:
            session.execute(
                update(table).where(table.c.id.in_(ids)).values({column.key: survivor_id})
            )
            moved[key] = ids
    taken = select(_consents.c.channel).where(_consents.c.contact_id == survivor_id)
    consent_ids = [
        i
        for (i,) in session.execute(
            select(_consents.c.id).where(
                _consents.c.contact_id == other_id, _consents.c.channel.not_in(taken)
            )
        )
    ]
    if consent_ids:
        session.execute(
            update(_consents).where(_consents.c.id.in_(consent_ids)).values(contact_id=survivor_id)
        )
        moved["consents.contact_id"] = consent_ids
    waiting = [
        i
        for (i,) in session.execute(
            select(_import_rows.c.id).where(
                _import_rows.c.contact_id == other_id,
                _import_rows.c.action == str(RowAction.REVIEW),
            )
        )
    ]
    if waiting:
        session.execute(
            update(_import_rows)
            .where(_import_rows.c.id.in_(waiting))
            .values(contact_id=survivor_id)
        )
        moved["import_rows.contact_id"] = waiting
    session.execute(
        update(contacts_t)
        .where(contacts_t.c.id == other_id)
        .values(archived_at=now, updated_at=now)
    )
    old = other.updated_at.isoformat() if other.updated_at is not None else None
    return {
        "contact_id": other_id,
        "archived_at": now.isoformat(),
        "updated_at": old,
        "moved": moved,
    }


_ALL_MOVABLE: dict[str, Column[Any]] = {
    **_FOLLOWERS,
    "consents.contact_id": _consents.c.contact_id,
    "import_rows.contact_id": _import_rows.c.contact_id,
}


def restore_absorbed(
    session: Session, survivor_id: int, merge_id: int, data: dict[str, Any]
) -> None:
    """Undo `absorb`: the moved rows go back, the other contact is active again. Refused
    when that contact was restored or changed since (nothing is changed then)."""
    other_id = int(data["contact_id"])
    c = contacts_t.c
    row = session.execute(select(c.archived_at).where(c.id == other_id)).one_or_none()
    if row is None:
        raise LeadkeeperError(f"merge {merge_id} cannot be undone: contact {other_id} is gone")
    archived = row[0]
    if archived is None or archived.isoformat() != data.get("archived_at"):
        raise LeadkeeperError(
            f"merge {merge_id} cannot be undone: contact {other_id} was restored or changed since"
        )
    for key, ids in data.get("moved", {}).items():
        column = _ALL_MOVABLE.get(key)
        if column is None or not ids:
            continue
        table = column.table
        session.execute(
            update(table)
            .where(table.c.id.in_([int(i) for i in ids]), column == survivor_id)
            .values({column.key: other_id})
        )
    restore: dict[str, Any] = {"archived_at": None}
    if old := data.get("updated_at"):
        restore["updated_at"] = datetime.fromisoformat(old)
    session.execute(update(contacts_t).where(c.id == other_id).values(restore))
