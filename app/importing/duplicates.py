"""Possible duplicates: import rows waiting for the broker, and Find duplicates.

A row the matcher was unsure about is kept as an `ImportRow` with action "review", the
candidate contact in `contact_id`, the score, and the normalized person in its raw JSON.
Nothing was created for it; resolving it merges it, creates it ("keep both") or skips it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select

from app.db.models import ImportBatch, ImportRow
from app.errors import InvalidInput, LeadkeeperError, NotFound
from app.importing.batch_plan import blank_state
from app.importing.batch_write import contacts_t, ensure_tags, insert_contacts, next_id
from app.importing.contact_merge import ContactMerge, merge_contacts, person_of
from app.importing.dedup import DuplicatePair, find_duplicate_pairs
from app.importing.dedup_index import load_match_index
from app.importing.merge import MergeChanges, fold
from app.importing.merge_store import PendingMerge, load_states, write_merges
from app.importing.model import PersonRecord, RowAction
from app.importing.person_json import person_from_dict
from app.importing.undo import refresh_batch_counts
from app.services.context import ServiceContext

__all__ = [
    "ContactMerge",
    "PossibleDuplicate",
    "Resolution",
    "contact_people",
    "find_duplicates",
    "list_possible_duplicates",
    "merge_contacts",
    "resolve_possible_duplicate",
]

Decision = Literal["merge", "keep_both", "skip"]


@dataclass(frozen=True)
class PossibleDuplicate:
    """An incoming person that may be `candidate_id`, waiting for a decision."""

    import_row_id: int
    batch_id: int
    file_name: str
    row_number: int
    candidate_id: int | None  # None when the candidate contact was removed since
    score: float | None
    reason: str
    person: PersonRecord


def list_possible_duplicates(ctx: ServiceContext) -> list[PossibleDuplicate]:
    """Every queued review row of batches that were not undone, best score first."""
    stmt = (
        select(ImportRow)
        .join(ImportBatch, ImportBatch.id == ImportRow.batch_id)
        .where(ImportRow.action == str(RowAction.REVIEW), ImportBatch.status != "undone")
        .order_by(ImportRow.score.desc(), ImportRow.id)
    )
    with ctx.db.session() as session:
        return [
            PossibleDuplicate(
                r.id,
                r.batch_id,
                r.file_name,
                r.row_number,
                r.contact_id,
                r.score,
                r.reason,
                _person(r),
            )
            for r in session.scalars(stmt)
        ]


def _person(row: ImportRow) -> PersonRecord:
    data = json.loads(row.raw or "{}").get("person")
    if not isinstance(data, dict):
        raise LeadkeeperError(f"import row {row.id} has no stored person to import")
    return person_from_dict(data)


@dataclass(frozen=True)
class Resolution:
    """What became of a possible duplicate after the broker's decision."""

    import_row_id: int
    action: RowAction
    contact_id: int | None


def resolve_possible_duplicate(
    ctx: ServiceContext, import_row_id: int, decision: Decision
) -> Resolution:
    """Merge the row into its candidate, create it as a new contact, or skip it."""
    if decision not in ("merge", "keep_both", "skip"):
        raise InvalidInput("decision must be merge, keep_both or skip")
    now = ctx.clock.now()
    with ctx.db.session() as session:
        row = session.get(ImportRow, import_row_id)
        if row is None:
            raise NotFound(f"no import row with id {import_row_id}")
        batch = session.get(ImportBatch, row.batch_id)
        if row.action != str(RowAction.REVIEW) or batch is None or batch.status == "undone":
            raise LeadkeeperError(f"import row {import_row_id} is not waiting for a decision")
        person = _person(row)
        if decision == "skip":
            row.action, row.reason = str(RowAction.SKIPPED), "skipped by the broker"
        elif decision == "keep_both":
            state = blank_state(next_id(session, contacts_t))
            fold(state, person, MergeChanges())
            tag_ids, created = ensure_tags(session, state.tags)
            insert_contacts(session, [state], tag_ids, now=now)
            _remember_tags(batch, created)
            row.action, row.contact_id = str(RowAction.IMPORTED), state.contact_id
            row.reason = "kept as a new contact by the broker"
        else:
            if row.contact_id is None:
                raise LeadkeeperError("the contact this row looked like no longer exists")
            states = load_states(session, [row.contact_id])
            if row.contact_id not in states:
                raise NotFound(f"no contact with id {row.contact_id}")
            state = states[row.contact_id]
            before_emails, before_phones = len(state.emails), len(state.phones)
            changes = MergeChanges()
            fold(state, person, changes)
            if changes.changed():
                pending = PendingMerge(
                    state, changes, row.score or 0.0, (row.id,), before_emails, before_phones
                )
                _, created = write_merges(session, [pending], batch_id=batch.id, now=now)
                _remember_tags(batch, created)
            row.action = str(RowAction.MERGED)
            row.reason = "merged by the broker" + (
                "; " + "; ".join(changes.conflicts) if changes.conflicts else ""
            )
        refresh_batch_counts(session, batch.id)
        return Resolution(import_row_id, RowAction(row.action), row.contact_id)


def _remember_tags(batch: ImportBatch, created: list[int]) -> None:
    """Tags created on the batch's behalf are removed again if the batch is undone."""
    if created:
        summary = json.loads(batch.summary or "{}")
        summary["tags_created"] = sorted({*summary.get("tags_created", []), *created})
        batch.summary = json.dumps(summary)


def find_duplicates(ctx: ServiceContext) -> list[DuplicatePair]:
    """Pairs of existing (not archived) contacts that look like one person, best first."""
    with ctx.db.session() as session:
        contacts = load_match_index(session)
    return find_duplicate_pairs(contacts)


def contact_people(ctx: ServiceContext, contact_ids: list[int]) -> dict[int, PersonRecord]:
    """The compared details of existing contacts (for a side-by-side view), by id;
    ids of contacts that no longer exist are left out."""
    with ctx.db.session() as session:
        return {cid: person_of(state) for cid, state in load_states(session, contact_ids).items()}
