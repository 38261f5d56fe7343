"""The import as the wizard runs it, off the GUI thread: normalize every file with the
broker's mapping, import all rows as one batch (possible duplicates queued for review),
then remember the mappings the broker edited. Progress and cancel cross threads through a
Qt signal (queued to the GUI thread) and a `threading.Event`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from app.errors import LeadkeeperError
from app.importing.batch import CANCELLED, ImportSummary, import_records
from app.importing.mapping import remember_mapping
from app.importing.model import NormalizedRow
from app.importing.normalize import normalize_file
from app.importing.read_result import ReadFile
from app.services.context import ServiceContext
from app.services.settings import phone_region

SCALE = 1000  # the progress bar's range: normalizing is the first third, importing the rest


@dataclass(frozen=True)
class FilePlan:
    """One file to import: what was read, the columns' fields, and whether to remember
    the mapping for the next file with the same headers."""

    read: ReadFile
    mapping: dict[str, str]
    remember: bool


class ProgressRelay(QObject):
    """Carries progress from the worker thread to the GUI thread (a queued signal when
    emitted from another thread) and holds the cancel flag the worker polls."""

    progressed = Signal(int, str)  # 0..SCALE, what is happening

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancelled = threading.Event()

    def report(self, fraction: float, text: str) -> None:
        """Called on the worker thread."""
        self.progressed.emit(int(max(0.0, min(1.0, fraction)) * SCALE), text)


def run_import(
    ctx: ServiceContext,
    plans: list[FilePlan],
    *,
    source_name: str,
    relay: ProgressRelay,
) -> ImportSummary:
    """Normalize and import `plans` as one batch (see the module text). Raises
    LeadkeeperError(CANCELLED) when cancelled: nothing is changed then."""
    cancelled: Callable[[], bool] = relay.cancelled.is_set
    with ctx.db.session() as session:
        region = phone_region(session)
    total = max(1, sum(plan.read.record_count for plan in plans))
    rows: list[NormalizedRow] = []
    relay.report(0.0, "Reading the rows…")
    for plan in plans:
        before = len(rows)

        def tick(done: int, before: int = before) -> None:
            if cancelled():
                raise LeadkeeperError(CANCELLED)
            relay.report((before + done) / total / 3, "Reading the rows…")

        rows += normalize_file(plan.read, plan.mapping, region=region, tick=tick)

    def progress(done: int, of: int) -> None:
        relay.report(1 / 3 + 2 / 3 * done / max(of, 1), "Matching and saving…")

    kinds = {plan.read.kind for plan in plans}
    summary = import_records(
        ctx,
        rows,
        kind=kinds.pop() if len(kinds) == 1 else "mixed",
        source_name=source_name,
        review="queue",
        progress=progress,
        cancel=cancelled,
    )
    remembered = [plan for plan in plans if plan.remember]
    if remembered:
        with ctx.db.session() as session:
            for plan in remembered:
                remember_mapping(session, plan.read.headers, plan.mapping)
    relay.report(1.0, "Done")
    return summary
