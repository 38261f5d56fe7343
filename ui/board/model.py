"""One board column's cards as a Qt list model: pages fetched lazily, moves applied at once.

The model never talks to the database on the GUI thread: its first page comes with the
board's snapshot, later pages through `fetchMore` in the background. Drops only say what
was dropped (`cards_dropped`); the board page decides, asks for an outcome if needed,
and then calls `take`/`put` on the two models before the service call runs.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.services.board import PAGE_SIZE, BoardFilter, board_page
from app.services.context import ServiceContext
from app.services.pipeline import InquiryCard
from ui.background import report_failure, run_in_background

MIME_TYPE = "application/x-leadkeeper-inquiry-ids"
CARD_ROLE = Qt.ItemDataRole.UserRole + 1  # the InquiryCard
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # its inquiry id
TONE_ROLE = Qt.ItemDataRole.UserRole + 3  # "overdue", "due" or ""
DUE_TEXT_ROLE = Qt.ItemDataRole.UserRole + 4  # the next follow-up, in words
AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
DayBounds = Callable[[], tuple[datetime, datetime]]  # today's start and end, in UTC


def follow_up_key(card: InquiryCard) -> tuple[bool, datetime | None, int]:
    """The board's order: earliest follow-up first, nothing planned last, then by id."""
    return (card.next_followup_at is None, card.next_followup_at, card.inquiry_id)


def encode_ids(stage_key: str, ids: Sequence[int]) -> QMimeData:
    data = QMimeData()
    payload = json.dumps({"from": stage_key, "ids": list(ids)}).encode()
    data.setData(MIME_TYPE, QByteArray(payload))
    return data


def decode_ids(data: QMimeData) -> tuple[str, list[int]] | None:
    """The stage and inquiry ids a drag carries, or None for anything else."""
    if not data.hasFormat(MIME_TYPE):
        return None
    try:
        payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
        ids = [int(i) for i in payload["ids"]]
        return str(payload["from"]), ids
    except (ValueError, KeyError, TypeError):
        return None


class CardsModel(QAbstractListModel):
    """The cards of one stage under the board's filter."""

    cards_dropped = Signal(str, list)  # from stage key, inquiry ids
    count_changed = Signal()  # the header's count or total moved

    def __init__(self, ctx: ServiceContext, stage_key: str, day_bounds: DayBounds) -> None:
        super().__init__()
        self._ctx = ctx
        self.stage_key = stage_key
        self._day_bounds = day_bounds
        self._cards: list[InquiryCard] = []
        self._ids: set[int] = set()
        self._filter = BoardFilter()
        self.count = 0  # how many cards the column holds in all (the header shows it)
        self.total = Decimal("0.00")
        self._generation = 0  # pages of an older filter or snapshot are dropped
        self._fetching = False
        self._exhausted = False
        self.page_size = PAGE_SIZE

    # --- content ------------------------------------------------------------------

    @property
    def cards(self) -> list[InquiryCard]:
        return list(self._cards)

    def set_content(
        self,
        flt: BoardFilter,
        cards: Sequence[InquiryCard],
        count: int,
        total: Decimal,
        *,
        more: bool = True,
    ) -> None:
        """Replace everything (a new snapshot arrived). `more=False`: fetch no further
        pages (a folded column: its hidden view would ask for them)."""
        self.beginResetModel()
        self._generation += 1
        self._fetching = False
        self._exhausted = not more or len(cards) >= count
        self._filter = flt
        self._cards = list(cards)
        self._ids = {c.inquiry_id for c in cards}
        self.count, self.total = count, total
        self.endResetModel()
        self.count_changed.emit()

    def row_of(self, inquiry_id: int) -> int:
        for row, card in enumerate(self._cards):
            if card.inquiry_id == inquiry_id:
                return row
        return -1

    def card_at(self, row: int) -> InquiryCard:
        return self._cards[row]

    def take(self, ids: Iterable[int]) -> list[InquiryCard]:
        """Remove these cards now (they are moving away); returns the ones found."""
        taken = []
        for inquiry_id in ids:
            row = self.row_of(inquiry_id)
            if row < 0:
                continue
            self.beginRemoveRows(ROOT, row, row)
            card = self._cards.pop(row)
            self._ids.discard(inquiry_id)
            self.endRemoveRows()
            taken.append(card)
        return taken

    def put(self, cards: Iterable[InquiryCard]) -> list[int]:
        """Insert moved-in cards at their place in follow-up order; returns their rows."""
        keys = [follow_up_key(c) for c in self._cards]
        for card in cards:
            if card.inquiry_id in self._ids:
                continue
            # Past the loaded pages it still goes in, at the end, so the broker sees it
            # land; the next snapshot puts it where it belongs.
            row = bisect.bisect(keys, follow_up_key(card))
            self.beginInsertRows(ROOT, row, row)
            self._cards.insert(row, card)
            self._ids.add(card.inquiry_id)
            keys.insert(row, follow_up_key(card))
            self.endInsertRows()
        return [self.row_of(c.inquiry_id) for c in cards if c.inquiry_id in self._ids]

    def adjust(self, cards: int, amount: Decimal) -> None:
        """Move the header's count and total by these (an optimistic move)."""
        self.count = max(0, self.count + cards)
        self.total += amount
        self.count_changed.emit()

    # --- lazy pages ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._cards)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        if parent.isValid() or self._fetching or self._exhausted:
            return False
        return len(self._cards) < self.count

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        ctx, key, flt = self._ctx, self.stage_key, self._filter
        offset, size, generation = len(self._cards), self.page_size, self._generation
        run_in_background(
            lambda: board_page(ctx, key, flt, offset, size),
            lambda cards: self._add_page(generation, cards),
            lambda error: self._page_failed(generation, error),
        )

    def _add_page(self, generation: int, cards: list[InquiryCard]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        fresh = [c for c in cards if c.inquiry_id not in self._ids]
        self._exhausted = len(cards) < self.page_size
        if fresh:
            first = len(self._cards)
            self.beginInsertRows(ROOT, first, first + len(fresh) - 1)
            self._cards.extend(fresh)
            self._ids.update(c.inquiry_id for c in fresh)
            self.endInsertRows()

    def _page_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._fetching = False
            self._exhausted = True  # do not retry in a loop; Refresh starts over
            report_failure(None, error)

    # --- what views ask -----------------------------------------------------------

    def tone(self, card: InquiryCard) -> str:
        """The follow-up state: "overdue" before the broker's today, "due" during it."""
        due = card.next_followup_at
        if due is None:
            return ""
        start, end = self._day_bounds()
        if due < start:
            return "overdue"
        return "due" if due < end else ""

    def due_text(self, card: InquiryCard) -> str:
        due = card.next_followup_at
        if due is None:
            return "No follow-up planned"
        local = due.astimezone(self._ctx.clock.tz)
        tone = self.tone(card)
        if tone == "overdue":
            return f"Overdue · {local.day} {local:%b}"
        if tone == "due":
            return f"Today {local:%H:%M}"
        return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        card = self._cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card.contact_name
        if role == CARD_ROLE:
            return card
        if role == ID_ROLE:
            return card.inquiry_id
        if role == TONE_ROLE:
            return self.tone(card)
        if role == DUE_TEXT_ROLE:
            return self.due_text(card)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(card, self.due_text(card))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{card.contact_name}, {card.type_name}, {self.due_text(card)}"
        return None

    # --- drag and drop ------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_ids(self.stage_key, [self._cards[r].inquiry_id for r in rows])

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        decoded = decode_ids(data)
        return decoded is not None and decoded[0] != self.stage_key and bool(decoded[1])

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        decoded = decode_ids(data)
        assert decoded is not None
        # The board moves the cards (both models) itself; the dragging view's own
        # "remove the moved rows" finds no removeRows here and leaves them to it.
        self.cards_dropped.emit(decoded[0], decoded[1])
        return True


def money(amount: Decimal | None) -> str:
    return f"${amount:,.0f}" if amount is not None else "No amount"


def _tooltip(card: InquiryCard, due: str) -> str:
    missing = card.missing_documents
    docs = f"{missing} document{'s' if missing != 1 else ''} missing" if missing else "none"
    return (
        f"<b>{_escape(card.contact_name)}</b><br>{_escape(card.type_name)}, {money(card.amount)}"
        f"<br>Source: {_escape(card.source_name or 'unknown')}<br>Score: {card.score}"
        f"<br>Missing documents: {docs}<br>Next follow-up: {due}"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
