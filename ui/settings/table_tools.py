"""Small pieces the list editors share: row moves, add/up/down buttons, cell editors."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

AnyIndex = QModelIndex | QPersistentModelIndex
DATA = Qt.ItemDataRole.UserRole  # the row's id (or a token) on column 0


def make_table(headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
    return table


def text_item(text: str, data: object = None, editable: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(DATA, data)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def check_item(checked: bool) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setFlags(
        Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    )
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def is_checked(table: QTableWidget, row: int, column: int) -> bool:
    item = table.item(row, column)
    return item is not None and item.checkState() == Qt.CheckState.Checked


def move_row(table: QTableWidget, step: int) -> None:
    """Swap the current row with its neighbour `step` (-1 up, +1 down)."""
    row = table.currentRow()
    other = row + step
    if row < 0 or not 0 <= other < table.rowCount():
        return
    for column in range(table.columnCount()):
        mine, theirs = table.takeItem(row, column), table.takeItem(other, column)
        table.setItem(row, column, theirs)
        table.setItem(other, column, mine)
    table.setCurrentCell(other, table.currentColumn())


def buttons(*labels: str) -> tuple[QHBoxLayout, list[QPushButton]]:
    row = QHBoxLayout()
    made = []
    for label in labels:
        button = QPushButton(label)
        row.addWidget(button)
        made.append(button)
    row.addStretch(1)
    return row, made


class ChoiceDelegate(QStyledItemDelegate):
    """Edit a cell with a combo box of (value, label); the cell shows the label and keeps
    the value in DATA."""

    def __init__(self, choices: tuple[tuple[str, str], ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        for value, label in self.choices:
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(DATA))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), DATA)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)

    def label(self, value: str) -> str:
        return dict(self.choices).get(value, value)


class SpinDelegate(QStyledItemDelegate):
    """Edit a whole number in a range."""

    def __init__(self, minimum: int, maximum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.minimum, self.maximum = minimum, maximum

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(self.minimum, self.maximum)
        return spin

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QSpinBox)
        editor.setValue(int(index.data() or 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QSpinBox)
        model.setData(index, str(editor.value()), Qt.ItemDataRole.DisplayRole)
