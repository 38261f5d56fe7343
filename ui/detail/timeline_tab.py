"""The timeline, newest first, with one-click logging of a call, email, text, meeting or
note. Logging an outbound contact sets the first-response time; an inbound reply stops
the new-lead cadence (the services decide; this screen only reports what it logged)."""

from __future__ import annotations

from datetime import UTC, tzinfo

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Direction
from app.errors import LeadkeeperError
from app.services.dto import InteractionView
from app.services.interactions import log_interaction
from ui.background import INQUIRIES, TASKS, report_failure
from ui.detail.ops import DetailOps
from ui.detail.rows import Column, RowsModel
from ui.detail.text import KIND_NAMES, tone, when

LOG_KINDS = ("call", "email", "text", "meeting", "note")
EMPTY_TEXT = "Nothing logged yet. Log the first call above."
PADDING = 8
AnyIndex = QModelIndex | QPersistentModelIndex
EVENT_ROLE = Qt.ItemDataRole.UserRole + 1


class TimelineModel(RowsModel[InteractionView]):
    """One column; the delegate draws each event from the row itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([Column("Event", lambda e: e.summary, lambda e: e.body)], parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == EVENT_ROLE:
            return self.row_at(index)
        return super().data(index, role)


def event_title(event: InteractionView) -> str:
    kind = KIND_NAMES.get(event.kind, event.kind)
    if event.direction == Direction.INBOUND:
        return f"{kind} from the client"
    if event.direction == Direction.OUTBOUND:
        return f"{kind} to the client" if event.kind != "meeting" else "Meeting"
    return kind


class TimelineDelegate(QStyledItemDelegate):
    """Two or three lines per event: kind and time, the summary, the body's start."""

    def __init__(self, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = tz

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, QFont(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        event = index.data(EVENT_ROLE)
        line = QFontMetrics(option.font).lineSpacing()
        lines = 2 + (1 if event is not None and event.body.strip() else 0)
        return QSize(200, lines * line + 2 * PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        event = index.data(EVENT_ROLE)
        if not isinstance(event, InteractionView):
            return
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter,
                                option.widget)  # fmt: skip
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(PADDING + 4, PADDING, -PADDING, -PADDING)
        line = QFontMetrics(option.font).lineSpacing()
        bold, plain = self._fonts(option)
        accent = {"inbound": "good", "outbound": "info"}.get(event.direction, "muted")
        painter.setFont(bold)
        painter.setPen(palette.color(text_role) if selected else tone(accent, palette))
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), line),
                         Qt.AlignmentFlag.AlignLeft, event_title(event))  # fmt: skip
        painter.setFont(plain)
        muted = palette.color(text_role) if selected else tone("muted", palette)
        painter.setPen(muted)
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), line),
                         Qt.AlignmentFlag.AlignRight, when(event.occurred_at, self.tz))  # fmt: skip
        painter.setPen(palette.color(text_role))
        metrics = QFontMetrics(plain)
        summary = event.summary or "(no summary)"
        painter.drawText(
            QRect(rect.left(), rect.top() + line, rect.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(summary, Qt.TextElideMode.ElideRight, rect.width()),
        )
        body = " ".join(event.body.split())
        if body:
            painter.setPen(muted)
            painter.drawText(
                QRect(rect.left(), rect.top() + 2 * line, rect.width(), line),
                Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(body, Qt.TextElideMode.ElideRight, rect.width()),
            )
        painter.restore()


class TimelineTab(QWidget):
    """The quick log form above the contact's timeline."""

    logged = Signal(object)  # the InteractionView just logged

    def __init__(self, ops: DetailOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._contact_id: int | None = None
        self._inquiry_id: int | None = None
        self.kind_buttons: dict[str, QToolButton] = {}
        self.kind_group = QButtonGroup(self)
        kinds = QHBoxLayout()
        kinds.setSpacing(4)
        for kind in LOG_KINDS:
            button = QToolButton()
            button.setText(KIND_NAMES[kind])
            button.setCheckable(True)
            button.setMinimumWidth(button.sizeHint().width() + 16)
            button.toggled.connect(self._kind_changed)
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            kinds.addWidget(button)
        kinds.addStretch(1)
        self.outbound = QRadioButton("Outbound")
        self.outbound.setToolTip("You reached out to the client")
        self.inbound = QRadioButton("Inbound")
        self.inbound.setToolTip("The client reached you (a reply stops the new-lead cadence)")
        self.outbound.setChecked(True)
        self.summary = QLineEdit()
        self.summary.setPlaceholderText("Summary, e.g. “Left a voicemail” (Enter logs it)")
        self.summary.returnPressed.connect(self.log)
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText("Details (optional)")
        self.body.setFixedHeight(58)
        self.log_button = QPushButton("Log call")
        self.log_button.setDefault(False)
        self.log_button.clicked.connect(self.log)
        self.feedback = QLabel()
        self.feedback.setVisible(False)
        self.feedback.setWordWrap(True)
        # Three short rows rather than one long one: the panel may sit in a narrow pane.
        send_row = QHBoxLayout()
        send_row.addWidget(self.outbound)
        send_row.addWidget(self.inbound)
        send_row.addStretch(1)
        send_row.addWidget(self.feedback)
        send_row.addWidget(self.log_button)

        form = QFrame()
        form.setFrameShape(QFrame.Shape.StyledPanel)
        form_layout = QVBoxLayout(form)
        form_layout.addLayout(kinds)
        form_layout.addWidget(self.summary)
        form_layout.addWidget(self.body)
        form_layout.addLayout(send_row)

        self.model = TimelineModel(self)
        self.delegate = TimelineDelegate(UTC, self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(self.delegate)
        self.view.setAlternatingRowColors(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addWidget(self.stack, 1)
        self.kind_buttons["call"].setChecked(True)

    def kind(self) -> str:
        return next((k for k, b in self.kind_buttons.items() if b.isChecked()), "call")

    def direction(self) -> str:
        if self.kind() == "note":
            return Direction.INTERNAL
        return Direction.INBOUND if self.inbound.isChecked() else Direction.OUTBOUND

    def _kind_changed(self) -> None:
        note = self.kind() == "note"
        self.outbound.setEnabled(not note)
        self.inbound.setEnabled(not note)
        self.log_button.setText(f"Log {KIND_NAMES[self.kind()].lower()}")

    def show_timeline(
        self, events: tuple[InteractionView, ...], contact_id: int, inquiry_id: int, tz: tzinfo
    ) -> None:
        if contact_id != self._contact_id:
            self.feedback.setVisible(False)
        self.feedback.setWordWrap(True)
        self._contact_id, self._inquiry_id = contact_id, inquiry_id
        self.delegate.tz = tz
        self.model.set_rows(events)
        self.stack.setCurrentWidget(self.view if events else self.empty)

    def log(self) -> None:
        if self._contact_id is None:
            return
        ctx, contact_id, inquiry_id = self._ops.ctx, self._contact_id, self._inquiry_id
        kind, direction = self.kind(), self.direction()
        summary, body = self.summary.text().strip(), self.body.toPlainText().strip()
        self.log_button.setEnabled(False)
        self._ops.run(
            lambda: log_interaction(
                ctx,
                contact_id=contact_id,
                inquiry_id=inquiry_id,
                kind=kind,
                direction=direction,
                summary=summary,
                body=body,
            ),
            flags=(TASKS, INQUIRIES),
            on_done=self._logged,
            on_failure=self._failed,
        )

    def _logged(self, event: InteractionView) -> None:
        self.log_button.setEnabled(True)
        self.summary.clear()
        self.body.clear()
        self._say(f"Logged: {event_title(event).lower()}.", "good")
        self.logged.emit(event)

    def _failed(self, error: BaseException) -> None:
        self.log_button.setEnabled(True)
        if isinstance(error, LeadkeeperError):
            self._say(str(error), "bad")  # the service's own words, e.g. "in the future"
        else:
            report_failure(self, error)

    def _say(self, text: str, tone_name: str) -> None:
        self.feedback.setText(text)
        self.feedback.setStyleSheet(f"color: {tone(tone_name).name()}")
        self.feedback.setVisible(True)
