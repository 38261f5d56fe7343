"""The in-app notification window: reminders with Open / Done / Snooze buttons.

It takes the tray's place where the desktop has no tray (shown for every batch, so a
reminder is never silently lost) and is reachable from the tray as "Show reminders". A
small always-on-top window in the screen's bottom-right corner that does not take the
keyboard focus from whatever the broker is typing.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.clock import Clock
from app.reminders.batch import Reminder, ReminderBatch
from ui.reminders.actions import SNOOZE_CHOICES, SnoozeChoice, TaskActions
from ui.reminders.text import when_due
from ui.theme import muted_color, themed_icon

WIDTH_PX = 460
MARGIN_PX = 16
MAX_ROWS = 50  # beyond this, "N more" points at Today
MAX_SCREEN_SHARE = 0.6
CATEGORY_LABELS = {
    "new_lead": "New lead",
    "follow_up": "Follow-up",
    "document": "Document nag",
    "renewal": "Renewal check",
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class ReminderRow(QFrame):
    """One reminder: who, what, when, and its buttons."""

    open_clicked = Signal(object)  # Reminder
    done_clicked = Signal(object)  # Reminder
    snooze_clicked = Signal(object, object)  # Reminder, SnoozeChoice

    def __init__(self, item: Reminder, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)

        top = QHBoxLayout()
        who = QLabel(item.contact_name or "(no contact)")
        font = who.font()
        font.setBold(True)
        who.setFont(font)
        top.addWidget(who, 1)
        when = QLabel(
            f"{CATEGORY_LABELS[item.category]} · {when_due(item.due_at, clock.now(), clock.tz)}"
        )
        when.setStyleSheet(f"color: {muted_color().name()}")
        top.addWidget(when)
        layout.addLayout(top)
        what = QLabel(item.title)
        what.setWordWrap(True)
        layout.addWidget(what)

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        subject = f"{item.title} — {item.contact_name}"
        self.open_button = self._button("Open", f"Open the inquiry: {subject}", buttons)
        self.open_button.setIcon(themed_icon("open-lead"))
        self.open_button.clicked.connect(lambda: self.open_clicked.emit(self.item))
        self.done_button = self._button("Done", f"Mark done: {subject}", buttons)
        self.done_button.setIcon(themed_icon("complete"))
        self.done_button.clicked.connect(lambda: self.done_clicked.emit(self.item))
        buttons.addStretch(1)
        snooze = QLabel()
        snooze.setPixmap(themed_icon("snooze").pixmap(16, 16))
        snooze.setToolTip("Snooze")
        buttons.addWidget(snooze)
        self.snooze_buttons: dict[str, QToolButton] = {}
        for choice in SNOOZE_CHOICES:
            button = self._button(choice.short, f"{choice.label}: {subject}", buttons)
            button.clicked.connect(
                lambda _c=False, c=choice: self.snooze_clicked.emit(self.item, c)
            )
            self.snooze_buttons[choice.key] = button
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)

    def _button(self, text: str, tip: str, layout: QHBoxLayout) -> QToolButton:
        # Tool buttons: push buttons have a style minimum width that five of them overflow.
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        layout.addWidget(button)
        return button

    def set_busy(self, busy: bool) -> None:
        for button in (self.done_button, *self.snooze_buttons.values()):
            button.setEnabled(not busy)

    def show_problem(self, text: str) -> None:
        self.set_busy(False)
        self.status.setText(text)
        self.status.show()


class NotificationWindow(QFrame):
    """Every reminder shown and not yet acted on, newest batch first."""

    open_inquiry_requested = Signal(int)
    open_today_requested = Signal()

    def __init__(self, actions: TaskActions, clock: Clock) -> None:
        super().__init__(None)
        self._actions = actions
        self._clock = clock
        self.rows: dict[int, ReminderRow] = {}  # by task id
        self.more = 0  # due beyond the rows shown: on Today
        self._headline: str | None = None  # the one batch on screen, untouched since
        self.setObjectName("reminder-notifications")
        self.setWindowTitle("Reminders")
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.FramelessWindowHint
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # the tray app lives on
        self.setStyleSheet("#reminder-notifications { border: 1px solid palette(dark); }")
        self.setFixedWidth(WIDTH_PX)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        header = QHBoxLayout()
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        header.addWidget(self.title, 1)
        self.dismiss_button = QPushButton("Dismiss all")
        self.dismiss_button.setToolTip("Hide these reminders; they stay on Today")
        self.dismiss_button.setFlat(True)
        self.dismiss_button.clicked.connect(self.dismiss_all)
        header.addWidget(self.dismiss_button)
        close = QToolButton()
        close.setText("×")
        close.setToolTip("Close (the reminders stay listed here and on Today)")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        header.addWidget(close)
        layout.addLayout(header)

        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.setSpacing(6)
        self._list_layout.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(self._list)
        layout.addWidget(self._scroll, 1)

        footer = QHBoxLayout()
        self.more_label = QLabel()
        footer.addWidget(self.more_label)
        footer.addStretch(1)
        self.today_button = QPushButton("Open Today")
        self.today_button.clicked.connect(self.open_today_requested.emit)
        footer.addWidget(self.today_button)
        layout.addLayout(footer)

        actions.finished.connect(self._acted)
        actions.failed.connect(self._failed)
        self._update_texts()

    # --- contents --------------------------------------------------------------------

    @property
    def items(self) -> list[Reminder]:
        """The reminders listed, top to bottom."""
        found = []
        for index in range(self._list_layout.count()):
            entry = self._list_layout.itemAt(index)
            row = entry.widget() if entry is not None else None
            if isinstance(row, ReminderRow):
                found.append(row.item)
        return found

    def add_batch(self, batch: ReminderBatch) -> None:
        """List a batch above what is already there (an item shown again, after a snooze,
        moves to the top)."""
        self._headline = batch.headline if not self.rows and not self.more else None
        for item in reversed(batch.items):
            old = self.rows.pop(item.task_id, None)
            if old is not None:
                old.deleteLater()
            row = ReminderRow(item, self._clock)
            row.open_clicked.connect(self._open)
            row.done_clicked.connect(self._done)
            row.snooze_clicked.connect(self._snooze)
            self._list_layout.insertWidget(0, row)
            self.rows[item.task_id] = row
        self.more += batch.total - len(batch.items)
        while len(self.rows) > MAX_ROWS:  # the oldest go first; Today still has them
            self._remove(self.items[-1].task_id)
            self.more += 1
        self._update_texts()

    def _remove(self, task_id: int) -> None:
        row = self.rows.pop(task_id, None)
        if row is not None:
            row.hide()
            self._list_layout.removeWidget(row)
            row.deleteLater()

    def dismiss_all(self) -> None:
        for task_id in list(self.rows):
            self._remove(task_id)
        self.more = 0
        self._update_texts()
        self.hide()

    def _update_texts(self) -> None:
        waiting = len(self.rows) + self.more
        self.title.setText(self._headline or f"{_plural(waiting, 'reminder')} waiting")
        self.more_label.setText(f"and {self.more} more due" if self.more else "")
        self.more_label.setVisible(bool(self.more))
        self.dismiss_button.setEnabled(bool(waiting))
        if self.isVisible():
            self.place()

    # --- buttons ---------------------------------------------------------------------

    def _open(self, item: Reminder) -> None:
        if item.inquiry_id is None:
            self.open_today_requested.emit()
        else:
            self.open_inquiry_requested.emit(item.inquiry_id)

    def _done(self, item: Reminder) -> None:
        self.rows[item.task_id].set_busy(True)
        self._actions.complete(item.task_id)

    def _snooze(self, item: Reminder, choice: SnoozeChoice) -> None:
        self.rows[item.task_id].set_busy(True)
        self._actions.snooze(item.task_id, choice)

    def _acted(self, task_id: int, _text: str) -> None:
        if task_id not in self.rows:
            return
        self._headline = None
        self._remove(task_id)
        self._update_texts()
        if not self.rows and not self.more:
            self.hide()

    def _failed(self, task_id: int, reason: str) -> None:
        row = self.rows.get(task_id)
        if row is not None:
            row.show_problem(f"Not saved: {reason}")

    # --- showing ---------------------------------------------------------------------

    def show_in_corner(self) -> None:
        """Show (without taking the focus) in the bottom-right corner of the screen."""
        self.place()
        self.show()
        self.raise_()

    def place(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        rows_height = self._list.sizeHint().height()
        chrome = self.sizeHint().height() - self._scroll.sizeHint().height()
        height = min(chrome + rows_height + 4, int(area.height() * MAX_SCREEN_SHARE))
        self.resize(QSize(WIDTH_PX, max(height, 120)))
        self.move(
            area.right() - self.width() - MARGIN_PX + 1,
            area.bottom() - self.height() - MARGIN_PX + 1,
        )
