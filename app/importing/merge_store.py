"""Reading merge targets, writing merges in bulk, and reverting one merge exactly."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.orm import Session

from app.db.models import AuditEntry, Merge, contact_tags
from app.errors import LeadkeeperError
from app.importing.absorb import restore_absorbed
from app.importing.batch_write import (
    bulk_insert,
    chunks,
    contacts_t,
    emails_t,
    ensure_tags,
    insert_points,
    next_id,
    phones_t,
    search_name,
    tags_t,
)
from app.importing.merge import MERGE_FIELDS, ContactState, MergeChanges, from_json, to_json

merges_t: Table = Merge.__table__  # type: ignore[assignment]
audit_t: Table = AuditEntry.__table__  # type: ignore[assignment]
MERGE_COLUMNS = ("id", "survivor_id", "batch_id", "score", "snapshot", "merged_at")
AUDIT_COLUMNS = ("at", "actor", "entity", "entity_id", "action", "field", "new_value")


def load_states(session: Session, ids: Sequence[int]) -> dict[int, ContactState]:
    """The current values, emails, phones and tags of the contacts `ids`."""
    c = contacts_t.c
    states: dict[int, ContactState] = {}
    cols = [c.id, c.updated_at, *(c[name] for name in MERGE_FIELDS)]
    ordered = sorted(set(ids))
    for part in chunks(ordered):
        for row in session.execute(select(*cols).where(c.id.in_(part))):
            values = {name: row[i + 2] for i, name in enumerate(MERGE_FIELDS)}
            states[row[0]] = ContactState(row[0], values, updated_at=row[1])
        for cid, email in session.execute(
            select(emails_t.c.contact_id, emails_t.c.email)
            .where(emails_t.c.contact_id.in_(part))
            .order_by(emails_t.c.contact_id, emails_t.c.position)
        ):
            states[cid].emails.append(email)
        for cid, e164 in session.execute(
            select(phones_t.c.contact_id, phones_t.c.e164)
            .where(phones_t.c.contact_id.in_(part))
            .order_by(phones_t.c.contact_id, phones_t.c.position)
        ):
            states[cid].phones.append(e164)
        for cid, name in session.execute(
            select(contact_tags.c.contact_id, tags_t.c.name)
            .join(tags_t, tags_t.c.id == contact_tags.c.tag_id)
            .where(contact_tags.c.contact_id.in_(part))
        ):
            states[cid].tags.append(name)
    return states


@dataclass(frozen=True)
class PendingMerge:
    """A contact an import changed: its state before, what changed, and which rows."""

    state: ContactState
    changes: MergeChanges
    score: float
    row_ids: tuple[int, ...]
    before_emails: int
    before_phones: int


def write_merges(
    session: Session,
    pending: Sequence[PendingMerge],
    *,
    batch_id: int | None,
    now: datetime,
    new_tags: frozenset[str] = frozenset(),
) -> tuple[dict[int, int], list[int]]:
    """Apply the merges: update contacts, add emails/phones/tags, write `Merge` rows and
    one audit entry each. Returns merge ids by contact id, and the tag ids created.
    `new_tags` names tags this import already created (an undo may remove them)."""
    tag_ids, created_tags = ensure_tags(session, (t for p in pending for t in p.changes.tags))
    created_names = set(new_tags) | {n for n, i in tag_ids.items() if i in created_tags}
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    emails: list[tuple[int, str, int]] = []
    phones: list[tuple[int, str, int]] = []
    links: list[tuple[int, int]] = []
    merge_rows: list[tuple[Any, ...]] = []
    audit_rows: list[tuple[Any, ...]] = []
    first_id = next_id(session, merges_t)
    merge_ids: dict[int, int] = {}
    for n, p in enumerate(pending):
        cid, ch = p.state.contact_id, p.changes
        fields = dict(ch.fields)
        if "first_name" in fields or "last_name" in fields:
            v = p.state.values
            old_first = fields.get("first_name", (v["first_name"], None))[0]
            old_last = fields.get("last_name", (v["last_name"], None))[0]
            fields["search_name"] = (
                search_name(old_first, old_last),
                search_name(v["first_name"], v["last_name"]),
            )
        fields["updated_at"] = (p.state.updated_at, now)
        columns = tuple(sorted(fields))
        by_columns[columns].append({"b_id": cid, **{"b_" + k: fields[k][1] for k in columns}})
        emails.extend((cid, e, p.before_emails + i) for i, e in enumerate(ch.emails))
        phones.extend((cid, e, p.before_phones + i) for i, e in enumerate(ch.phones))
        added_tags = list(dict.fromkeys(t[:60] for t in ch.tags))
        links.extend((cid, tag_ids[t]) for t in added_tags)
        snapshot = {
            "fields": {
                k: [to_json(old), to_json(new)]
                for k, (old, new) in fields.items()
                if k != "updated_at"
            },
            "updated_at": [_iso(p.state.updated_at), _iso(now)],
            "emails": ch.emails,
            "phones": ch.phones,
            "tags": added_tags,
            "created_tags": [t for t in added_tags if t in created_names],
            "conflicts": ch.conflicts,
            "import_rows": list(p.row_ids),
        }
        merge_id = first_id + n
        merge_ids[cid] = merge_id
        merge_rows.append(
            (merge_id, cid, batch_id, p.score, json.dumps(snapshot, ensure_ascii=False), now)
        )
        audit_rows.append(_audit(now, cid, "merge", ",".join(sorted(ch.fields))[:60], merge_id))
    for columns, params in by_columns.items():
        stmt = (
            update(contacts_t)
            .where(contacts_t.c.id == bindparam("b_id"))
            .values({k: bindparam("b_" + k) for k in columns})
        )
        session.execute(stmt, params)
    insert_points(session, emails, phones, links)
    if merge_rows:
        bulk_insert(session, merges_t, MERGE_COLUMNS, merge_rows)
        bulk_insert(session, audit_t, AUDIT_COLUMNS, audit_rows)
    return merge_ids, created_tags


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _audit(
    now: datetime, contact_id: int, action: str, field: str, merge_id: int
) -> tuple[Any, ...]:
    return (now, "import", "contact", contact_id, action, field, f"merge {merge_id}")


def revert_merge(session: Session, merge: Merge, *, now: datetime) -> list[int]:
    """Put the survivor back as it was before `merge`; returns the import row ids it
    covered. Refuses (LeadkeeperError) if a merged value was changed since."""
    if merge.undone_at is not None:
        raise LeadkeeperError(f"merge {merge.id} was already undone")
    snap = json.loads(merge.snapshot)
    fields: dict[str, list[Any]] = snap.get("fields", {})
    c = contacts_t.c
    cid = merge.survivor_id
    names = [*fields, "updated_at"]
    row = session.execute(select(*(c[n] for n in names)).where(c.id == cid)).one_or_none()
    if row is None:
        raise LeadkeeperError(f"merge {merge.id} cannot be undone: contact {cid} is gone")
    current = dict(zip(names, row, strict=True))
    changed = [n for n, (_, new) in fields.items() if to_json(current[n]) != new]
    if changed:
        raise LeadkeeperError(
            f"merge {merge.id} cannot be undone: contact {cid} was edited since "
            f"({', '.join(sorted(changed))}); undoing would lose that edit"
        )
    if snap.get("absorbed"):  # a merge of two existing contacts (Find duplicates)
        restore_absorbed(session, cid, merge.id, snap["absorbed"])
    restore: dict[str, Any] = {n: from_json(n, old) for n, (old, _) in fields.items()}
    old_updated = snap.get("updated_at", [None])[0]
    if old_updated is not None:
        restore["updated_at"] = datetime.fromisoformat(old_updated)
    session.execute(update(contacts_t).where(c.id == cid).values(restore))
    if snap.get("emails"):
        session.execute(
            delete(emails_t).where(
                emails_t.c.contact_id == cid, emails_t.c.email.in_(snap["emails"])
            )
        )
    if snap.get("phones"):
        session.execute(
            delete(phones_t).where(
                phones_t.c.contact_id == cid, phones_t.c.e164.in_(snap["phones"])
            )
        )
    if snap.get("tags"):
        tag_ids = select(tags_t.c.id).where(tags_t.c.name.in_(snap["tags"]))
        session.execute(
            delete(contact_tags).where(
                contact_tags.c.contact_id == cid, contact_tags.c.tag_id.in_(tag_ids)
            )
        )
    if snap.get("created_tags"):
        used = select(contact_tags.c.tag_id)
        session.execute(
            delete(tags_t).where(tags_t.c.name.in_(snap["created_tags"]), tags_t.c.id.not_in(used))
        )
    merge.undone_at = now
    bulk_insert(session, audit_t, AUDIT_COLUMNS, [_audit(now, cid, "undo_merge", "", merge.id)])
    return [int(i) for i in snap.get("import_rows", [])]
