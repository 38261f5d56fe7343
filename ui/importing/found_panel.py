"""Find duplicates: pairs of existing contacts that look like one person, compared side by
side; merging a pair folds the newer contact into the older one (undoable)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.importing.dedup import DuplicatePair
from app.importing.duplicates import (
    ContactMerge,
    contact_people,
    find_duplicates,
    merge_contacts,
)
from app.importing.model import PersonRecord
from app.importing.undo import undo_merge
from app.services.context import ServiceContext
from ui.background import CONTACTS, Changes, report_failure, run_in_background
from ui.importing.common import IMPORTS, percent, plural, wrapped
from ui.importing.compare import CompareTable

COLUMNS = ("Score", "Contact", "Looks like", "Why")


@dataclass(frozen=True)
class FoundPairs:
    """What Find duplicates found, with the contacts' details for the compare view."""

    pairs: list[DuplicatePair]
    people: dict[int, PersonRecord]


def find_pairs(ctx: ServiceContext) -> FoundPairs:
    """Run Find duplicates and load both sides of every pair (in the background)."""
    pairs = find_duplicates(ctx)
    ids = sorted({i for p in pairs for i in (p.first_id, p.second_id)})
    return FoundPairs(pairs, contact_people(ctx, ids) if ids else {})


def _name(person: PersonRecord | None, contact_id: int) -> str:
    if person is None:
        return f"#{contact_id}"
    return f"{person.first_name} {person.last_name}".strip() + f" (#{contact_id})"


class FoundPanel(QWidget):
    """The pairs Find duplicates listed, and what to do with each."""

    merged = Signal(int)  # merge id

    def __init__(self, ctx: ServiceContext, changes: Changes) -> None:
        super().__init__()
        self._ctx, self._changes = ctx, changes
        self.found = FoundPairs([], {})
        self.searched = False
        self.last_merge: ContactMerge | None = None
        self.status = wrapped("Click Find duplicates to compare all your contacts.")
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
        self.merge_button = QPushButton("&Merge into the older contact")
        self.merge_button.setToolTip(
            "Fill the older contact from the newer one, move its inquiries, tasks and "
            "history over, and archive the newer one (you can undo it)"
        )
        self.merge_button.clicked.connect(self.merge_selected)
        self.dismiss_button = QPushButton("&Not the same person")
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.undo_button = QPushButton("&Undo last merge")
        self.undo_button.clicked.connect(self.undo_last)
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.compare)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def show_found(self, found: FoundPairs) -> None:
        """List the pairs found."""
        self.searched = True
        self.found = found
        self._fill()

    def _fill(self) -> None:
        pairs, people = self.found.pairs, self.found.people
        self.table.setRowCount(len(pairs))
        for row, pair in enumerate(pairs):
            cells = (
                percent(pair.score),
                _name(people.get(pair.first_id), pair.first_id),
                _name(people.get(pair.second_id), pair.second_id),
                ", ".join(pair.reasons),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if pairs:
            self.table.selectRow(0)
        else:
            self.compare.show_pair(None, None)
        self.status.setText(
            f"{plural(len(pairs), 'pair')} of contacts look like the same person."
            if pairs
            else "No two contacts look like the same person."
        )
        self._update_buttons()

    def current(self) -> DuplicatePair | None:
        """The selected pair, if any."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.found.pairs):
            return None
        return self.found.pairs[rows[0].row()]

    def merge_selected(self) -> None:
        """Merge the newer contact of the selected pair into the older one."""
        pair = self.current()
        if pair is None:
            return
        ctx = self._ctx
        self.merge_button.setEnabled(False)
        run_in_background(
            lambda: merge_contacts(ctx, pair.first_id, pair.second_id),
            self._merged,
            self._failed,
        )

    def _merged(self, result: ContactMerge) -> None:
        self.last_merge = result
        gone = result.merged_id
        kept = [p for p in self.found.pairs if gone not in (p.first_id, p.second_id)]
        self.found = FoundPairs(kept, self.found.people)
        self._fill()
        conflicts = (
            f" Kept as they were: {'; '.join(result.conflicts)}." if result.conflicts else ""
        )
        self.status.setText(
            f"Merged contact #{gone} into #{result.survivor_id}.{conflicts} " + self.status.text()
        )
        self._changes.announce(CONTACTS, IMPORTS)
        self.merged.emit(result.merge_id)

    def undo_last(self) -> None:
        """Take back the last merge made here."""
        merge = self.last_merge
        if merge is None:
            return
        ctx = self._ctx
        run_in_background(lambda: undo_merge(ctx, merge.merge_id), self._unmerged, self._failed)

    def _unmerged(self, _result: object) -> None:
        merge = self.last_merge
        self.last_merge = None
        if merge is not None:
            self.status.setText(f"Merge undone: contact #{merge.merged_id} is back.")
        self._changes.announce(CONTACTS, IMPORTS)
        self._update_buttons()

    def dismiss_selected(self) -> None:
        """Drop the selected pair from this list."""
        pair = self.current()
        if pair is not None:
            self.found = FoundPairs([p for p in self.found.pairs if p != pair], self.found.people)
            self._fill()

    def _failed(self, error: BaseException) -> None:
        report_failure(self, error)
        self._update_buttons()

    def _show_selected(self) -> None:
        pair = self.current()
        if pair is None:
            self.compare.show_pair(None, None)
        else:
            people = self.found.people
            self.compare.show_pair(
                people.get(pair.first_id),
                people.get(pair.second_id),
                f"Contact #{pair.first_id} (kept)",
                f"Contact #{pair.second_id}",
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.current() is not None
        self.merge_button.setEnabled(selected)
        self.dismiss_button.setEnabled(selected)
        self.undo_button.setEnabled(self.last_merge is not None)
