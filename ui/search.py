"""Global search (Ctrl+K): a popup with results while typing, grouped, keyboard driven.

Each keystroke asks `app.services.search` in the background. While one search runs,
newer keystrokes only remember the latest text, which runs next: a fast typist never
queues a backlog, and the list always ends on the text in the box.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.services.context import ServiceContext
from app.services.search import KINDS, SearchHit, search
from ui.background import report_failure, run_in_background
from ui.theme import muted_color, themed_icon

GROUP_TITLES = {"name": "People", "email": "Emails", "phone": "Phone numbers", "note": "Notes"}
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
HINT = "↑ ↓ to move · Enter to open · Esc to close"
NAME_SHARE = 0.38  # of a row's width, for the name; what matched takes the rest


@dataclass(frozen=True)
class _Row:
    header: str  # a group title, or "" for a hit
    hit: SearchHit | None = None


class SearchModel(QAbstractListModel):
    """Group titles and hits in one flat list; titles are not selectable."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[_Row] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.rows = []
        for kind in KINDS:
            group = [hit for hit in hits if hit.kind == kind]
            if group:
                self.rows.append(_Row(f"{GROUP_TITLES[kind]}  ·  {len(group)}"))
                self.rows += [_Row("", hit) for hit in group]
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return [row.hit for row in self.rows if row.hit is not None]

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if index.isValid() and self.rows[index.row()].hit is None:
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == HIT_ROLE:
            return row.hit
        if role == Qt.ItemDataRole.DisplayRole:
            return row.header or (row.hit.title if row.hit else "")
        if role == Qt.ItemDataRole.ToolTipRole and row.hit is not None:
            return row.hit.detail
        return None


class _HitDelegate(QStyledItemDelegate):
    """A hit: the name, then what matched in muted text. A group title: small caps."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        hit = index.data(HIT_ROLE)
        rect: QRect = option.rect  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        painter.save()
        if not isinstance(hit, SearchHit):
            font = QFont(option.font)  # type: ignore[attr-defined]
            font.setBold(True)
            font.setCapitalization(QFont.Capitalization.AllUppercase)
            font.setPointSizeF(font.pointSizeF() * 0.8)
            painter.setFont(font)
            painter.setPen(muted_color(palette))
            painter.drawText(
                rect.adjusted(10, 4, -10, 0), Qt.AlignmentFlag.AlignVCenter, str(index.data())
            )
            painter.restore()
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        name_font = QFont(option.font)  # type: ignore[attr-defined]
        name_font.setBold(True)
        painter.setFont(name_font)
        painter.setPen(text_color)
        inner = rect.adjusted(18, 0, -10, 0)
        name_width = int(inner.width() * NAME_SHARE)  # names in one column, details aligned
        name = painter.fontMetrics().elidedText(
            hit.title, Qt.TextElideMode.ElideRight, name_width - 12
        )
        painter.drawText(inner, Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(option.font)  # type: ignore[attr-defined]
        painter.setPen(text_color if selected else muted_color(palette))
        detail_rect = inner.adjusted(name_width, 0, 0, 0)
        detail = painter.fontMetrics().elidedText(
            hit.detail, Qt.TextElideMode.ElideRight, detail_rect.width()
        )
        painter.drawText(detail_rect, Qt.AlignmentFlag.AlignVCenter, detail)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        height = option.fontMetrics.height()  # type: ignore[attr-defined]
        header = not isinstance(index.data(HIT_ROLE), SearchHit)
        return QSize(400, height + (10 if header else 12))


class SearchPopup(QDialog):
    """Type to search; ↑/↓ move through the hits, Enter opens, Esc closes."""

    open_inquiry = Signal(int)
    open_contact = Signal(int)  # a hit without an inquiry yet
    searched = Signal(str)  # the text whose results are now shown

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self._ctx = ctx
        self._running = False
        self._pending: str | None = None
        self.shown_text = ""
        self.setMinimumWidth(620)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Search names, emails, phone numbers and notes")
        self.edit.addAction(themed_icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.edit.setClearButtonEnabled(True)
        font = self.edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.edit.setFont(font)
        self.edit.setMinimumHeight(self.edit.sizeHint().height() + 10)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.installEventFilter(self)
        self.model = SearchModel()
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(_HitDelegate(self.list))
        self.list.setUniformItemSizes(False)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the box
        self.list.clicked.connect(self._open_index)
        self.status = QLabel(HINT)
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.addWidget(self.edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self.resize(620, 120)

    # --- showing ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """A popup has no window frame: draw a thin border so it stands off the page."""
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def popup(self, anchor: QWidget) -> None:
        """Show centred near the top of `anchor` (the main window), text selected."""
        geometry = anchor.geometry()
        width = min(680, max(520, geometry.width() // 2))
        self.resize(width, self._height())
        self.move(geometry.x() + (geometry.width() - width) // 2, geometry.y() + 80)
        self.show()
        self.activateWindow()
        self.edit.setFocus()
        self.edit.selectAll()

    def _height(self) -> int:
        rows = sum(self.list.sizeHintForRow(r) for r in range(min(self.model.rowCount(), 14)))
        return self.edit.sizeHint().height() + rows + self.status.sizeHint().height() + 40

    # --- searching ----------------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        if self._running:
            self._pending = text
            return
        self._run(text)

    def _run(self, text: str) -> None:
        ctx = self._ctx
        self._running = True
        run_in_background(
            lambda: search(ctx, text),
            lambda hits: self._show(text, hits),
            self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        self._running = False
        self._pending = None
        report_failure(self, error)

    def _show(self, text: str, hits: list[SearchHit]) -> None:
        self._running = False
        if self._pending is not None and self._pending != text:
            pending, self._pending = self._pending, None
            self._run(pending)
            return
        self._pending = None
        self.model.set_hits(hits)
        self.shown_text = text
        if hits:
            self._select(self._hit_rows()[0])
            self.status.setText(HINT)
        else:
            self.status.setText(f"Nothing found for “{text.strip()}”" if text.strip() else HINT)
        if self.isVisible():
            self.resize(self.width(), self._height())
        self.searched.emit(text)

    # --- keyboard -----------------------------------------------------------------------

    def _hit_rows(self) -> list[int]:
        return [n for n, row in enumerate(self.model.rows) if row.hit is not None]

    def _select(self, row: int) -> None:
        index = self.model.index(row)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)

    def move_selection(self, step: int) -> None:
        rows = self._hit_rows()
        if not rows:
            return
        current = self.list.currentIndex().row()
        position = rows.index(current) if current in rows else -1
        self._select(rows[max(0, min(len(rows) - 1, position + step))])

    def current_hit(self) -> SearchHit | None:
        hit = self.list.currentIndex().data(HIT_ROLE)
        return hit if isinstance(hit, SearchHit) else None

    def open_current(self) -> None:
        hit = self.current_hit()
        if hit is None:
            return
        self.hide()
        if hit.inquiry_id is not None:
            self.open_inquiry.emit(hit.inquiry_id)
        else:
            self.open_contact.emit(hit.contact_id)

    def _open_index(self, index: QModelIndex) -> None:
        if isinstance(index.data(HIT_ROLE), SearchHit):
            self.list.setCurrentIndex(index)
            self.open_current()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            steps = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: 8,
                Qt.Key.Key_PageUp: -8,
            }
            key = Qt.Key(event.key())
            if key in steps:
                self.move_selection(steps[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return True
        return super().eventFilter(watched, event)
