"""The documents checklist: request, mark received or verified, waive, note, link a file."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.checklist import set_item_status
from app.services.dto import ChecklistItemView
from ui.background import INQUIRIES, TASKS
from ui.detail.ops import DetailOps
from ui.detail.rows import Column, RowsModel, select_where, selected_row, table_view
from ui.detail.text import DOC_STATUS_NAMES, DOC_TONES, day_text, tone

FLAGS = (INQUIRIES, TASKS)  # a request plans a nag task; the missing count is on the card
EMPTY_TEXT = "No documents on this inquiry's checklist."
STATUS_ACTIONS = (
    ("requested", "Request", "Mark the document as asked for; a reminder follows in a few days"),
    ("received", "Received", "The client sent it"),
    ("verified", "Verified", "Checked and fine"),
    ("waived", "Waive", "Not needed for this deal"),
    ("missing", "Back to missing", "Undo a status set by mistake"),
)


def choose_file(parent: QWidget, current: str) -> str | None:
    """A file the broker picks (None when cancelled)."""
    start = str(Path(current).parent) if current else str(Path.home())
    path, _filter = QFileDialog.getOpenFileName(parent, "Link a file", start)
    return path or None


def ask_note(parent: QWidget, name: str, current: str) -> str | None:
    text, ok = QInputDialog.getMultiLineText(parent, "Note", f"Note on “{name}”:", current)
    return text if ok else None


def open_file(parent: QWidget, path: str) -> None:
    if not Path(path).exists():
        QMessageBox.warning(parent, "Leadkeeper", f"The linked file is no longer there:\n{path}")
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def _since(item: ChecklistItemView) -> datetime | None:
    return {
        "requested": item.requested_at,
        "received": item.received_at,
        "verified": item.received_at,
        "waived": item.waived_at,
    }.get(item.status)


class ChecklistTab(QWidget):
    """One row per document; the buttons act on the selected row (and are undoable)."""

    def __init__(self, ops: DetailOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._tz: tzinfo | None = None
        self._today: date | None = None
        self.model: RowsModel[ChecklistItemView] = RowsModel(
            [
                Column("Document", lambda i: i.name, lambda i: i.name),
                Column(
                    "Status",
                    lambda i: DOC_STATUS_NAMES.get(i.status, i.status),
                    color=self._status_color,
                    bold=lambda i: i.status in ("missing", "requested"),
                ),
                Column("Since", self._since_text),
                Column("Note", lambda i: i.note.replace("\n", " "), lambda i: i.note),
                Column(
                    "File",
                    lambda i: Path(i.file_path).name if i.file_path else "",
                    lambda i: i.file_path,
                ),
            ],
            self,
        )
        self.view = table_view(self.model, stretch=0)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.doubleClicked.connect(self._double_clicked)
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for status, text, tip in STATUS_ACTIONS[:4]:
            if status == "verified":
                continue
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, s=status: self.set_status(s))
            self.buttons[status] = button
            bar.addWidget(button)
        self.more_button = QToolButton()
        self.more_button.setText("More")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setMenu(self._more_menu())
        bar.addWidget(self.more_button)
        bar.addStretch(1)
        self.summary = QLabel()
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._update_buttons()

    def _status_color(self, item: ChecklistItemView) -> QColor:
        return tone(DOC_TONES.get(item.status, "muted"))

    def _since_text(self, item: ChecklistItemView) -> str:
        moment = _since(item)
        if moment is None or self._tz is None:
            return ""
        return day_text(moment.astimezone(self._tz).date(), self._today)

    def _more_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction("Verified", lambda: self.set_status("verified"))
        menu.addAction("Back to missing", lambda: self.set_status("missing"))
        menu.addSeparator()
        menu.addAction("Edit note…", self.edit_note)
        menu.addAction("Link a file…", self.link_file)
        self.open_action = menu.addAction("Open the file", self.open_selected_file)
        return menu

    def show_items(self, items: tuple[ChecklistItemView, ...], tz: tzinfo, today: date) -> None:
        selected = selected_row(self.view, self.model)
        self._tz, self._today = tz, today
        self.model.set_rows(items)
        self.stack.setCurrentWidget(self.view if items else self.empty)
        kept = selected is not None and select_where(
            self.view, self.model, lambda i: i.id == selected.id
        )
        if not kept:  # start on the first document still outstanding
            select_where(self.view, self.model, lambda i: i.status in ("missing", "requested"))
        done = sum(1 for i in items if i.status in ("received", "verified", "waived"))
        self.summary.setText(f"{done} of {len(items)} in" if items else "")
        self._update_buttons()

    def selected_item(self) -> ChecklistItemView | None:
        return selected_row(self.view, self.model)

    def _update_buttons(self) -> None:
        item = self.selected_item()
        for status, button in self.buttons.items():
            button.setEnabled(item is not None and item.status != status)
        self.more_button.setEnabled(item is not None)
        self.open_action.setEnabled(item is not None and bool(item.file_path))

    def _context_menu(self, point: QPoint) -> None:
        item = self.selected_item()
        if item is None:
            return
        menu = QMenu(self)
        for status, text, _tip in STATUS_ACTIONS:
            action = menu.addAction(text)
            action.triggered.connect(lambda _checked=False, s=status: self.set_status(s))
            action.setEnabled(item.status != status)
        menu.addSeparator()
        menu.addAction("Edit note…", self.edit_note)
        menu.addAction("Link a file…", self.link_file)
        if item.file_path:
            menu.addAction("Open the file", self.open_selected_file)
        menu.exec(self.view.viewport().mapToGlobal(point))

    def _double_clicked(self) -> None:
        item = self.selected_item()
        if item is not None and item.file_path:
            self.open_selected_file()

    # --- actions --------------------------------------------------------------------

    def _change(
        self,
        item: ChecklistItemView,
        text: str,
        status: str,
        note: str | None = None,
        file_path: str | None = None,
    ) -> None:
        ctx, item_id = self._ops.ctx, item.id
        old_status, old_note, old_path = item.status, item.note, item.file_path
        self._ops.undoable(
            text,
            do=lambda: set_item_status(ctx, item_id, status, note=note, file_path=file_path),
            undo_call=lambda: set_item_status(
                ctx, item_id, old_status, note=old_note, file_path=old_path
            ),
            flags=FLAGS,
        )

    def set_status(self, status: str) -> None:
        item = self.selected_item()
        if item is None or item.status == status:
            return
        name = DOC_STATUS_NAMES.get(status, status).lower()
        self._change(item, f"Mark “{item.name}” {name}", status)

    def edit_note(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        note = ask_note(self, item.name, item.note)
        if note is not None and note != item.note:
            self._change(item, f"Note on “{item.name}”", item.status, note=note)

    def link_file(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        path = choose_file(self, item.file_path)
        if path is None:
            return
        # A file for a document still outstanding means the client sent it.
        status = "received" if item.status in ("missing", "requested") else item.status
        self._change(item, f"Link a file to “{item.name}”", status, file_path=path)

    def open_selected_file(self) -> None:
        item = self.selected_item()
        if item is not None and item.file_path:
            open_file(self, item.file_path)
