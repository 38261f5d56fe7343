"""The row of columns: built from a snapshot, refreshed in place, changed by moves.

It keeps what the broker was doing across reloads (selected cards, scroll position) and
holds the selection in one column at a time: the cards Ctrl+Left/Right would move.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QWidget

from app.services.board import BoardSnapshot, ColumnSummary
from app.services.context import ServiceContext
from app.services.pipeline import InquiryCard
from ui.board.column import BoardColumn, CardListView
from ui.board.model import CardsModel
from ui.board.moves import Move

DayBounds = Callable[[], tuple[datetime, datetime]]


class BoardLane(QScrollArea):
    """Columns side by side, scrolling sideways; the page decides what moves."""

    dropped = Signal(str, list, str)  # from stage key, inquiry ids, onto stage key
    open_inquiry = Signal(int)
    menu_requested = Signal(object, str, QPoint)  # the CardListView, its stage, where
    expand_requested = Signal()  # a folded column was clicked

    def __init__(self, ctx: ServiceContext, day_bounds: DayBounds) -> None:
        super().__init__()
        self._ctx = ctx
        self._day_bounds = day_bounds
        self.columns: dict[str, BoardColumn] = {}
        self.order: list[str] = []
        self.active_key: str | None = None
        self.show_closed = False
        self.page_size = 200
        self._row = QWidget()
        self._layout = QHBoxLayout(self._row)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self._layout.addStretch(1)
        self.setWidgetResizable(True)
        self.setWidget(self._row)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    # --- content ------------------------------------------------------------------

    def show_snapshot(self, snapshot: BoardSnapshot) -> None:
        """Put a snapshot's numbers and cards up, keeping selections and scroll places."""
        if [c.stage_key for c in snapshot.columns] != self.order:
            self._build(snapshot.columns)
        for summary in snapshot.columns:
            column = self.columns[summary.stage_key]
            cards = snapshot.cards.get(summary.stage_key)
            count, total = summary.count, summary.total_amount
            if cards is None:  # folded: the header numbers only
                column.model.set_content(snapshot.filter, [], count, total, more=False)
                continue
            view = column.view
            keep = view.selected_ids()
            scrolled = view.verticalScrollBar().value()
            column.model.set_content(snapshot.filter, cards, count, total)
            if keep:
                view.select_ids(keep)
            view.verticalScrollBar().setValue(scrolled)

    def _build(self, summaries: Sequence[ColumnSummary]) -> None:
        for column in self.columns.values():
            self._layout.removeWidget(column)
            column.deleteLater()
        self.columns = {}
        for position, summary in enumerate(summaries):
            key = summary.stage_key
            model = CardsModel(self._ctx, key, self._day_bounds)
            model.page_size = self.page_size
            column = BoardColumn(model, summary.stage_name, summary.kind)
            column.set_collapsed(column.closing and not self.show_closed)
            model.cards_dropped.connect(lambda f, ids, k=key: self.dropped.emit(f, ids, k))
            column.strip.dropped.connect(lambda f, ids, k=key: self.dropped.emit(f, ids, k))
            column.strip.expand_requested.connect(self.expand_requested)
            self._wire(column.view, key)
            self._layout.insertWidget(position, column, 0 if column.closing else 1)
            self.columns[key] = column
        self.order = [s.stage_key for s in summaries]
        # Lay the row out now: until the scroll area hears of the new minimum width (a
        # turn of the event loop later) the columns would overlap for a frame, and all
        # of them, seen or not, would paint their cards.
        self._layout.activate()
        self._row.resize(self._row.minimumSizeHint().expandedTo(self.viewport().size()))

    def _wire(self, view: CardListView, key: str) -> None:
        view.open_requested.connect(self.open_inquiry)
        view.focused.connect(lambda: setattr(self, "active_key", key))
        view.customContextMenuRequested.connect(
            lambda point: self.menu_requested.emit(view, key, point)
        )
        view.selectionModel().selectionChanged.connect(lambda *_: self._selected_in(key))

    def _selected_in(self, key: str) -> None:
        if not self.columns[key].view.selectionModel().hasSelection():
            return
        self.active_key = key
        for other, column in self.columns.items():
            if other != key and column.view.selectionModel().hasSelection():
                column.view.selectionModel().clearSelection()

    def set_show_closed(self, show: bool) -> None:
        self.show_closed = show
        for column in self.columns.values():
            if column.closing:
                column.set_collapsed(not show)
                self._layout.setStretchFactor(column, 1 if show else 0)

    def loaded_counts(self) -> dict[str, int]:
        """How many cards each open column holds now (a reload fetches as many)."""
        return {k: c.model.rowCount() for k, c in self.columns.items() if not c.collapsed}

    # --- questions and moves --------------------------------------------------------

    def neighbour(self, key: str, step: int) -> str | None:
        position = self.order.index(key) + step
        return self.order[position] if 0 <= position < len(self.order) else None

    def selected(self) -> tuple[str, list[int]] | None:
        """The active column and its selected cards, if any are."""
        column = self.columns.get(self.active_key or "")
        if column is None or column.collapsed or self.active_key is None:
            return None
        ids = column.view.selected_ids()
        return (self.active_key, ids) if ids else None

    def card(self, inquiry_id: int) -> InquiryCard | None:
        """The loaded card of this inquiry, wherever it is on the board."""
        for column in self.columns.values():
            row = column.model.row_of(inquiry_id)
            if row >= 0:
                return column.model.card_at(row)
        return None

    def apply(self, move: Move, *, focus: bool = False) -> None:
        """Show a move now: out of one column, into the other, numbers adjusted."""
        source, target = self.columns.get(move.from_key), self.columns.get(move.to_key)
        if source is None or target is None:
            return  # the stages changed meanwhile; the next snapshot tells
        source.model.take(move.ids)
        amount = sum((c.amount or Decimal("0") for c in move.cards), Decimal("0"))
        source.model.adjust(-len(move.cards), -amount)
        target.model.adjust(len(move.cards), amount)
        target.model.put(replace(c, stage_key=move.to_key) for c in move.cards)
        if not target.collapsed:
            target.view.select_ids(move.ids, focus=focus)
            if focus:
                self.active_key = move.to_key
                self.ensureWidgetVisible(target)
