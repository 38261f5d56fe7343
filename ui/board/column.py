"""A board column: a header (stage, count, total) over a list of painted cards.

Won and lost columns can fold into a narrow strip; the strip still takes drops, since
dropping a card on Funded or Lost is the usual way to close it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import StageKind
from ui.board.delegate import CardDelegate, card_height
from ui.board.model import ID_ROLE, CardsModel, decode_ids, money
from ui.theme import muted_color

OPEN_WIDTH = (250, 340)  # min, max
STRIP_WIDTH = 40


class CardListView(QListView):
    """The cards of one column. Enter or a double-click opens a card."""

    open_requested = Signal(int)
    focused = Signal()

    def __init__(self, model: CardsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(CardDelegate(self))
        self.setUniformItemSizes(True)  # one sizeHint for all: fast with thousands of cards
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)  # the order is by follow-up, not by drop spot
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # Cards sit on the window colour; an opaque viewport repaints just itself.
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.viewport().setAutoFillBackground(True)
        self.verticalScrollBar().setSingleStep(card_height(self.font()) // 3)
        self.doubleClicked.connect(self._open)
        self._drop_hover = False

    @property
    def cards(self) -> CardsModel:
        model = self.model()
        assert isinstance(model, CardsModel)
        return model

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        return [self.cards.card_at(r).inquiry_id for r in rows]

    def select_ids(self, ids: list[int], *, focus: bool = False) -> None:
        """Select these cards (those loaded), make the first current, scroll to it."""
        selection = self.selectionModel()
        selection.clearSelection()
        first: QModelIndex | None = None
        for inquiry_id in ids:
            row = self.cards.row_of(inquiry_id)
            if row < 0:
                continue
            index = self.cards.index(row)
            selection.select(index, selection.SelectionFlag.Select)
            first = first or index
        if first is not None:
            selection.setCurrentIndex(first, selection.SelectionFlag.NoUpdate)
            self.scrollTo(first)
            if focus:
                self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(int(index.data(ID_ROLE)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    # A column lights up while a card it would take hovers over it.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self._takes(event):  # its own column: the cursor says "no" at once
            event.ignore()
            return
        super().dragEnterEvent(event)
        self._set_hover(event.isAccepted())

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)
        if self._takes(event):  # anywhere in the column, not just on a card's edge
            event.acceptProposedAction()
        self._set_hover(self._takes(event))

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        super().dragLeaveEvent(event)
        self._set_hover(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_hover(False)
        if not self._takes(event):
            event.ignore()
            return
        # Straight to the model: where in the list it lands does not matter.
        if self.cards.dropMimeData(
            event.mimeData(), Qt.DropAction.MoveAction, -1, -1, QModelIndex()
        ):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()

    def _takes(self, event: QDropEvent | QDragMoveEvent | QDragEnterEvent) -> bool:
        decoded = decode_ids(event.mimeData())
        return decoded is not None and decoded[0] != self.cards.stage_key

    def _set_hover(self, hover: bool) -> None:
        if hover != self._drop_hover:
            self._drop_hover = hover
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.cards.rowCount() and not self._drop_hover:
            return  # just the cards
        painter = QPainter(self.viewport())
        palette = self.palette()
        if self.cards.rowCount() == 0:
            painter.setPen(muted_color(palette))
            text = "Drop a card here" if self._drop_hover else "No inquiries"
            area = self.viewport().rect().adjusted(8, 16, -8, 0)
            painter.drawText(area, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        if self._drop_hover:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(
                QPen(palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine)
            )
            painter.drawRoundedRect(self.viewport().rect().adjusted(2, 2, -2, -2), 6, 6)
        painter.end()


class CollapsedStrip(QWidget):
    """A folded won/lost column: its name and count written upwards; takes drops."""

    dropped = Signal(str, list)  # from stage key, inquiry ids
    expand_requested = Signal()

    def __init__(self, model: CardsModel, stage_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.stage_name = stage_name
        self._hover = False
        self.setAcceptDrops(True)
        self.setFixedWidth(STRIP_WIDTH)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{stage_name}: drop a card here, or click to show the column")
        model.count_changed.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(STRIP_WIDTH, 200)

    def text(self) -> str:
        return f"{self.stage_name}  ·  {self._model.count:,}  ·  {money(self._model.total)}"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        role = QPalette.ColorRole.Highlight if self._hover else QPalette.ColorRole.Mid
        painter.setPen(QPen(palette.color(role), 2 if self._hover else 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 6, 6)
        painter.translate(0, self.height())
        painter.rotate(-90)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(
            QRect(QPoint(12, 0), QSize(self.height() - 24, self.width())),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            self.text(),
        )
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.expand_requested.emit()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        decoded = decode_ids(event.mimeData())
        if decoded is not None and decoded[0] != self._model.stage_key:
            event.acceptProposedAction()
            self._hover = True
            self.update()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._hover = False
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        self._hover = False
        self.update()
        decoded = decode_ids(event.mimeData())
        if decoded is None or decoded[0] == self._model.stage_key:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.dropped.emit(*decoded)


class ColumnHeader(QWidget):
    """Stage name, then how many cards and their total amount."""

    def __init__(self, model: CardsModel, stage_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.name = QLabel(stage_name)
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.count = QLabel()
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total = QLabel()
        self._mute_total()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.name, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(1)
        layout.addLayout(top)
        layout.addWidget(self.total)
        model.count_changed.connect(self.update_numbers)
        self.update_numbers()

    def _mute_total(self) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, muted_color(palette))
        self.total.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light/dark switched
            self._mute_total()

    def update_numbers(self) -> None:
        count = self._model.count
        self.count.setText(f"{count:,}")
        self.count.setToolTip(f"{count:,} inquir{'y' if count == 1 else 'ies'}")
        self.total.setText(money(self._model.total) if count else "—")


class BoardColumn(QFrame):
    """One stage on the board."""

    def __init__(
        self, model: CardsModel, stage_name: str, kind: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.kind = kind
        self.stage_name = stage_name
        self.setObjectName(f"column_{model.stage_key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.header = ColumnHeader(model, stage_name)
        self.view = CardListView(model)
        self.strip = CollapsedStrip(model, stage_name)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self._line = line
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(line)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.strip, 1)
        self.collapsed = False
        self.set_collapsed(False)

    @property
    def closing(self) -> bool:
        """A won or lost stage: moving here asks how it ended."""
        return self.kind in (StageKind.WON, StageKind.LOST)

    def set_collapsed(self, collapsed: bool) -> None:
        self.collapsed = collapsed
        self.header.setVisible(not collapsed)
        self._line.setVisible(not collapsed)
        self.view.setVisible(not collapsed)
        self.strip.setVisible(collapsed)
        self.setFrameShape(QFrame.Shape.NoFrame if collapsed else QFrame.Shape.StyledPanel)
        if collapsed:
            self.setFixedWidth(STRIP_WIDTH)
        else:
            self.setMinimumWidth(OPEN_WIDTH[0])
            self.setMaximumWidth(OPEN_WIDTH[1])
