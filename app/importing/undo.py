"""Undoing a merge, or a whole import batch, exactly.

The safe path: an undo never throws away anything the broker did after the import. A
batch whose new contacts have since got an inquiry, an interaction, a task, a consent, a
referral-partner link, an edit or a merge from elsewhere is not undone at all; the error
names those contacts so the broker can deal with them (archive, merge, or remove them)
and try again. Likewise a merge whose merged-in values were edited since is refused.
Everything happens in one transaction, so a refused undo changes nothing.

After an undo the contacts, emails, phones, tags and consents are exactly as before the
import; the batch, its rows and its merges stay as history (marked undone), and the audit
log gains "undo_import" / "undo_merge" entries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Table, delete, or_, select, update
from sqlalchemy.orm import Session

from app.db.models import (
    AuditEntry,
    Consent,
    ImportBatch,
    ImportRow,
    Inquiry,
    Interaction,
    Merge,
    ReferralPartner,
    Task,
    contact_tags,
)
from app.errors import LeadkeeperError, NotFound
from app.importing.batch_write import chunks, contacts_t, tags_t
from app.importing.merge_store import revert_merge
from app.importing.model import RowAction
from app.services.context import ServiceContext

rows_t: Table = ImportRow.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class UndoSummary:
    """What undoing a batch did."""

    batch_id: int
    contacts_removed: int
    merges_reverted: int


def undo_merge(ctx: ServiceContext, merge_id: int) -> None:
    """Revert one merge. The import rows it covered go back to the Possible duplicates
    list (as "review"), so the broker can keep both people or merge them again."""
    now = ctx.clock.now()
    with ctx.db.session() as session:
        merge = session.get(Merge, merge_id)
        if merge is None:
            raise NotFound(f"no merge with id {merge_id}")
        row_ids = revert_merge(session, merge, now=now)
        if row_ids:
            session.execute(
                update(rows_t)
                .where(rows_t.c.id.in_(row_ids), rows_t.c.action == str(RowAction.MERGED))
                .values(action=str(RowAction.REVIEW), reason="merge undone; waiting for a decision")
            )
        if merge.batch_id is not None:
            refresh_batch_counts(session, merge.batch_id)


def refresh_batch_counts(session: Session, batch_id: int) -> None:
    """Recount a batch's rows by action into its summary (after a later decision)."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        return
    session.flush()
    counts = {str(a): 0 for a in RowAction}
    for (action,) in session.execute(select(rows_t.c.action).where(rows_t.c.batch_id == batch_id)):
        counts[action] = counts.get(action, 0) + 1
    summary = json.loads(batch.summary or "{}")
    summary.update(counts)
    summary["rows"] = sum(counts.values())
    batch.summary = json.dumps(summary)


def undo_import(ctx: ServiceContext, batch_id: int) -> UndoSummary:
    """Remove the contacts a batch created and revert its merges (see the module text)."""
    now = ctx.clock.now()
    with ctx.db.session() as session:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            raise NotFound(f"no import batch with id {batch_id}")
        if batch.status == "undone":
            raise LeadkeeperError(f"import {batch_id} was already undone")
        merges = session.scalars(
            select(Merge)
            .where(Merge.batch_id == batch_id, Merge.undone_at.is_(None))
            .order_by(Merge.id.desc())
        ).all()
        for merge in merges:
            revert_merge(session, merge, now=now)
        created = sorted(
            cid
            for (cid,) in session.execute(
                select(rows_t.c.contact_id).where(
                    rows_t.c.batch_id == batch_id,
                    rows_t.c.action == str(RowAction.IMPORTED),
                    rows_t.c.contact_id.is_not(None),
                )
            )
        )
        _refuse_if_used(session, batch_id, created)
        for part in chunks(created):
            session.execute(delete(contacts_t).where(contacts_t.c.id.in_(part)))
        tag_ids = json.loads(batch.summary or "{}").get("tags_created", [])
        if tag_ids:
            used = select(contact_tags.c.tag_id)
            session.execute(
                delete(tags_t).where(tags_t.c.id.in_(tag_ids), tags_t.c.id.not_in(used))
            )
        batch.status = "undone"
        batch.undone_at = now
        session.add(
            AuditEntry(
                at=now,
                actor="broker",
                entity="import_batch",
                entity_id=batch_id,
                action="undo_import",
                new_value=json.dumps({"contacts_removed": len(created), "merges": len(merges)}),
            )
        )
        return UndoSummary(batch_id, len(created), len(merges))


def _refuse_if_used(session: Session, batch_id: int, created: list[int]) -> None:
    """LeadkeeperError naming the created contacts that gained anything since."""
    used: set[int] = set()
    c = contacts_t.c
    for part in chunks(created):
        checks = [
            select(Inquiry.contact_id).where(Inquiry.contact_id.in_(part)),
            select(Inquiry.co_borrower_id).where(Inquiry.co_borrower_id.in_(part)),
            select(Interaction.contact_id).where(Interaction.contact_id.in_(part)),
            select(Task.contact_id).where(Task.contact_id.in_(part)),
            select(Consent.contact_id).where(Consent.contact_id.in_(part)),
            select(ReferralPartner.contact_id).where(ReferralPartner.contact_id.in_(part)),
            select(Merge.survivor_id).where(
                Merge.survivor_id.in_(part),
                Merge.undone_at.is_(None),
                or_(Merge.batch_id.is_(None), Merge.batch_id != batch_id),
            ),
            # Edited since it was created (this batch's own merges are reverted by now).
            select(c.id).where(c.id.in_(part), c.updated_at != c.created_at),
        ]
        for stmt in checks:
            used.update(int(v) for (v,) in session.execute(stmt) if v is not None)
    if used:
        ids = sorted(used)
        shown = ", ".join(str(i) for i in ids[:10]) + (" ..." if len(ids) > 10 else "")
        raise LeadkeeperError(
            f"import {batch_id} was not undone: {len(ids)} of the contacts it created have "
            f"been used or edited since (contact ids {shown}); archive or merge them "
            "first, nothing was changed"
        )
