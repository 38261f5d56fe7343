"""Possible duplicates waiting for a decision: list, side-by-side compare, and the three
choices (merge / keep both / skip), one at a time or "merge all above a score".

Used by the wizard's review page (one batch) and by the Possible duplicates page (all).
Every decision is one `resolve_possible_duplicate` call in the background; the row then
leaves the list. What is not decided stays queued for later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.importing.duplicates import (
    Decision,
    PossibleDuplicate,
    contact_people,
    list_possible_duplicates,
    resolve_possible_duplicate,
)
from app.importing.model import PersonRecord
from app.services.context import ServiceContext
from ui.background import CONTACTS, Changes, report_failure, run_in_background
from ui.importing.common import IMPORTS, percent, plural, wrapped
from ui.importing.compare import CompareTable

COLUMNS = ("Score", "In the file", "Looks like", "Why", "From")
DEFAULT_ACCEPT_PERCENT = 90


@dataclass(frozen=True)
class ReviewData:
    """What the panel shows: the waiting rows and the contacts they look like."""

    items: list[PossibleDuplicate]
    candidates: dict[int, PersonRecord]


def load_review(ctx: ServiceContext, batch_id: int | None) -> ReviewData:
    """The rows waiting for a decision (of one batch, or all) and their candidates."""
    items = [i for i in list_possible_duplicates(ctx) if batch_id is None or i.batch_id == batch_id]
    ids = sorted({i.candidate_id for i in items if i.candidate_id is not None})
    return ReviewData(items, contact_people(ctx, ids) if ids else {})


_CANDIDATE = re.compile(r"possible duplicate of contact \d+ \(([^()]*)\)")


def why_text(reason: str) -> str:
    """The row's reason without the contact number the list already shows."""
    return _CANDIDATE.sub(lambda m: m.group(1), reason)


def _full(person: PersonRecord | None) -> str:
    if person is None:
        return "(contact removed)"
    return f"{person.first_name} {person.last_name}".strip() or "(no name)"


class ReviewPanel(QWidget):
    """The decision list. `batch_id` None shows every batch's waiting rows."""

    decided = Signal(int)  # rows decided in the last action
    loaded = Signal()  # the list was (re)loaded

    def __init__(
        self,
        ctx: ServiceContext,
        changes: Changes,
        batch_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._changes, self.batch_id = ctx, changes, batch_id
        self.data = ReviewData([], {})
        self.busy = False
        self.status = wrapped()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.compare = CompareTable()

        self.merge_button = QPushButton("&Merge")
        self.merge_button.setToolTip("Fold the file's details into the existing contact")
        self.keep_button = QPushButton("&Keep both")
        self.keep_button.setToolTip("They are different people: add the row as a new contact")
        self.skip_button = QPushButton("S&kip")
        self.skip_button.setToolTip("Leave this row out of Leadkeeper")
        self.merge_button.clicked.connect(lambda: self.decide("merge"))
        self.keep_button.clicked.connect(lambda: self.decide("keep_both"))
        self.skip_button.clicked.connect(lambda: self.decide("skip"))
        self.threshold = QSpinBox()
        self.threshold.setRange(40, 100)
        self.threshold.setSuffix(" %")
        self.threshold.setValue(DEFAULT_ACCEPT_PERCENT)
        self.threshold.setToolTip("Merge every waiting row whose score is at least this")
        self.threshold.valueChanged.connect(self._update_buttons)
        self.accept_all_button = QPushButton("Merge all")
        self.accept_all_button.clicked.connect(self.accept_all)

        buttons = QHBoxLayout()
        for button in (self.merge_button, self.keep_button, self.skip_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("Merge all with a score of at least"))
        buttons.addWidget(self.threshold)
        buttons.addWidget(self.accept_all_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.compare)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # --- loading -----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the waiting rows again (in the background)."""
        ctx, batch = self._ctx, self.batch_id
        run_in_background(lambda: load_review(ctx, batch), self.show_data, self._failed)

    def show_data(self, data: ReviewData) -> None:
        selected = self.current()
        self.data = data
        self.table.setRowCount(len(data.items))
        for row, item in enumerate(data.items):
            candidate = data.candidates.get(item.candidate_id or -1)
            cells = (
                percent(item.score),
                _full(item.person),
                f"{_full(candidate)} (#{item.candidate_id})" if item.candidate_id else "—",
                why_text(item.reason),
                f"{item.file_name}, row {item.row_number}",
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if column == 0:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, cell)
        keep = next(
            (
                n
                for n, i in enumerate(data.items)
                if selected and i.import_row_id == selected.import_row_id
            ),
            0,
        )
        if data.items:
            self.table.selectRow(min(keep, len(data.items) - 1))
        else:
            self.compare.show_pair(None, None)
        count = len(data.items)
        self.status.setText(
            f"{plural(count, 'possible duplicate')} waiting for a decision. Compare each row "
            "with the contact it looks like, then merge it, keep both, or skip it. What you "
            "leave here stays in Possible duplicates for later."
            if count
            else "No possible duplicates are waiting for a decision."
        )
        self._update_buttons()
        self.loaded.emit()

    # --- deciding ----------------------------------------------------------------------

    def current(self) -> PossibleDuplicate | None:
        """The selected waiting row, if any."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.data.items):
            return None
        return self.data.items[rows[0].row()]

    def select(self, import_row_id: int) -> None:
        """Select the waiting row with this import row id (tests, links)."""
        for n, item in enumerate(self.data.items):
            if item.import_row_id == import_row_id:
                self.table.selectRow(n)
                return
        raise KeyError(import_row_id)

    def decide(self, decision: Decision) -> None:
        """Apply `decision` to the selected row."""
        item = self.current()
        if item is None or self.busy:
            return
        ctx, row_id = self._ctx, item.import_row_id
        self._set_busy(True)
        run_in_background(
            lambda: resolve_possible_duplicate(ctx, row_id, decision),
            lambda _result: self._done(1),
            self._failed,
        )

    def accept_all(self) -> None:
        """Merge every waiting row at or above the threshold score."""
        threshold = self.threshold.value() / 100
        ids = [
            i.import_row_id
            for i in self.data.items
            if (i.score or 0.0) >= threshold and i.candidate_id is not None
        ]
        if not ids or self.busy:
            return
        ctx = self._ctx

        def merge_all() -> int:
            for row_id in ids:
                resolve_possible_duplicate(ctx, row_id, "merge")
            return len(ids)

        self._set_busy(True)
        run_in_background(merge_all, self._done, self._failed)

    def _done(self, count: int) -> None:
        self._set_busy(False)
        self._changes.announce(CONTACTS, IMPORTS)
        self.decided.emit(count)
        self.reload()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        report_failure(self, error)
        self.reload()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    def _show_selected(self) -> None:
        item = self.current()
        if item is None:
            self.compare.show_pair(None, None)
        else:
            candidate = self.data.candidates.get(item.candidate_id or -1)
            self.compare.show_pair(
                item.person,
                candidate,
                f"Row {item.row_number} of {item.file_name}",
                f"Contact #{item.candidate_id}" if candidate else "Contact removed",
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = None if self.busy else self.current()
        has_candidate = item is not None and item.candidate_id in self.data.candidates
        self.merge_button.setEnabled(has_candidate)
        self.keep_button.setEnabled(item is not None)
        self.skip_button.setEnabled(item is not None)
        threshold = self.threshold.value() / 100
        above = sum(
            1
            for i in self.data.items
            if (i.score or 0.0) >= threshold and i.candidate_id is not None
        )
        self.accept_all_button.setText(f"Merge all ({above:,})")
        self.accept_all_button.setEnabled(above > 0 and not self.busy)
