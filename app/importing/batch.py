"""Importing a batch of normalized rows: one transaction, every row accounted for.

The whole batch is one transaction: a failure or a cancel rolls everything back, so the
database is exactly as before. Every input row gets an `ImportRow` (file, row number, raw
values, action, reason, contact, score), so `rows == created + merged + review + rejected
+ skipped` always holds and the batch can be undone later (`app.importing.undo`).

Audit: one "import" entry for the batch (entity "import_batch") plus one "merge" entry per
existing contact the batch changed; the contacts it creates are listed by its import rows
rather than by 100,000 audit entries.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Table
from sqlalchemy.orm import Session

from app.db.models import AuditEntry, ImportBatch, ImportRow
from app.errors import InvalidInput, LeadkeeperError
from app.importing.batch_plan import ImportPlan, plan_import
from app.importing.batch_states import load_states
from app.importing.batch_write import (
    bulk_insert,
    contacts_t,
    ensure_tags,
    insert_contacts,
    next_id,
)
from app.importing.dedup import match_records, paused_gc
from app.importing.dedup_index import load_match_index
from app.importing.merge_store import PendingMerge, write_merges
from app.importing.model import NormalizedRow, RowAction
from app.importing.person_json import person_to_dict
from app.services.context import ServiceContext

CANCELLED = "import cancelled; nothing was changed"
IMPORT_CACHE_KIB = 131072  # 128 MB of SQLite page cache while importing
REVIEW_MODES = ("queue", "skip")
_ENCODER = json.JSONEncoder(ensure_ascii=False)

rows_t: Table = ImportRow.__table__  # type: ignore[assignment]
ROW_COLUMNS = (
    "id", "batch_id", "file_name", "row_number", "raw", "action", "reason", "contact_id", "score",
)  # fmt: skip


class RejectedRow(NamedTuple):
    """A row that was not imported: file name, row number and the reason."""

    file: str
    row: int
    reason: str


@dataclass(frozen=True)
class ImportSummary:
    """What an import did. `batch_id` is None for a dry run (nothing was kept)."""

    batch_id: int | None
    rows: int
    created: int
    merged: int
    review: int
    rejected: list[RejectedRow] = field(default_factory=list)
    skipped: int = 0
    dry_run: bool = False


class _DryRunDone(Exception):
    def __init__(self, summary: ImportSummary) -> None:
        super().__init__("dry run")
        self.summary = summary


Progress = Callable[[int, int], None]


def import_records(
    ctx: ServiceContext,
    rows: list[NormalizedRow],
    *,
    kind: str,
    source_name: str,
    review: str = "queue",
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Import `rows` as one batch. `review="skip"` leaves possible duplicates out instead
    of queueing them; `dry_run` does all the work and then rolls it back. `progress(done,
    total)` reports work units; `cancel()` returning True stops the import and raises
    LeadkeeperError(CANCELLED), as does any exception: the database is left untouched."""
    if review not in REVIEW_MODES:
        raise InvalidInput(f"review must be one of {', '.join(REVIEW_MODES)}")
    total = 2 * len(rows)

    def step(done: int) -> None:
        if cancel is not None and cancel():
            raise LeadkeeperError(CANCELLED)
        if progress is not None:
            progress(min(done, total), total)

    try:
        with paused_gc(), ctx.db.session() as session, _big_cache(session):
            summary = _run(session, rows, kind, source_name, review, ctx.clock.now(), step)
            if dry_run:
                raise _DryRunDone(summary)
    except _DryRunDone as done:
        s = done.summary
        return ImportSummary(
            None, s.rows, s.created, s.merged, s.review, s.rejected, s.skipped, dry_run=True
        )
    return summary


@contextmanager
def _big_cache(session: Session) -> Iterator[None]:
    """A larger SQLite page cache for this import's connection, restored afterwards.

    Contacts, emails and phones carry several indexes each; with SQLite's default 2 MB
    cache, inserting 100,000 rows in random key order spends most of its time re-reading
    index pages.
    """
    conn = session.connection()
    previous = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        if not conn.closed:
            conn.exec_driver_sql(f"PRAGMA cache_size = {int(previous or -2000)}")


def _run(
    session: Session,
    rows: Sequence[NormalizedRow],
    kind: str,
    source_name: str,
    review: str,
    now: datetime,
    step: Callable[[int], None],
) -> ImportSummary:
    step(0)
    batch = ImportBatch(
        kind=kind[:20], source_name=source_name[:500], status="running", started_at=now
    )
    session.add(batch)
    session.flush()
    existing = load_match_index(session)
    persons = [r.person for r in rows if r.person is not None]
    decisions = match_records(existing, persons, tick=step)
    states = load_states(
        session, [d.target for d in decisions if d.kind == "merge" and d.target and not d.in_file]
    )
    plan = plan_import(
        rows, decisions, states, first_contact_id=next_id(session, contacts_t), review=review
    )
    step(len(rows))
    tag_ids, created_tags = ensure_tags(session, (t for s in plan.new_contacts for t in s.tags))
    insert_contacts(session, plan.new_contacts, tag_ids, now=now)
    step(len(rows) * 3 // 2)
    first_row_id = next_id(session, rows_t)
    pending = [
        PendingMerge(
            state=state,
            changes=plan.changes[cid],
            score=plan.merge_scores[cid],
            row_ids=tuple(first_row_id + i for i in plan.merge_rows[cid]),
            before_emails=len(state.emails) - len(plan.changes[cid].emails),
            before_phones=len(state.phones) - len(plan.changes[cid].phones),
        )
        for cid, state in plan.merged.items()
        if plan.changes[cid].changed()
    ]
    created_names = frozenset(n for n, i in tag_ids.items() if i in created_tags)
    _, merge_tags = write_merges(
        session, pending, batch_id=batch.id, now=now, new_tags=created_names
    )
    _write_rows(session, batch.id, first_row_id, rows, plan)
    summary = summarize(batch.id, rows, plan)
    batch.status = "done"
    batch.finished_at = now
    batch.summary = json.dumps(
        {**counts_of(summary), "tags_created": sorted(created_tags + merge_tags)}
    )
    session.add(
        AuditEntry(
            at=now,
            actor="import",
            entity="import_batch",
            entity_id=batch.id,
            action="import",
            new_value=json.dumps(counts_of(summary)),
        )
    )
    session.flush()
    step(2 * len(rows))
    return summary


def _write_rows(
    session: Session,
    batch_id: int,
    first_row_id: int,
    rows: Sequence[NormalizedRow],
    plan: ImportPlan,
) -> None:
    records: list[tuple[Any, ...]] = []
    dumps = _ENCODER.encode  # json.dumps(..., ensure_ascii=False) builds an encoder per call
    for i, (row, outcome) in enumerate(zip(rows, plan.outcomes, strict=True)):
        raw: dict[str, Any] = {"values": row.source.values}
        if row.person is not None:
            if row.person.external_id:
                raw["external_id"] = row.person.external_id
            if outcome.keep_person:
                raw["person"] = person_to_dict(row.person)
        records.append(
            (
                first_row_id + i,
                batch_id,
                row.source.file_name[:500],
                row.source.row_number,
                dumps(raw),
                outcome.action.value,
                outcome.reason,
                outcome.contact_id,
                outcome.score,
            )
        )
    bulk_insert(session, rows_t, ROW_COLUMNS, records)


def summarize(batch_id: int, rows: Sequence[NormalizedRow], plan: ImportPlan) -> ImportSummary:
    """Counts and rejected rows of a planned import."""
    counts = {action: 0 for action in RowAction}
    rejected: list[RejectedRow] = []
    for row, outcome in zip(rows, plan.outcomes, strict=True):
        counts[outcome.action] += 1
        if outcome.action is RowAction.REJECTED:
            rejected.append(
                RejectedRow(row.source.file_name, row.source.row_number, outcome.reason)
            )
    return ImportSummary(
        batch_id=batch_id,
        rows=len(rows),
        created=counts[RowAction.IMPORTED],
        merged=counts[RowAction.MERGED],
        review=counts[RowAction.REVIEW],
        rejected=rejected,
        skipped=counts[RowAction.SKIPPED],
    )


def counts_of(summary: ImportSummary) -> dict[str, int]:
    """The counts of a summary, as stored in `ImportBatch.summary`."""
    return {
        "rows": summary.rows,
        "imported": summary.created,
        "merged": summary.merged,
        "review": summary.review,
        "rejected": len(summary.rejected),
        "skipped": summary.skipped,
    }
