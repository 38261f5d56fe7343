"""The Imports page: past batches with their counts (undo any of them), "New import…",
and the Possible duplicates list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.importing.history import BatchInfo, list_batches
from app.importing.undo import UndoSummary, undo_import
from app.services.context import ServiceContext
from ui.background import CONTACTS, Changes, keep_fresh, run_in_background
from ui.importing.common import IMPORTS, plural, title_label, wrapped
from ui.importing.duplicates_view import DuplicatesPage
from ui.importing.wizard import ImportWizard
from ui.theme import tone_color

COLUMNS = ("When", "Files", "Status", "Rows", "New", "Merged", "Waiting", "Rejected", "")
UNDO_COLUMN = len(COLUMNS) - 1
HISTORY_TAB, DUPLICATES_TAB = 0, 1
_STATUS = {"done": "Imported", "undone": "Undone", "running": "Did not finish"}


class ImportsPage(QWidget):
    """Past imports and possible duplicates, for the main window's Imports entry."""

    def __init__(
        self, ctx: ServiceContext, changes: Changes, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx, self._changes = ctx, changes
        self.batches: list[BatchInfo] = []
        self.wizard: ImportWizard | None = None
        self.new_button = QPushButton("&New import…")
        self.new_button.setToolTip("Import contacts from CSV or vCard files (Ctrl+I)")
        self.new_button.clicked.connect(self.open_wizard)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.status = wrapped()
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self.table, 1)
        history_layout.addWidget(self.status)
        self.duplicates = DuplicatesPage(ctx, changes)
        self.duplicates.title.hide()  # the tab says it
        self.tabs = QTabWidget()
        self.tabs.addTab(history, "Past imports")
        self.tabs.addTab(self.duplicates, "Possible duplicates")
        top = QHBoxLayout()
        top.addWidget(title_label("Imports"))
        top.addStretch(1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        keep_fresh(self, changes, {CONTACTS, IMPORTS}, self.refresh)

    def open_wizard(self) -> ImportWizard:
        """Open the import wizard (one at a time)."""
        if self.wizard is None or not self.wizard.isVisible():
            self.wizard = ImportWizard(self._ctx, self._changes, self)
            self.wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.wizard.destroyed.connect(self._wizard_closed)
        self.wizard.show()
        self.wizard.raise_()
        return self.wizard

    def _wizard_closed(self) -> None:
        self.wizard = None

    def refresh(self) -> None:
        """Read the batches again (in the background)."""
        ctx = self._ctx
        run_in_background(lambda: list_batches(ctx), self._show)

    def _show(self, batches: list[BatchInfo]) -> None:
        self.batches = batches
        tz = self._ctx.clock.tz
        self.table.setRowCount(len(batches))
        for row, info in enumerate(batches):
            cells = (
                info.started_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                info.source_name,
                _STATUS.get(info.status, info.status),
                f"{info.rows:,}",
                f"{info.created:,}",
                f"{info.merged:,}",
                f"{info.review:,}",
                f"{info.rejected:,}",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
            if info.status == "done":
                button = QToolButton()
                button.setText("Undo")
                button.setToolTip("Remove the contacts this import created, take back its merges")
                button.clicked.connect(lambda _=False, info=info: self.undo(info))
                self.table.setCellWidget(row, UNDO_COLUMN, button)
            else:
                self.table.removeCellWidget(row, UNDO_COLUMN)
        self.tabs.setTabText(HISTORY_TAB, f"Past imports ({len(batches):,})")
        if not batches:
            self.status.setText("No imports yet. Click New import… to bring in your contacts.")

    def confirm_undo(self, info: BatchInfo) -> bool:
        """Ask before undoing a batch (tests replace this)."""
        answer = QMessageBox.question(
            self,
            "Undo import",
            f"Undo the import of {info.source_name}? The {plural(info.created, 'contact')} "
            f"it created are removed and its {plural(info.merged, 'merge')} taken back.",
        )
        return answer == QMessageBox.StandardButton.Yes

    def undo(self, info: BatchInfo) -> None:
        """Undo one batch in the background; the page says what happened or why not."""
        if not self.confirm_undo(info):
            return
        ctx, batch_id = self._ctx, info.batch_id
        self.status.setStyleSheet("")
        self.status.setText("Undoing…")
        run_in_background(lambda: undo_import(ctx, batch_id), self._undone, self._refused)

    def _undone(self, result: UndoSummary) -> None:
        self.status.setText(
            f"Import {result.batch_id} undone: removed "
            f"{plural(result.contacts_removed, 'contact')}, took back "
            f"{plural(result.merges_reverted, 'merge')}."
        )
        self._changes.announce(CONTACTS, IMPORTS)

    def _refused(self, error: BaseException) -> None:
        bad = tone_color("overdue")
        if bad is not None:
            self.status.setStyleSheet(f"color: {bad.name()}")
        self.status.setText(str(error) or type(error).__name__)
