"""The Contacts page: every active contact, sorted and filtered by the database, a page at
a time; tag, untag or assign the selected contacts at once (undoable); export the view."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.bulk import Owner, list_owners
from app.services.contact_query import count_matching, export_contacts_csv, list_tags
from app.services.context import ServiceContext
from ui.background import (
    CONTACTS,
    INQUIRIES,
    Changes,
    keep_fresh,
    report_failure,
    run_in_background,
)
from ui.contacts_bulk import push_assign, push_tags
from ui.contacts_model import HEADERS, ContactsModel
from ui.theme import themed_icon

FILTER_DELAY_MS = 250  # wait for a pause in typing before querying
ALL_TAGS = "All tags"
COLUMN_WIDTHS = (190, 230, 140, 120, 140, 110, 96)


class _Progress(QObject):
    """Carries export progress from the worker thread to the GUI (a queued signal)."""

    advanced = Signal(int, int)


def _button(text: str, icon: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setIcon(themed_icon(icon))
    button.setToolTip(tip)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return button


class ContactsView(QWidget):
    status_message = Signal(str)
    open_contact = Signal(int)

    def __init__(
        self,
        ctx: ServiceContext,
        changes: Changes,
        undo_stack: QUndoStack,
        page_size: int | None = None,
    ) -> None:
        super().__init__()
        self._ctx = ctx
        self._changes = changes
        self._undo_stack = undo_stack
        self.model = ContactsModel(ctx, page_size)
        self.owners: list[Owner] = []

        title = QLabel("Contacts")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name, email or phone")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(240)
        self.tag_filter = QComboBox()
        self.tag_filter.addItem(ALL_TAGS)
        self.tag_filter.setMinimumWidth(130)
        self.tag_filter.setToolTip("Show only contacts with this tag")
        self.tag_filter.currentIndexChanged.connect(self.apply_filter)
        self.count_label = QLabel()
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self._build_actions()

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # The indicator first, so turning sorting on asks for the order already loaded.
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.activated.connect(lambda index: self._open(index.row()))
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for act in (self.open_action, self.tag_action, self.untag_action, self.assign_action):
            self.table.addAction(act)

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("Exporting… %p%")
        self.progress.hide()
        self._progress = _Progress(self)
        self._progress.advanced.connect(self._advance)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.tag_filter)
        top.addWidget(self.filter_edit)
        actions = QHBoxLayout()
        for button in (self.tag_button, self.untag_button, self.assign_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.progress)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        self._update_actions()
        keep_fresh(self, changes, {CONTACTS, INQUIRIES}, self.refresh)

    def _build_actions(self) -> None:
        def action(text: str, icon: str, slot: Any, key: str = "") -> QAction:
            act = QAction(themed_icon(icon), text, self)
            if key:
                act.setShortcut(QKeySequence(key))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.open_action = action("Open", "open-lead", self.open_selected)
        self.tag_action = action("Tag selected…", "tag", self.tag_selected, "Ctrl+T")
        self.untag_action = action("Remove a tag…", "tag", self.untag_selected, "Ctrl+Shift+T")
        self.assign_menu = QMenu("Assign open inquiries to", self)
        self.assign_menu.aboutToShow.connect(self._fill_assign_menu)
        self.assign_action = self.assign_menu.menuAction()
        self.assign_action.setIcon(themed_icon("assign"))
        self.export_action = action("Export view to CSV…", "export", self.export_csv, "Ctrl+E")

        self.tag_button = _button("Tag…", "tag", "Give the selected contacts a tag (Ctrl+T)")
        self.tag_button.clicked.connect(self.tag_selected)
        self.untag_button = _button("Remove tag…", "tag", "Take a tag off the selected contacts")
        self.untag_button.clicked.connect(self.untag_selected)
        self.assign_button = _button(
            "Assign", "assign", "Give the selected contacts' open inquiries an owner"
        )
        self.assign_button.setMenu(self.assign_menu)
        self.assign_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button = _button(
            "Export CSV…", "export", "Save the contacts shown (this filter, this order) as CSV"
        )
        self.export_button.clicked.connect(self.export_csv)

    # --- loading and filtering ----------------------------------------------------------

    def refresh(self) -> None:
        self.model.reload()
        self._count()
        self._load_choices()

    def _load_choices(self) -> None:
        ctx = self._ctx
        run_in_background(
            lambda: (list_tags(ctx), list_owners(ctx)),
            self._show_choices,
            lambda error: report_failure(self, error),
        )

    def _show_choices(self, choices: tuple[list[str], list[Owner]]) -> None:
        tags, self.owners = choices
        current = self.tag_filter.currentText()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItems([ALL_TAGS, *tags])
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findText(current)))
        self.tag_filter.blockSignals(False)
        if self.tag_filter.currentText() != current:
            self.apply_filter()  # the tag filtered on is gone

    def current_query_tag(self) -> str:
        tag = self.tag_filter.currentText()
        return "" if tag == ALL_TAGS else tag

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        query = replace(
            self.model.query,
            text=self.filter_edit.text().strip(),
            tag=self.current_query_tag(),
        )
        if query != self.model.query:
            self.model.reload(query)
            self._count()

    def _sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if self.model.sort_column() != column:  # the Tags column does not sort
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(), header.sortIndicatorOrder())
            header.blockSignals(False)

    def _count(self) -> None:
        ctx, query = self._ctx, self.model.query
        run_in_background(
            lambda: count_matching(ctx, query),
            lambda total: self._show_count(query, total),
            lambda error: report_failure(self, error),
        )

    def _show_count(self, query: object, total: int) -> None:
        if query != self.model.query:
            return  # an older filter's answer
        if query.text or query.tag:  # type: ignore[attr-defined]
            self.count_label.setText(f"{total:,} matching")
        else:
            self.count_label.setText(f"{total:,} contacts" if total else "No contacts yet")

    # --- selection and opening ----------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.contact_at(row).id for row in rows]

    def _update_actions(self) -> None:
        count = len(self.table.selectionModel().selectedRows())
        for widget in (
            self.tag_action,
            self.untag_action,
            self.assign_action,
            self.tag_button,
            self.untag_button,
            self.assign_button,
        ):
            widget.setEnabled(count > 0)
        self.open_action.setEnabled(count == 1)

    def _open(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_contact.emit(self.model.contact_at(row).id)

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if len(rows) == 1:
            self._open(rows[0].row())

    # --- bulk changes -------------------------------------------------------------------

    def _ask_tag(self, title: str, label: str, editable: bool) -> str | None:
        tags = [self.tag_filter.itemText(i) for i in range(1, self.tag_filter.count())]
        if not editable and not tags:
            self.status_message.emit("No tags to remove yet")
            return None
        tag, ok = QInputDialog.getItem(self, title, label, tags, 0, editable)
        return tag.strip() if ok and tag.strip() else None

    def tag_selected(self, tag: str | None = None) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        name = tag or self._ask_tag("Tag contacts", f"Tag for {len(ids)} contact(s):", True)
        if name:
            self._push_tags(ids, name, add=True)

    def untag_selected(self, tag: str | None = None) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        name = tag or self._ask_tag("Remove a tag", f"Tag to remove from {len(ids)}:", False)
        if name:
            self._push_tags(ids, name, add=False)

    def _push_tags(self, ids: list[int], tag: str, *, add: bool) -> None:
        push_tags(
            self._undo_stack, self._changes, self._ctx, self, self.status_message.emit,
            ids=ids, tag=tag, add=add,
        )  # fmt: skip

    def _fill_assign_menu(self) -> None:
        self.assign_menu.clear()
        for owner in [*self.owners, None]:
            act = self.assign_menu.addAction(owner.name if owner else "Unassigned")
            act.triggered.connect(lambda _c=False, o=owner: self.assign_selected(o))

    def assign_selected(self, owner: Owner | None) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        push_assign(
            self._undo_stack, self._changes, self._ctx, self, self.status_message.emit,
            ids=ids, owner_id=owner.id if owner else None,
            owner_name=owner.name if owner else "nobody",
        )  # fmt: skip

    # --- export -------------------------------------------------------------------------

    def export_csv(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export contacts", str(Path.home() / "contacts.csv"), "CSV files (*.csv)"
            )
            if not chosen:
                return
            path = Path(chosen)
        ctx, query, progress = self._ctx, self.model.query, self._progress
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        run_in_background(
            lambda: export_contacts_csv(ctx, query, path, progress.advanced.emit),
            lambda count: self._exported(path, count),
            self._export_failed,
        )

    def _advance(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _exported(self, path: Path, count: int) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.status_message.emit(f"Exported {count:,} contacts to {path}")

    def _export_failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)
        report_failure(self, error)


__all__ = ["HEADERS", "ContactsView"]
