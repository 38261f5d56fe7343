"""Merging two existing contacts (what Find duplicates offers); `undo_merge` undoes it.

The survivor is filled from the other contact exactly as an import fills it (empty fields
filled, emails/phones/tags added, conflicting values kept and noted); everything that
belongs to the other contact moves to the survivor and the other contact is archived
(`app.importing.absorb`). One `Merge` row with the full snapshot, and audit entries for
both contacts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from app.db.models import AuditEntry, Merge
from app.errors import InvalidInput, LeadkeeperError, NotFound
from app.importing.absorb import absorb
from app.importing.batch_write import contacts_t
from app.importing.merge import ContactState, MergeChanges, fold
from app.importing.merge_store import PendingMerge, load_states, write_merges
from app.importing.model import PersonRecord
from app.services.context import ServiceContext


@dataclass(frozen=True)
class ContactMerge:
    """A merge of two existing contacts: undo it with `undo_merge(ctx, merge_id)`."""

    merge_id: int
    survivor_id: int
    merged_id: int
    conflicts: tuple[str, ...]


def person_of(state: ContactState) -> PersonRecord:
    """A contact's mergeable values as a PersonRecord (what `fold` takes)."""
    v = state.values

    def text(name: str) -> str:
        return str(v.get(name) or "")

    def number(name: str) -> int | None:
        value = v.get(name)
        return value if isinstance(value, int) else None

    dob = v.get("date_of_birth")
    return PersonRecord(
        first_name=text("first_name"),
        last_name=text("last_name"),
        emails=tuple(state.emails),
        phones=tuple(state.phones),
        date_of_birth=None if dob is None or isinstance(dob, str | int) else dob,
        birth_month=number("birth_month"),
        birth_day=number("birth_day"),
        address_line1=text("address_line1"),
        address_line2=text("address_line2"),
        city=text("city"),
        region=text("region"),
        postal_code=text("postal_code"),
        country=text("country"),
        company=text("company"),
        notes=text("notes"),
        tags=tuple(state.tags),
    )


def merge_contacts(ctx: ServiceContext, survivor_id: int, other_id: int) -> ContactMerge:
    """Fold contact `other_id` into `survivor_id` (see the module text). Refuses one
    contact twice or an archived one; nothing is changed then."""
    if survivor_id == other_id:
        raise InvalidInput("a contact cannot be merged with itself")
    now = ctx.clock.now()
    with ctx.db.session() as session:
        c = contacts_t.c
        wanted = (survivor_id, other_id)
        found = dict(session.execute(select(c.id, c.archived_at).where(c.id.in_(wanted))).all())
        for cid in wanted:
            if cid not in found:
                raise NotFound(f"no contact with id {cid}")
            if found[cid] is not None:
                raise LeadkeeperError(f"contact {cid} is archived; restore it before merging")
        states = load_states(session, list(wanted))
        state, other = states[survivor_id], states[other_id]
        before_emails, before_phones = len(state.emails), len(state.phones)
        changes = MergeChanges()
        fold(state, person_of(other), changes)
        pending = PendingMerge(state, changes, 1.0, (), before_emails, before_phones)
        merge_id = write_merges(session, [pending], batch_id=None, now=now)[0][survivor_id]
        merge = session.get(Merge, merge_id)
        assert merge is not None
        snapshot = json.loads(merge.snapshot)
        snapshot["absorbed"] = absorb(session, survivor_id, other, now=now)
        merge.snapshot = json.dumps(snapshot, ensure_ascii=False)
        merge.merged_contact_id = other_id
        session.add(
            AuditEntry(
                at=now,
                actor="broker",
                entity="contact",
                entity_id=other_id,
                action="merged_into",
                new_value=f"contact {survivor_id} (merge {merge_id})",
            )
        )
        return ContactMerge(merge_id, survivor_id, other_id, tuple(changes.conflicts))
