"""The Pipeline page: inquiries per stage with their total amount, and one stage's cards.

A plain table for now; the kanban board comes later and can reuse the same services.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.context import ServiceContext
from app.services.pipeline import InquiryCard, StageCount, stage_counts, stage_page
from ui.background import (
    DAY,
    INQUIRIES,
    TASKS,
    Changes,
    keep_fresh,
    report_failure,
    run_in_background,
)
from ui.today_view import tone_color

CARD_LIMIT = 200
AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
R = TypeVar("R")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def money(amount: Decimal | None) -> str:
    return f"${amount:,.0f}" if amount is not None else ""


@dataclass(frozen=True)
class Column(Generic[R]):
    header: str
    text: Callable[[R], str]
    align: Qt.AlignmentFlag | None = None
    tone: Callable[[R], str] | None = None  # "overdue"/"due" colours the cell


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table of frozen rows, one Column spec per column."""

    def __init__(self, columns: Sequence[Column[R]]) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column, row = self.columns[index.column()], self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.ForegroundRole and column.tone is not None:
            return tone_color(column.tone(row), QApplication.palette())
        return None


def _table(model: QAbstractTableModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    rows = table.verticalHeader()
    rows.setVisible(False)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 10)  # compact, still airy
    return table


class PipelineView(QWidget):
    status_message = Signal(str)
    open_inquiry_requested = Signal(int)  # for the lead detail screen, once it exists

    def __init__(self, ctx: ServiceContext, changes: Changes) -> None:
        super().__init__()
        self._ctx = ctx
        tz = ctx.clock.tz
        self.stages: RowsModel[StageCount] = RowsModel([
            Column("Stage", lambda s: s.stage_name),
            Column("Inquiries", lambda s: f"{s.count:,}", RIGHT),
            Column("Total amount", lambda s: money(s.total_amount) if s.count else "—", RIGHT),
        ])  # fmt: skip

        def next_followup(card: InquiryCard) -> str:
            due = card.next_followup_at
            if due is None:
                return "none planned"
            local = due.astimezone(tz)
            return f"{local:%a} {local.day} {local:%b %H:%M}"

        def followup_tone(card: InquiryCard) -> str:
            due = card.next_followup_at
            return "overdue" if due is not None and due < ctx.clock.now() else ""

        self.cards: RowsModel[InquiryCard] = RowsModel([
            Column("Name", lambda c: c.contact_name),
            Column("Type", lambda c: c.type_name),
            Column("Amount", lambda c: money(c.amount), RIGHT),
            Column("Source", lambda c: c.source_name or ""),
            Column("Score", lambda c: str(c.score), RIGHT),
            Column("Missing docs", lambda c: str(c.missing_documents or ""), RIGHT),
            Column("Next follow-up", next_followup, tone=followup_tone),
        ])  # fmt: skip

        title = QLabel("Pipeline")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.stage_table = _table(self.stages)
        self.stage_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.stage_table.selectionModel().selectionChanged.connect(self._stage_selected)
        self.card_label = QLabel("Select a stage to list its inquiries.")
        self.card_table = _table(self.cards)
        self.card_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.card_table.horizontalHeader().setStretchLastSection(True)
        self.card_table.doubleClicked.connect(self._open)

        cards = QWidget()
        cards_layout = QVBoxLayout(cards)
        cards_layout.setContentsMargins(0, 0, 0, 0)
        cards_layout.addWidget(self.card_label)
        cards_layout.addWidget(self.card_table, 1)
        # Stages above, cards below: the cards need the full width for their columns.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.stage_table)
        self.splitter.addWidget(cards)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.splitter, 1)
        self._current_key: str | None = None
        keep_fresh(self, changes, {INQUIRIES, TASKS, DAY}, self.refresh)

    def refresh(self) -> None:
        ctx = self._ctx
        run_in_background(
            lambda: stage_counts(ctx), self._show_counts, lambda e: report_failure(self, e)
        )

    def _show_counts(self, counts: list[StageCount]) -> None:
        keep = self._current_key
        self.stages.set_rows(counts)
        self._fit_stage_table()
        keys = [s.stage_key for s in counts]
        row = keys.index(keep) if keep in keys else 0
        if counts:
            self.stage_table.selectRow(row)  # reloads that stage's cards

    def _fit_stage_table(self) -> None:
        """Tall enough for every stage, so only the cards scroll."""
        table = self.stage_table
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(self.stages.rowCount()))
        self.splitter.setSizes([height, max(200, self.splitter.height() - height)])

    def select_stage(self, stage_key: str) -> None:
        keys = [s.stage_key for s in self.stages.rows]
        self.stage_table.selectRow(keys.index(stage_key))

    def _stage_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.stage_table.selectionModel().selectedRows()
        if not rows:
            return
        stage = self.stages.rows[rows[0].row()]
        self._current_key = stage.stage_key
        ctx, key = self._ctx, stage.stage_key
        run_in_background(
            lambda: stage_page(ctx, key, limit=CARD_LIMIT),
            lambda cards: self._show_cards(stage, cards),
            lambda e: report_failure(self, e),
        )

    def _show_cards(self, stage: StageCount, cards: list[InquiryCard]) -> None:
        if stage.stage_key != self._current_key:
            return  # the broker already picked another stage
        self.cards.set_rows(cards)
        if stage.count > len(cards):
            self.card_label.setText(
                f"{stage.stage_name}: the first {len(cards):,} of {stage.count:,} inquiries"
            )
        elif cards:
            noun = "inquiry" if len(cards) == 1 else "inquiries"
            self.card_label.setText(f"{stage.stage_name}: {len(cards):,} {noun}")
        else:
            self.card_label.setText(f"{stage.stage_name}: no inquiries in this stage")

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_inquiry_requested.emit(self.cards.rows[index.row()].inquiry_id)
