"""Inquiry types and their document checklists: rename, reorder, add, switch off."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from app.services.settings_pipeline import ChecklistRow, TypeRow
from ui.settings.table_tools import (
    DATA,
    buttons,
    check_item,
    is_checked,
    make_table,
    move_row,
    text_item,
)

HELP = (
    "The checklist is copied into each new inquiry of the type; inquiries already open "
    "keep the list they were given."
)


class TypesPage(QWidget):
    """Types on the left; the selected type's checklist on the right."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dirty = False
        self._tokens = itertools.count(1)
        self._ids: dict[int, int | None] = {}  # token -> type id (None: new)
        self._docs: dict[int, list[ChecklistRow]] = {}  # token -> its checklist
        self._shown: int | None = None  # token of the type whose checklist is shown

        self.types = make_table(("Inquiry type", "Active"))
        self.types.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.types.itemChanged.connect(self._changed)
        self.types.currentCellChanged.connect(lambda *_: self._show_checklist())
        type_buttons, (add_type, type_up, type_down) = buttons("Add type", "Up", "Down")
        add_type.clicked.connect(self.add_type)
        type_up.clicked.connect(lambda: self._move(self.types, -1))
        type_down.clicked.connect(lambda: self._move(self.types, 1))

        self.docs = make_table(("Document", "Required"))
        self.docs.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.docs.itemChanged.connect(self._doc_changed)
        doc_buttons, (add_doc, remove_doc, doc_up, doc_down) = buttons(
            "Add document", "Remove", "Up", "Down"
        )
        add_doc.clicked.connect(self.add_document)
        remove_doc.clicked.connect(self.remove_document)
        doc_up.clicked.connect(lambda: self._move(self.docs, -1))
        doc_down.clicked.connect(lambda: self._move(self.docs, 1))
        self.docs_box = QGroupBox("Checklist")
        docs_layout = QVBoxLayout(self.docs_box)
        docs_layout.addWidget(self.docs, 1)
        docs_layout.addLayout(doc_buttons)

        left = QVBoxLayout()
        left.addWidget(self.types, 1)
        left.addLayout(type_buttons)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(self.docs_box, 3)
        note = QLabel(HELP)
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(note)

    def _changed(self) -> None:
        self.dirty = True
        self.edited.emit()

    def _move(self, table: object, step: int) -> None:
        self._store_checklist()
        move_row(table, step)  # type: ignore[arg-type]
        self._changed()

    # --- types --------------------------------------------------------------------------

    def _append_type(self, row: TypeRow) -> int:
        token = next(self._tokens)
        self._ids[token] = row.id
        self._docs[token] = list(row.checklist)
        number = self.types.rowCount()
        self.types.insertRow(number)
        self.types.setItem(number, 0, text_item(row.name, token))
        self.types.setItem(number, 1, check_item(row.active))
        return number

    def load(self, types: list[TypeRow]) -> None:
        self.types.blockSignals(True)
        self.types.setRowCount(0)
        self._ids.clear()
        self._docs.clear()
        self._shown = None
        for row in types:
            self._append_type(row)
        self.types.blockSignals(False)
        if types:
            self.types.setCurrentCell(0, 0)
        self._show_checklist()
        self.dirty = False

    def add_type(self) -> None:
        self._store_checklist()
        number = self._append_type(TypeRow(None, "", "New inquiry type"))
        self.types.setCurrentCell(number, 0)
        self.types.editItem(self.types.item(number, 0))
        self._changed()

    def _token(self, row: int) -> int | None:
        item = self.types.item(row, 0)
        return int(item.data(DATA)) if item is not None else None

    # --- checklist of the selected type -------------------------------------------------

    def _store_checklist(self) -> None:
        if self._shown is None:
            return
        docs = []
        for row in range(self.docs.rowCount()):
            item = self.docs.item(row, 0)
            doc_id = int(item.data(DATA) or 0)
            docs.append(
                ChecklistRow(doc_id or None, "", item.text(), is_checked(self.docs, row, 1))
            )
        self._docs[self._shown] = docs

    def _show_checklist(self) -> None:
        self._store_checklist()
        token = self._token(self.types.currentRow())
        self._shown = token
        self.docs.blockSignals(True)
        self.docs.setRowCount(0)
        for doc in self._docs.get(token, []) if token is not None else []:
            self._append_doc(doc)
        self.docs.blockSignals(False)
        name = self.types.item(self.types.currentRow(), 0)
        self.docs_box.setTitle(f"Checklist — {name.text()}" if name else "Checklist")
        self.docs_box.setEnabled(token is not None)

    def _append_doc(self, doc: ChecklistRow) -> None:
        row = self.docs.rowCount()
        self.docs.insertRow(row)
        self.docs.setItem(row, 0, text_item(doc.name, doc.id or 0))
        self.docs.setItem(row, 1, check_item(doc.required))

    def _doc_changed(self) -> None:
        self._store_checklist()
        self._changed()

    def add_document(self) -> None:
        self.docs.blockSignals(True)
        self._append_doc(ChecklistRow(None, "", "New document"))
        self.docs.blockSignals(False)
        row = self.docs.rowCount() - 1
        self.docs.setCurrentCell(row, 0)
        self.docs.editItem(self.docs.item(row, 0))
        self._doc_changed()

    def remove_document(self) -> None:
        row = self.docs.currentRow()
        if row >= 0:
            self.docs.removeRow(row)
            self._doc_changed()

    def rows(self) -> list[TypeRow]:
        self._store_checklist()
        result = []
        for row in range(self.types.rowCount()):
            token = self._token(row)
            assert token is not None
            result.append(
                TypeRow(
                    id=self._ids[token],
                    key="",
                    name=self.types.item(row, 0).text(),
                    active=is_checked(self.types, row, 1),
                    checklist=tuple(self._docs[token]),
                )
            )
        return result
