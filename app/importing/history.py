"""Past imports as the broker sees them: when, from what, what became of the rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.db.models import ImportBatch
from app.errors import NotFound
from app.services.context import ServiceContext


@dataclass(frozen=True)
class BatchInfo:
    """One import batch with its current counts (later review decisions included)."""

    batch_id: int
    kind: str
    source_name: str
    status: str  # "running", "done" or "undone"
    started_at: datetime
    finished_at: datetime | None
    undone_at: datetime | None
    rows: int
    created: int
    merged: int
    review: int  # still waiting in Possible duplicates
    rejected: int
    skipped: int

    @property
    def undone(self) -> bool:
        """Whether the batch was undone (it stays listed as history)."""
        return self.status == "undone"


def _info(batch: ImportBatch) -> BatchInfo:
    try:
        counts = json.loads(batch.summary or "{}")
    except ValueError:
        counts = {}

    def count(key: str) -> int:
        value = counts.get(key, 0)
        return value if isinstance(value, int) else 0

    return BatchInfo(
        batch_id=batch.id,
        kind=batch.kind,
        source_name=batch.source_name,
        status=batch.status,
        started_at=batch.started_at,
        finished_at=batch.finished_at,
        undone_at=batch.undone_at,
        rows=count("rows"),
        created=count("imported"),
        merged=count("merged"),
        review=count("review"),
        rejected=count("rejected"),
        skipped=count("skipped"),
    )


def list_batches(ctx: ServiceContext, *, limit: int = 500) -> list[BatchInfo]:
    """The most recent import batches first, with their counts and status."""
    stmt = select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)
    with ctx.db.session() as session:
        return [_info(batch) for batch in session.scalars(stmt)]


def get_batch(ctx: ServiceContext, batch_id: int) -> BatchInfo:
    """One batch's current counts and status; NotFound when there is no such batch."""
    with ctx.db.session() as session:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            raise NotFound(f"no import batch with id {batch_id}")
        return _info(batch)
