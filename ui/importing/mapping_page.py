"""Wizard page 2: preview each file and say which field each column holds.

A file in a known layout (Google Contacts, Outlook, LinkedIn, a lead-vendor sheet, vCard)
comes pre-filled and says so; a file whose headers were mapped before gets that mapping
back; anything else gets the fuzzy suggestion. What the broker changes is remembered for
the next file with the same headers when the import runs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.importing.mapping import TARGETS
from ui.importing.common import IDENTITY_TARGETS, TARGET_LABELS, plural, wrapped
from ui.importing.files_page import FileEntry, FilesPage
from ui.theme import muted_color, tone_color

PREVIEW_ROWS = 20
CELL_CHARS = 60
MAX_COLUMN_WIDTH = 200
MIN_COMBO_CHARS = 9  # room for "Last name"; the list opens wider
_RECOGNISED = {
    "google": "Google Contacts export recognised",
    "outlook": "Outlook export recognised",
    "linkedin": "LinkedIn connections export recognised",
    "lead_vendor": "Lead vendor sheet recognised",
    "vcard": "vCard file recognised",
}


def origin_text(entry: FileEntry) -> str:
    """Where the pre-filled mapping comes from, as the page says it."""
    if entry.recalled is not None:
        return "Using the column choices you made for a file with these columns before."
    fmt = entry.proposal.format if entry.proposal else None
    if fmt in _RECOGNISED:
        return f"{_RECOGNISED[fmt]}: the columns are filled in for you."
    return "Columns were matched by their names: check each one before importing."


class MappingEditor(QWidget):
    """One file: the first rows, with a field chooser above every column."""

    changed = Signal()

    def __init__(self, entry: FileEntry) -> None:
        super().__init__()
        assert entry.read is not None and entry.proposal is not None
        self.entry = entry
        read = entry.read
        self.headers = list(read.headers)
        self.initial = dict(entry.recalled or entry.proposal.mapping)
        self.origin = wrapped(origin_text(entry))
        font = self.origin.font()
        font.setBold(True)
        self.origin.setFont(font)
        preview = read.rows[:PREVIEW_ROWS]
        self.table = QTableWidget(1 + len(preview), len(self.headers))
        self.table.setHorizontalHeaderLabels(self.headers)
        self.table.setVerticalHeaderLabels(["Import as"] + [str(row.row_number) for row in preview])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.combos: list[QComboBox] = []
        for column, header in enumerate(self.headers):
            combo = QComboBox()
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(MIN_COMBO_CHARS)
            for target in TARGETS:
                combo.addItem(TARGET_LABELS[target], target)
            combo.setCurrentIndex(TARGETS.index(self.initial.get(header, "ignore")))
            combo.setToolTip(f"Which field of a contact the column “{header}” holds")
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(0, column, combo)
            self.combos.append(combo)
            for row, source in enumerate(preview, start=1):
                text = " ".join((source.values.get(header) or "").split())
                item = QTableWidgetItem(
                    text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"
                )
                item.setToolTip(text[:500])
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        for column in range(len(self.headers)):
            width = max(self.table.columnWidth(column), self.combos[column].sizeHint().width())
            self.table.setColumnWidth(column, min(width, MAX_COLUMN_WIDTH))
        self.empty = [
            column
            for column, header in enumerate(self.headers)
            if not any((row.values.get(header) or "").strip() for row in read.rows)
        ]
        self.hide_empty = QCheckBox(f"Hide the {plural(len(self.empty), 'empty column')}")
        self.hide_empty.setToolTip("Columns with no value in any row of the file")
        self.hide_empty.toggled.connect(self._apply_hidden)
        self.hide_empty.setChecked(len(self.empty) > 0)
        self.hide_empty.setVisible(bool(self.empty))
        self.warning = wrapped()
        bad = tone_color("overdue")
        if bad is not None:
            self.warning.setStyleSheet(f"color: {bad.name()}")
        top = QHBoxLayout()
        top.addWidget(self.origin, 1)
        top.addWidget(self.hide_empty)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        extra = len(read.rows) - len(preview)
        more = f"The first {len(preview)} rows are shown" + (
            f"; {extra:,} more will be imported." if extra > 0 else "."
        )
        layout.addWidget(QLabel(more))
        layout.addWidget(self.warning)
        self._changed()

    def mapping(self) -> dict[str, str]:
        """The chosen field of every column."""
        return {
            header: str(combo.currentData())
            for header, combo in zip(self.headers, self.combos, strict=True)
        }

    def set_target(self, header: str, target: str) -> None:
        """Choose `target` for the column `header` (as the broker would)."""
        self.combos[self.headers.index(header)].setCurrentIndex(TARGETS.index(target))

    def has_identity(self) -> bool:
        """Whether some column gives a name, an email or a phone (else every row fails)."""
        return bool(set(self.mapping().values()) & IDENTITY_TARGETS)

    def edited(self) -> bool:
        """Whether the broker changed the pre-filled mapping (then it is remembered)."""
        return self.mapping() != {h: self.initial.get(h, "ignore") for h in self.headers}

    def _changed(self) -> None:
        muted = muted_color()
        for column, combo in enumerate(self.combos):
            ignored = combo.currentData() == "ignore"
            for row in range(1, self.table.rowCount()):
                item = self.table.item(row, column)
                if item is not None:
                    item.setForeground(QBrush(muted) if ignored else self.palette().text())
        self.warning.setText(
            ""
            if self.has_identity()
            else "No column is imported as a name, an email or a phone: every row would be "
            "rejected. Choose at least one."
        )
        self.changed.emit()

    def _apply_hidden(self, hide: bool) -> None:
        for column in self.empty:
            self.table.setColumnHidden(column, hide)


class MappingPage(QWizardPage):
    """One tab per file; Next is possible when every file has a name, email or phone."""

    def __init__(self, files: FilesPage) -> None:
        super().__init__()
        self._files = files
        self.editors: dict[Path, MappingEditor] = {}
        self.setTitle("Preview and columns")
        self.setSubTitle(
            "Check which field each column holds. Columns set to “Don't import” are left "
            "out. Your changes are remembered for the next file with the same columns."
        )
        self.tabs = QTabWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def initializePage(self) -> None:
        entries = self._files.readable()
        if [e.path for e in entries] == list(self.editors):
            return  # same files: keep the broker's edits
        old = self.editors
        self.editors = {}
        self.tabs.clear()
        for entry in entries:
            editor = old.get(entry.path)
            if editor is None:
                editor = MappingEditor(entry)
                editor.changed.connect(self.completeChanged)
            self.editors[entry.path] = editor
            self.tabs.addTab(editor, entry.path.name)
        self.completeChanged.emit()

    def editor(self, name: str) -> MappingEditor:
        """The editor of the file called `name`."""
        return next(e for path, e in self.editors.items() if path.name == name)

    def isComplete(self) -> bool:
        return bool(self.editors) and all(e.has_identity() for e in self.editors.values())
