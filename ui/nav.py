"""The navigation list on the left: one row per page, each with an icon and a count badge."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui.theme import is_dark, themed_icon, tone_color

COUNT_ROLE = Qt.ItemDataRole.UserRole + 1  # int | None: the badge number
TONE_ROLE = Qt.ItemDataRole.UserRole + 2  # "overdue" paints the badge red
KEY_ROLE = Qt.ItemDataRole.UserRole + 3  # the page key
AnyIndex = QModelIndex | QPersistentModelIndex
WIDTH = 184


@dataclass(frozen=True)
class PageSpec:
    """A page of the main window. Adding Reports or Imports is one more entry."""

    key: str
    label: str
    icon: str  # resources/icons/<icon>.svg
    tooltip: str


def badge_text(count: int) -> str:
    return f"{count:,}" if count < 10_000 else f"{count // 1000}k"


class _BadgeDelegate(QStyledItemDelegate):
    """The usual icon and label, plus the count in a pill on the right. Compact: the
    icon alone, the count in a small pill over its corner."""

    compact = False

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if self.compact:
            self._paint_compact(painter, option, index)
            return
        super().paint(painter, option, index)
        count = index.data(COUNT_ROLE)
        if not isinstance(count, int):
            return
        text = badge_text(count)
        palette = option.palette  # type: ignore[attr-defined]
        rect: QRect = option.rect  # type: ignore[attr-defined]
        font = option.font  # type: ignore[attr-defined]
        font.setPointSizeF(font.pointSizeF() * 0.9)
        font.setBold(True)
        painter.save()
        painter.setFont(font)
        metrics = painter.fontMetrics()
        width = max(metrics.horizontalAdvance(text) + 12, metrics.height() + 4)
        height = metrics.height() + 2
        pill = QRectF(rect.right() - width - 8, rect.center().y() - height / 2 + 1, width, height)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        background, foreground = self._colors(index.data(TONE_ROLE), count, palette, selected)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(foreground)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def _paint_compact(
        self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        self.initStyleOption(option, index)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        option.text = ""  # type: ignore[attr-defined]
        option.icon = QIcon()  # type: ignore[attr-defined]
        style = option.widget.style()  # type: ignore[attr-defined]
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)  # type: ignore[attr-defined]
        rect: QRect = option.rect  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        mode = QIcon.Mode.Selected if selected else QIcon.Mode.Normal
        if isinstance(icon, QIcon):
            icon.paint(
                painter,
                QRect(rect.center().x() - 11, rect.center().y() - 11, 22, 22),
                Qt.AlignmentFlag.AlignCenter,
                mode,
            )
        count = index.data(COUNT_ROLE)
        if not isinstance(count, int) or index.data(TONE_ROLE) != "overdue" or not count:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette  # type: ignore[attr-defined]
        background, foreground = self._colors("overdue", count, palette, selected)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawEllipse(QRectF(rect.center().x() + 5, rect.center().y() - 13, 9, 9))
        painter.restore()
        del foreground

    @staticmethod
    def _colors(
        tone: object, count: int, palette: QPalette, selected: bool
    ) -> tuple[QColor, QColor]:
        if tone == "overdue" and count:
            red = tone_color("overdue", palette) or QColor("#b3261e")
            return red, QColor("#1e1f22" if is_dark(palette) else "#ffffff")
        if selected:
            text = palette.color(QPalette.ColorRole.HighlightedText)
            background = QColor(text)
            background.setAlpha(60)
            return background, text
        background = palette.color(
            QPalette.ColorRole.Mid if is_dark(palette) else QPalette.ColorRole.Midlight
        )
        return background, palette.color(QPalette.ColorRole.Text)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 48, max(size.height(), 36))


class NavList(QListWidget):
    """Pages by key; `set_count(key, n)` shows n in the page's badge (None hides it)."""

    def __init__(self, pages: tuple[PageSpec, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages = pages
        self.setIconSize(QSize(20, 20))
        self.setFixedWidth(WIDTH)
        self.setSpacing(2)
        self._delegate = _BadgeDelegate(self)
        self.setItemDelegate(self._delegate)
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for page in pages:
            item = QListWidgetItem(page.label)
            item.setData(KEY_ROLE, page.key)
            item.setToolTip(f"{page.label}: {page.tooltip}")
            item.setSizeHint(QSize(0, 36))
            self.addItem(item)
        self.refresh_icons()

    @property
    def compact(self) -> bool:
        return self._delegate.compact

    def set_compact(self, compact: bool) -> None:
        """Icons only (the lead detail needs the room), or icons with labels and counts."""
        if compact == self._delegate.compact:
            return
        self._delegate.compact = compact
        self.setFixedWidth(52 if compact else WIDTH)
        self.scheduleDelayedItemsLayout()
        self.viewport().update()

    def refresh_icons(self) -> None:
        """Redraw the icons in the current palette's colours (after a theme change)."""
        for row, page in enumerate(self._pages):
            self.item(row).setIcon(themed_icon(page.icon))

    def row_of(self, key: str) -> int:
        return [page.key for page in self._pages].index(key)

    def set_count(self, key: str, count: int | None, tone: str = "") -> None:
        item = self.item(self.row_of(key))
        item.setData(COUNT_ROLE, count)
        item.setData(TONE_ROLE, tone)

    def count_of(self, key: str) -> int | None:
        value = self.item(self.row_of(key)).data(COUNT_ROLE)
        return value if isinstance(value, int) else None
