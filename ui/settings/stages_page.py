"""The stages editor: rename, reorder, add, switch off; kind, warm and follow-up days."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from app.domain.enums import StageKind
from app.services.settings_pipeline import MAX_FOLLOWUP_DAYS, StageRow
from ui.settings.table_tools import (
    DATA,
    ChoiceDelegate,
    SpinDelegate,
    buttons,
    check_item,
    is_checked,
    make_table,
    move_row,
    text_item,
)

HEADERS = ("Stage", "Kind", "Warm", "Follow up after (days)", "Active", "Active inquiries")
NAME, KIND, WARM, DAYS, ACTIVE, HELD = range(6)
KINDS = (
    (StageKind.OPEN.value, "Open"),
    (StageKind.WAITING.value, "Waiting"),
    (StageKind.WON.value, "Won"),
    (StageKind.LOST.value, "Lost"),
)
HELP = (
    "Double-click a cell to edit. Warm stages count for “stale warm” on Today. "
    "A stage that still holds active inquiries cannot be switched off; stages are never "
    "deleted, so history stays readable."
)


class StagesPage(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dirty = False
        self.table = make_table(HEADERS)
        self.kinds = ChoiceDelegate(KINDS, self.table)
        self.table.setItemDelegateForColumn(KIND, self.kinds)
        self.table.setItemDelegateForColumn(DAYS, SpinDelegate(0, MAX_FOLLOWUP_DAYS, self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._changed)
        row, (self.add_button, self.up_button, self.down_button) = buttons(
            "Add stage", "Move up", "Move down"
        )
        self.add_button.clicked.connect(self.add_stage)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        note = QLabel(HELP)
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(note)

    def _changed(self) -> None:
        self.dirty = True
        self.edited.emit()

    def _move(self, step: int) -> None:
        move_row(self.table, step)
        self._changed()

    def _append(self, stage: StageRow) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, NAME, text_item(stage.name, stage.id if stage.id else 0))
        kind = text_item(self.kinds.label(stage.kind), stage.kind)
        self.table.setItem(row, KIND, kind)
        self.table.setItem(row, WARM, check_item(stage.is_warm))
        days = text_item(str(stage.followup_days))
        days.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.setItem(row, DAYS, days)
        self.table.setItem(row, ACTIVE, check_item(stage.active))
        held = text_item(f"{stage.active_inquiries:,}", editable=False)
        held.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.setItem(row, HELD, held)

    def load(self, stages: list[StageRow]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for stage in stages:
            self._append(stage)
        self.table.blockSignals(False)
        self.dirty = False

    def add_stage(self) -> None:
        self._append(StageRow(None, "", "New stage", StageKind.OPEN.value, True, 2))
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, NAME)
        self.table.editItem(self.table.item(row, NAME))
        self._changed()

    def rows(self) -> list[StageRow]:
        result = []
        for row in range(self.table.rowCount()):
            stage_id = int(self.table.item(row, NAME).data(DATA) or 0)
            result.append(
                StageRow(
                    id=stage_id or None,
                    key="",
                    name=self.table.item(row, NAME).text(),
                    kind=str(self.table.item(row, KIND).data(DATA)),
                    is_warm=is_checked(self.table, row, WARM),
                    followup_days=int(self.table.item(row, DAYS).text() or 0),
                    active=is_checked(self.table, row, ACTIVE),
                )
            )
        return result
