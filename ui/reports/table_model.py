"""A report table as a Qt model: cells formatted the way the command line prints them."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.reports import ReportTable, format_cell

_Index = QModelIndex | QPersistentModelIndex
_NUMERIC = ("int", "money", "percent", "duration")


class ReportTableModel(QAbstractTableModel):
    """Read-only view of one ReportTable; the total row (if any) is drawn bold."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._table: ReportTable | None = None

    @property
    def table(self) -> ReportTable | None:
        return self._table

    def set_table(self, table: ReportTable | None) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    def inquiry_ids(self, row: int) -> tuple[int, ...]:
        """The inquiries behind a row (none for an unknown row)."""
        if self._table is None or not 0 <= row < len(self._table.rows):
            return ()
        return self._table.row_inquiry_ids[row]

    def is_total(self, row: int) -> bool:
        t = self._table
        return bool(t and t.has_total and row == len(t.rows) - 1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._table is None else len(self._table.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._table is None else len(self._table.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        t = self._table
        if t is None or not index.isValid():
            return None
        column = t.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return format_cell(column, t.rows[index.row()].get(column.key))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight
                if column.kind in _NUMERIC
                else Qt.AlignmentFlag.AlignLeft
            )
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and self.is_total(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        t = self._table
        if t is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return t.columns[section].label if section < len(t.columns) else None
        return None
