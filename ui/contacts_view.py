"""The Contacts page: every active contact, loaded a page at a time, with a filter box."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.contact_list import ContactRow, contact_page, count_contacts
from app.services.context import ServiceContext
from ui.background import (
    CONTACTS,
    INQUIRIES,
    Changes,
    keep_fresh,
    report_failure,
    run_in_background,
)

PAGE_SIZE = 500
FILTER_DELAY_MS = 250  # wait for a pause in typing before querying
HEADERS = ("Name", "Email", "Phone", "City", "Active inquiries", "Added")
AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class ContactsModel(QAbstractTableModel):
    """Rows arrive in pages from the background worker when the view scrolls near the
    end (Qt's canFetchMore/fetchMore), so 50,000 contacts open as fast as 50."""

    def __init__(self, ctx: ServiceContext, page_size: int | None = None) -> None:
        super().__init__()
        self._ctx = ctx
        self._page_size = page_size or PAGE_SIZE
        self._rows: list[ContactRow] = []
        self._text_filter = ""
        self._generation = 0  # pages of an older filter are dropped when they arrive
        self._fetching = False
        self._exhausted = False

    @property
    def text_filter(self) -> str:
        return self._text_filter

    def reload(self, text_filter: str | None = None) -> None:
        """Start over (new filter, or the data changed); the first page is fetched now."""
        self.beginResetModel()
        if text_filter is not None:
            self._text_filter = text_filter
        self._generation += 1
        self._rows = []
        self._fetching = False
        self._exhausted = False
        self.endResetModel()
        self.fetchMore(ROOT)

    def contact_at(self, row: int) -> ContactRow:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self._fetching and not self._exhausted

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        ctx, offset, size = self._ctx, len(self._rows), self._page_size
        text, generation = self._text_filter, self._generation
        run_in_background(
            lambda: contact_page(ctx, offset=offset, limit=size, text_filter=text),
            lambda rows: self._add_page(generation, rows),
            lambda error: self._page_failed(generation, error),
        )

    def _add_page(self, generation: int, rows: list[ContactRow]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._exhausted = len(rows) < self._page_size
        if rows:
            first = len(self._rows)
            self.beginInsertRows(ROOT, first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def _page_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._fetching = False
            self._exhausted = True  # do not retry in a loop; Refresh (F5) starts over
            report_failure(None, error)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            added = row.created_at.astimezone(self._ctx.clock.tz)
            return (
                row.name,
                row.email,
                row.phone,
                row.city,
                str(row.active_inquiries) if row.active_inquiries else "",
                f"{added:%Y-%m-%d}",
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return Qt.AlignmentFlag.AlignCenter
        return None


class ContactsView(QWidget):
    status_message = Signal(str)
    open_contact_requested = Signal(int)  # for the contact screen, once it exists

    def __init__(self, ctx: ServiceContext, changes: Changes, page_size: int | None = None) -> None:
        super().__init__()
        self._ctx = ctx
        self.model = ContactsModel(ctx, page_size)

        title = QLabel("Contacts")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name, email or phone")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(260)
        self.count_label = QLabel()
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(self._filter_timer.start)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in enumerate((200, 240, 150, 130, 110, 100)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open)

        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.filter_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        keep_fresh(self, changes, {CONTACTS, INQUIRIES}, self.refresh)

    def refresh(self) -> None:
        self.model.reload()
        self._count()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        text = self.filter_edit.text().strip()
        if text != self.model.text_filter:
            self.model.reload(text)
            self._count()

    def _count(self) -> None:
        ctx, text = self._ctx, self.model.text_filter
        run_in_background(
            lambda: count_contacts(ctx, text),
            lambda total: self._show_count(text, total),
            lambda error: report_failure(self, error),
        )

    def _show_count(self, text: str, total: int) -> None:
        if text != self.model.text_filter:
            return  # an older filter's answer
        if text:
            self.count_label.setText(f"{total:,} matching")
        else:
            self.count_label.setText(f"{total:,} contacts" if total else "No contacts yet")

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_contact_requested.emit(self.model.contact_at(index.row()).id)
