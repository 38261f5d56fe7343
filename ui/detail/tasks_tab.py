"""Open tasks: complete, snooze (15 min, 1 h, tomorrow 9:00, a picked time), reschedule.

Completing and snoozing are undoable: undo reopens the task, or moves it back to the due
time it had before the snooze.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.dto import TaskView
from app.services.tasks import complete_task, reopen_task, reschedule_task, snooze_task
from ui.background import INQUIRIES, TASKS
from ui.detail import when_dialog
from ui.detail.ops import DetailOps
from ui.detail.rows import Column, RowsModel, select_where, selected_row, table_view
from ui.detail.text import KIND_NAMES, tomorrow_morning, tone, when

FLAGS = (TASKS, INQUIRIES)
EMPTY_TEXT = "No open tasks for this inquiry."


class TasksTab(QWidget):
    """The inquiry's open tasks, earliest first, with the actions the broker uses most."""

    def __init__(self, ops: DetailOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._tz: tzinfo = UTC
        self._now = datetime.now(UTC)
        self.model: RowsModel[TaskView] = RowsModel(
            [
                Column("Due", self._due_text, self._due_tip, self._due_color),
                Column("Task", lambda t: t.title, lambda t: t.title),
                Column("Kind", lambda t: KIND_NAMES.get(t.kind, t.kind)),
                Column("From", lambda t: "cadence" if t.origin == "rule" else "you"),
            ],
            self,
        )
        self.view = table_view(self.model, stretch=1)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.doubleClicked.connect(lambda _index: self.complete_selected())
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        self.complete_button = QPushButton("Complete")
        self.complete_button.setToolTip("Mark the selected task done (Ctrl+Enter)")
        self.complete_button.clicked.connect(self.complete_selected)
        self.snooze_button = QToolButton()
        self.snooze_button.setText("Snooze")
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snooze_menu = self._snooze_menu()
        self.snooze_button.setMenu(self.snooze_menu)
        self.reschedule_button = QPushButton("Reschedule…")
        self.reschedule_button.clicked.connect(self.reschedule_selected)
        complete = QAction("Complete", self)
        complete.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        complete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        complete.triggered.connect(self.complete_selected)
        self.addAction(complete)

        bar = QHBoxLayout()
        bar.addWidget(self.complete_button)
        bar.addWidget(self.snooze_button)
        bar.addWidget(self.reschedule_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._update_buttons()

    # --- showing --------------------------------------------------------------------

    def _due_text(self, task: TaskView) -> str:
        return when(task.due_at, self._tz, self._now.astimezone(self._tz).date())

    def _due_tip(self, task: TaskView) -> str:
        if task.original_due_at != task.due_at:
            return f"Originally due {when(task.original_due_at, self._tz)}"
        return ""

    def _due_color(self, task: TaskView) -> QColor | None:
        local_today = self._now.astimezone(self._tz).date()
        if task.due_at < self._now:
            return tone("bad")
        if task.due_at.astimezone(self._tz).date() == local_today:
            return tone("warn")
        return None

    def show_tasks(self, tasks: tuple[TaskView, ...], tz: tzinfo, now: datetime) -> None:
        selected = selected_row(self.view, self.model)
        self._tz, self._now = tz, now
        self.model.set_rows(tasks)
        self.stack.setCurrentWidget(self.view if tasks else self.empty)
        kept = selected is not None and select_where(
            self.view, self.model, lambda t: t.id == selected.id
        )
        if tasks and not kept:
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._update_buttons()

    def selected_task(self) -> TaskView | None:
        return selected_row(self.view, self.model)

    def _update_buttons(self) -> None:
        has = self.selected_task() is not None
        for widget in (self.complete_button, self.snooze_button, self.reschedule_button):
            widget.setEnabled(has)

    # --- actions --------------------------------------------------------------------

    def _snooze_menu(self) -> QMenu:
        menu = QMenu(self)
        options: list[tuple[str, Callable[[], None]]] = [
            ("15 minutes", lambda: self.snooze_selected(timedelta(minutes=15))),
            ("1 hour", lambda: self.snooze_selected(timedelta(hours=1))),
            ("Tomorrow 9:00", self.snooze_until_tomorrow),
            ("Pick a date…", self.snooze_until_picked),
        ]
        for text, slot in options:
            action = menu.addAction(text)
            action.triggered.connect(slot)
        return menu

    def _context_menu(self, point: QPoint) -> None:
        if self.selected_task() is None:
            return
        menu = QMenu(self)
        menu.addAction("Complete", self.complete_selected)
        snooze = menu.addMenu("Snooze")
        for action in self.snooze_menu.actions():
            snooze.addAction(action)
        menu.addAction("Reschedule…", self.reschedule_selected)
        menu.exec(self.view.viewport().mapToGlobal(point))

    def complete_selected(self) -> None:
        task = self.selected_task()
        if task is None:
            return
        ctx, task_id = self._ops.ctx, task.id
        self._ops.undoable(
            f"Complete “{task.title}”",
            do=lambda: complete_task(ctx, task_id),
            undo_call=lambda: reopen_task(ctx, task_id),
            flags=FLAGS,
        )

    def snooze_selected(self, delta: timedelta) -> None:
        self._snooze(self._ops.ctx.clock.now() + delta)

    def snooze_until_tomorrow(self) -> None:
        self._snooze(tomorrow_morning(self._ops.ctx.clock.now(), self._ops.ctx.clock.tz))

    def snooze_until_picked(self) -> None:
        task = self.selected_task()
        if task is None:
            return
        clock = self._ops.ctx.clock
        picked = when_dialog.ask_moment(
            self,
            "Snooze until",
            f"Bring “{task.title}” back at:",
            tomorrow_morning(clock.now(), clock.tz),
            clock.tz,
            minimum=clock.now(),
        )
        if picked is not None:
            self._snooze(picked)

    def _snooze(self, until: datetime) -> None:
        task = self.selected_task()
        if task is None:
            return
        ctx, task_id, previous = self._ops.ctx, task.id, task.due_at
        target = until.astimezone(UTC)
        self._ops.undoable(
            f"Snooze “{task.title}”",
            do=lambda: snooze_task(ctx, task_id, target),
            undo_call=lambda: reschedule_task(ctx, task_id, previous),
            flags=FLAGS,
        )

    def reschedule_selected(self) -> None:
        task = self.selected_task()
        if task is None:
            return
        clock = self._ops.ctx.clock
        picked = when_dialog.ask_moment(
            self, "Reschedule", f"New due time for “{task.title}”:", task.due_at, clock.tz
        )
        if picked is None:
            return
        ctx, task_id, previous = self._ops.ctx, task.id, task.due_at
        target = picked.astimezone(UTC)
        self._ops.undoable(
            f"Reschedule “{task.title}”",
            do=lambda: reschedule_task(ctx, task_id, target),
            undo_call=lambda: reschedule_task(ctx, task_id, previous),
            flags=FLAGS,
        )
