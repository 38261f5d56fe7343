"""The inquiries behind a clicked bar or row, listed under the report; double-click (or
Enter) on one asks the window to open it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.reports import ReportTable, inquiry_list
from app.services.context import ServiceContext
from ui.background import report_failure, run_in_background
from ui.reports.table_model import ReportTableModel

LIST_HINT = "Click a bar or a row to list the inquiries behind it."


def table_view(name: str) -> QTableView:
    """A read-only, row-selecting table view as both report tables use it."""
    view = QTableView()
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setWordWrap(False)
    return view


class InquiriesBehind(QWidget):
    open_inquiry = Signal(int)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._generation = 0  # a listing for an older click is dropped
        self.label = QLabel(LIST_HINT)
        self.model = ReportTableModel(self)
        self.view = table_view("Inquiries behind the selection")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setModel(self.model)
        self.view.setMinimumHeight(110)
        self.view.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.view, 1)

    def show_ids(self, ids: tuple[int, ...], what: str = "") -> None:
        """List these inquiries (off the GUI thread); `what` names the bar or row."""
        self._generation += 1
        generation = self._generation
        if not ids:
            self.model.set_table(None)
            self.label.setText(LIST_HINT)
            return
        ctx = self._ctx

        def listed(table: ReportTable) -> None:
            if generation != self._generation:
                return
            self.model.set_table(table)
            self.view.resizeColumnsToContents()
            count = len(table.rows)
            noun = "inquiry" if count == 1 else "inquiries"
            behind = f" behind “{what}”" if what else ""
            self.label.setText(f"{count} {noun}{behind}. Double-click one to open it.")

        run_in_background(
            lambda: inquiry_list(ctx, ids), listed, lambda exc: report_failure(self, exc)
        )

    def _activated(self, index: QModelIndex) -> None:
        ids = self.model.inquiry_ids(index.row())
        if ids:
            self.open_inquiry.emit(ids[0])
