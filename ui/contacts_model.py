"""The Contacts table model: pages fetched on demand, sorted and filtered by the database."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.services.contact_query import ContactListRow, ContactQuery, contact_rows_page
from app.services.context import ServiceContext
from ui.background import report_failure, run_in_background
from ui.theme import muted_color

PAGE_SIZE = 500
HEADERS = ("Name", "Email", "Phone", "City", "Tags", "Active inquiries", "Added")
SORT_BY_COLUMN = ("name", "email", "phone", "city", None, "inquiries", "added")
AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class ContactsModel(QAbstractTableModel):
    """Rows arrive in pages from the background worker when the view scrolls near the
    end (Qt's canFetchMore/fetchMore), so 100,000 contacts open as fast as 50. Sorting
    (a header click) asks the database for a new order and starts over."""

    loading_changed = Signal(bool)

    def __init__(self, ctx: ServiceContext, page_size: int | None = None) -> None:
        super().__init__()
        self._ctx = ctx
        self._page_size = page_size or PAGE_SIZE
        self._rows: list[ContactListRow] = []
        self.query = ContactQuery()
        self._generation = 0  # pages of an older query are dropped when they arrive
        self._fetching = False
        self._exhausted = False

    @property
    def text_filter(self) -> str:
        return self.query.text

    def reload(self, query: ContactQuery | None = None) -> None:
        """Start over (new filter or sort, or the data changed); the first page now."""
        self.beginResetModel()
        if query is not None:
            self.query = query
        self._generation += 1
        self._rows = []
        self._fetching = False
        self._exhausted = False
        self.endResetModel()
        self.fetchMore(ROOT)

    def contact_at(self, row: int) -> ContactListRow:
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
        self.loading_changed.emit(True)
        ctx, offset, size = self._ctx, len(self._rows), self._page_size
        query, generation = self.query, self._generation
        run_in_background(
            lambda: contact_rows_page(ctx, query, offset=offset, limit=size),
            lambda rows: self._add_page(generation, rows),
            lambda error: self._page_failed(generation, error),
        )

    def _add_page(self, generation: int, rows: list[ContactListRow]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._exhausted = len(rows) < self._page_size
        if rows:
            first = len(self._rows)
            self.beginInsertRows(ROOT, first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.loading_changed.emit(False)

    def _page_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._fetching = False
            self._exhausted = True  # do not retry in a loop; Refresh (F5) starts over
            self.loading_changed.emit(False)
            report_failure(None, error)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_BY_COLUMN[column] if 0 <= column < len(SORT_BY_COLUMN) else None
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.query.sort, self.query.descending):
            self.reload(replace(self.query, sort=key, descending=descending))

    def sort_column(self) -> int:
        return SORT_BY_COLUMN.index(self.query.sort)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and SORT_BY_COLUMN[section] is None
        ):
            return "Filter by a tag with the Tag box above"
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
                ", ".join(row.tags),
                str(row.active_inquiries) if row.active_inquiries else "",
                f"{added:%Y-%m-%d}",
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 5:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole and column in (4, 6):
            return muted_color()
        return None
