"""Paints a board card: one delegate for every card of every column (no widget per card).

    ┃ Ann Oldfield                      72 ┃   name, score
    ┃ Purchase · Website form     $650,000 ┃   type · source, amount
    ┃ Overdue · 25 Feb       3 docs missing ┃   next follow-up (red/amber), missing documents

A coloured bar on the left repeats the follow-up's state, so an overdue card stands out
even in a glance down a long column. Fonts, metrics and colours are worked out once per
font and palette (`_Style`), and a painted card is kept as a pixmap until its content,
size or state changes: a move or a scroll repaints mostly the same cards.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.services.pipeline import InquiryCard
from ui.board.model import CARD_ROLE, DUE_TEXT_ROLE, TONE_ROLE, money
from ui.theme import is_dark, muted_color, tone_color

AnyIndex = QModelIndex | QPersistentModelIndex
MARGIN_X, MARGIN_Y = 6, 3  # around a card, inside the list
PAD_X, PAD_Y, GAP = 10, 7, 3  # inside a card
RADIUS = 6.0
BAR = 3  # the follow-up state bar
PIXMAP_CACHE = 200  # painted cards kept (~70 KB each): a few screens of every column
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ELIDE = Qt.TextElideMode.ElideRight


def _mix(a: QColor, b: QColor, share: float) -> QColor:
    """`a` moved `share` of the way towards `b`."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * share),
        round(a.green() + (b.green() - a.green()) * share),
        round(a.blue() + (b.blue() - a.blue()) * share),
    )


def _fonts(font: QFont) -> tuple[QFont, QFont, QFont]:
    """Bold (the name), small (details) and small bold (a due follow-up)."""
    bold = QFont(font)
    bold.setBold(True)
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
    small_bold = QFont(small)
    small_bold.setBold(True)
    return bold, small, small_bold


def card_height(font: QFont) -> int:
    """The height of one card row, from the list's font (so it follows the OS size)."""
    bold, small, _ = _fonts(font)
    lines = QFontMetrics(bold).height() + 2 * QFontMetrics(small).height()
    return lines + 2 * GAP + 2 * PAD_Y + 2 * MARGIN_Y


@dataclass(frozen=True)
class _Style:
    bold: QFont
    small: QFont
    small_bold: QFont
    bold_fm: QFontMetrics
    small_fm: QFontMetrics
    small_bold_fm: QFontMetrics
    text: QColor
    muted: QColor
    border: QColor
    highlight: QColor
    fill: QColor
    fill_selected: QColor
    pill: QColor
    tones: dict[str, QColor]

    @classmethod
    def make(cls, font: QFont, palette: QPalette) -> _Style:
        bold, small, small_bold = _fonts(font)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        dark = is_dark(palette)
        tones = {t: c for t in ("overdue", "due") if (c := tone_color(t, palette)) is not None}
        return cls(
            bold=bold,
            small=small,
            small_bold=small_bold,
            bold_fm=QFontMetrics(bold),
            small_fm=QFontMetrics(small),
            small_bold_fm=QFontMetrics(small_bold),
            text=text,
            muted=muted_color(palette),
            # Mid is nearly the base colour in dark palettes: mix our own edge.
            border=_mix(base, text, 0.22 if dark else 0.18),
            highlight=highlight,
            fill=base,
            fill_selected=_mix(base, highlight, 0.28 if dark else 0.14),
            pill=palette.color(QPalette.ColorRole.AlternateBase),
            tones=tones,
        )


class CardDelegate(QStyledItemDelegate):
    """Draws InquiryCards from CardsModel's roles."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._styles: dict[tuple[str, int], _Style] = {}
        self._pixmaps: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()

    def _style(self, font: QFont, palette: QPalette) -> _Style:
        key = (font.key(), palette.cacheKey())
        style = self._styles.get(key)
        if style is None:
            if len(self._styles) > 8:  # palettes and fonts change rarely
                self._styles.clear()
                self._pixmaps.clear()
            style = self._styles[key] = _Style.make(font, palette)
        return style

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(200, card_height(option.font))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, InquiryCard):
            return
        rect: QRect = option.rect
        state = option.state
        palette: QPalette = option.palette
        style = self._style(option.font, palette)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        tone = str(index.data(TONE_ROLE) or "")
        due = str(index.data(DUE_TEXT_ROLE))
        ratio = painter.device().devicePixelRatioF()
        key = (card, tone, due, rect.size().toTuple(), selected, focused, id(style), ratio)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            # Drawn once, then copied: a move or a scroll repaints mostly unchanged cards.
            pixmap = QPixmap(QSize(round(rect.width() * ratio), round(rect.height() * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(palette.color(QPalette.ColorRole.Window))
            card_painter = QPainter(pixmap)
            local = QRect(0, 0, rect.width(), rect.height())
            self._card(card_painter, style, local, card, tone, due, selected, focused)
            card_painter.end()
            self._pixmaps[key] = pixmap
            if len(self._pixmaps) > PIXMAP_CACHE:
                self._pixmaps.popitem(last=False)
        else:
            self._pixmaps.move_to_end(key)
        painter.drawPixmap(rect.topLeft(), pixmap)

    def _card(
        self,
        painter: QPainter,
        style: _Style,
        rect: QRect,
        card: InquiryCard,
        tone: str,
        due: str,
        selected: bool,
        focused: bool,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(rect.adjusted(MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y))
        border = style.highlight if selected else style.border
        painter.setPen(QPen(border, 2.0 if selected else 1.0))
        painter.setBrush(style.fill_selected if selected else style.fill)
        painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
        accent = style.tones.get(tone)
        if accent is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            bar = QRectF(box.left() + 2, box.top() + RADIUS, BAR, box.height() - 2 * RADIUS)
            painter.drawRoundedRect(bar, BAR / 2, BAR / 2)
        if focused and selected:
            painter.setPen(QPen(border, 1.0, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(3, 3, -3, -3), RADIUS - 2, RADIUS - 2)
        inner = box.toRect().adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        self._text(painter, style, inner, card, tone, due)

    def _text(
        self, painter: QPainter, s: _Style, inner: QRect, card: InquiryCard, tone: str, due: str
    ) -> None:
        # Line 1: name, and the score as a small pill on the right.
        line = QRect(inner.left(), inner.top(), inner.width(), s.bold_fm.height())
        score = str(card.score)
        pill_w = s.small_fm.horizontalAdvance(score) + 12
        pill = QRect(line.right() - pill_w + 1, line.top() + 1, pill_w, line.height() - 2)
        painter.setPen(QPen(s.border, 1.0))
        painter.setBrush(s.pill)
        painter.drawRoundedRect(QRectF(pill), pill.height() / 2, pill.height() / 2)
        painter.setFont(s.small)
        painter.setPen(s.muted)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, score)
        painter.setFont(s.bold)
        painter.setPen(s.text)
        name_w = line.width() - pill_w - 8
        name = s.bold_fm.elidedText(card.contact_name, ELIDE, name_w)
        painter.drawText(QRect(line.left(), line.top(), name_w, line.height()), LEFT, name)

        # Line 2: type · source on the left, the amount on the right.
        line = QRect(inner.left(), line.bottom() + 1 + GAP, inner.width(), s.small_fm.height())
        painter.setFont(s.small)
        amount = money(card.amount) if card.amount is not None else ""
        amount_w = s.small_fm.horizontalAdvance(amount)
        painter.drawText(line, RIGHT, amount)
        what = " · ".join(p for p in (card.type_name, card.source_name) if p)
        what_w = line.width() - amount_w - (8 if amount else 0)
        painter.setPen(s.muted)
        what = s.small_fm.elidedText(what, ELIDE, what_w)
        painter.drawText(QRect(line.left(), line.top(), what_w, line.height()), LEFT, what)

        # Line 3: the next follow-up (coloured when due), missing documents on the right.
        line = QRect(inner.left(), line.bottom() + 1 + GAP, inner.width(), s.small_fm.height())
        due_font, due_fm = (s.small_bold, s.small_bold_fm) if tone else (s.small, s.small_fm)
        # The follow-up matters more: the documents note shortens to make room for it.
        docs = _docs_text(card.missing_documents, long=True)
        if due_fm.horizontalAdvance(due) + 8 + s.small_fm.horizontalAdvance(docs) > line.width():
            docs = _docs_text(card.missing_documents, long=False)
        docs_w = s.small_fm.horizontalAdvance(docs)
        painter.drawText(line, RIGHT, docs)  # still small and muted
        due_w = line.width() - docs_w - 8
        painter.setFont(due_font)
        painter.setPen(s.tones.get(tone) or (s.muted if card.next_followup_at is None else s.text))
        due = due_fm.elidedText(due, ELIDE, due_w)
        painter.drawText(QRect(line.left(), line.top(), due_w, line.height()), LEFT, due)


def _docs_text(missing: int, *, long: bool) -> str:
    if not missing:
        return "No docs missing" if long else "Docs in"
    noun = "doc" if missing == 1 else "docs"
    return f"{missing} {noun} missing" if long else f"{missing} {noun}"
