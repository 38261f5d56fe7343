"""The Today page: what needs the broker now, with complete / snooze / log a call inline.

Completing and snoozing go on the window's undo stack (Ctrl+Z brings a task back);
logging a call adds to the timeline (and can complete the task it answers, undoably).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.services.context import ServiceContext
from app.services.interactions import log_interaction
from app.services.tasks import complete_task, reopen_task, reschedule_task, snooze_task
from ui import undo
from ui.background import (
    DAY,
    INQUIRIES,
    TASKS,
    Changes,
    keep_fresh,
    report_failure,
    run_in_background,
)
from ui.detail.text import tomorrow_morning
from ui.log_call_dialog import ask_call_log
from ui.theme import themed_icon
from ui.today_model import (
    AnyIndex,
    TodayData,
    TodayModel,
    TodayRow,
    TodaySection,
    build_sections,
    load_today,
)

EMPTY_TEXT = "No follow-ups due — nice."
SNOOZES = (("15 minutes", timedelta(minutes=15)), ("1 hour", timedelta(hours=1)))
COLUMN_SAMPLES = {0: "never contacted, 99 d", 1: "Alexandria Montgomery", 3: "Unassigned"}


class _RoomyRows(QStyledItemDelegate):
    """A little air between rows: the list is read at a glance, many times a day."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 8)


def _tool_button(text: str, icon: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setIcon(themed_icon(icon))
    button.setToolTip(tip)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setAutoRaise(False)
    return button


class TodayView(QWidget):
    """The due list in five sections, with the actions for the selected row."""

    status_message = Signal(str)
    open_inquiry = Signal(int)
    loaded = Signal(object)  # TodayData, after each refresh (the navigation counts use it)

    def __init__(self, ctx: ServiceContext, changes: Changes, undo_stack: QUndoStack) -> None:
        super().__init__()
        self._ctx = ctx
        self._changes = changes
        self._undo_stack = undo_stack
        self._busy: set[int] = set()  # tasks with an operation on its way
        self.model = TodayModel()

        self.title = QLabel()
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self._build_actions()

        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setItemDelegate(_RoomyRows(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        # Fixed widths from the font, not ResizeToContents: that measures every row of
        # every section on each refresh (seconds, with a thousand rows).
        width = self.fontMetrics().horizontalAdvance
        for column, sample in COLUMN_SAMPLES.items():
            header.resizeSection(column, width(sample) + 36)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # titles need the room
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setExpandsOnDoubleClick(False)
        self._collapsed: set[str] = set()  # sections the broker folded; kept on refresh
        self._restoring = False
        self.tree.collapsed.connect(lambda index: self._fold(index, True))
        self.tree.expanded.connect(lambda index: self._fold(index, False))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.selectionModel().selectionChanged.connect(self._update_actions)
        self.tree.doubleClicked.connect(self._open)
        self.tree.activated.connect(self._open)  # Enter on a row
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_font = self.empty_label.font()
        empty_font.setPointSizeF(empty_font.pointSizeF() * 1.2)
        self.empty_label.setFont(empty_font)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty_label)

        bar = QHBoxLayout()
        for button in (self.complete_button, self.snooze_button, self.log_call_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._update_actions()
        keep_fresh(self, changes, {TASKS, INQUIRIES, DAY}, self.refresh)

    def _build_actions(self) -> None:
        def action(text: str, icon: str, slot: object, *keys: str) -> QAction:
            act = QAction(themed_icon(icon), text, self)
            if keys:
                act.setShortcuts([QKeySequence(k) for k in keys])
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.complete_action = action(
            "Complete", "complete", self.complete_selected, "Ctrl+Return", "Ctrl+Enter"
        )
        self.log_call_action = action("Log a call…", "log-call", self.log_call, "Ctrl+L")
        self.open_action = action("Open lead", "open-lead", self.open_selected)
        self.snooze_menu = QMenu("Snooze", self)
        self.snooze_menu.setIcon(themed_icon("snooze"))
        self.snooze_actions = []
        for text, delta in SNOOZES:
            snooze = QAction(f"Snooze {text}", self)
            snooze.triggered.connect(lambda _c=False, d=delta: self.snooze_selected(d))
            self.snooze_menu.addAction(snooze)
            self.snooze_actions.append(snooze)
        tomorrow = QAction("Snooze until tomorrow 9:00", self)
        tomorrow.triggered.connect(lambda: self.snooze_selected(None))
        self.snooze_menu.addAction(tomorrow)
        self.snooze_actions.append(tomorrow)

        self.complete_button = _tool_button(
            "Complete", "complete", "Mark the selected follow-up done (Ctrl+Enter)"
        )
        self.complete_button.clicked.connect(self.complete_selected)
        self.snooze_button = _tool_button("Snooze", "snooze", "Push the follow-up to later")
        self.snooze_button.setMenu(self.snooze_menu)
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.log_call_button = _tool_button(
            "Log call…", "log-call", "Log a call with the selected contact (Ctrl+L)"
        )
        self.log_call_button.clicked.connect(self.log_call)

    # --- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        ctx = self._ctx

        def load() -> tuple[TodayData, list[TodaySection]]:
            data = load_today(ctx)  # and the rows' text too, off the GUI thread
            return data, build_sections(data, ctx.clock.tz)

        run_in_background(load, self._show, lambda e: report_failure(self, e))

    def _show(self, loaded: tuple[TodayData, list[TodaySection]]) -> None:
        data, sections = loaded
        previous = self._selected_position()
        self._busy.clear()  # the list is the truth now
        self.model.set_sections(sections)
        day = data.due.day
        self.title.setText(f"Today, {day:%A} {day.day} {day:%B %Y}")
        for row in range(len(self.model.sections)):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self._restoring = True  # expanding here is not the broker unfolding a section
        self.tree.expandAll()  # one layout pass (an empty section has nothing to show)
        for row, section in enumerate(self.model.sections):
            if section.key in self._collapsed:
                self.tree.collapse(self.model.index(row, 0))
        self._restoring = False
        empty = not any(section.count for section in self.model.sections)
        self.stack.setCurrentWidget(self.empty_label if empty else self.tree)
        for button in (self.complete_button, self.snooze_button, self.log_call_button):
            button.setVisible(not empty)
        if previous is not None:
            self._select_near(*previous)
        self._update_actions()
        self.loaded.emit(data)

    def _fold(self, index: QModelIndex, folded: bool) -> None:
        section = self.model.section_of(index)
        if section is not None and index.internalId() == 0 and not self._restoring:
            (self._collapsed.add if folded else self._collapsed.discard)(section.key)

    # --- selection ----------------------------------------------------------------------

    def selected_row(self) -> TodayRow | None:
        indexes = self.tree.selectionModel().selectedRows()
        return self.model.row_at(indexes[0]) if indexes else None

    def _selected_position(self) -> tuple[int, int] | None:
        indexes = self.tree.selectionModel().selectedRows()
        if not indexes or indexes[0].internalId() == 0:
            return None
        return indexes[0].internalId() - 1, indexes[0].row()

    def _select_near(self, section: int, row: int) -> None:
        """Keep the cursor where it was, so Ctrl+Enter can work down a list."""
        count = len(self.model.sections[section].rows) if section < len(self.model.sections) else 0
        if count:
            index = self.model.index(min(row, count - 1), 0, self.model.index(section, 0))
            self.tree.setCurrentIndex(index)

    def _actionable_task(self) -> TodayRow | None:
        row = self.selected_row()
        if row is None or row.task_id is None or row.task_id in self._busy:
            return None
        return row

    def _update_actions(self) -> None:
        task = self._actionable_task() is not None
        row = self.selected_row()
        self.complete_action.setEnabled(task)
        self.complete_button.setEnabled(task)
        self.snooze_button.setEnabled(task)
        for snooze in self.snooze_actions:
            snooze.setEnabled(task)
        person = row is not None and row.contact_id is not None
        self.log_call_action.setEnabled(person)
        self.log_call_button.setEnabled(person)
        self.open_action.setEnabled(row is not None and row.inquiry_id is not None)

    def _context_menu(self, pos: QPoint) -> None:
        if self.model.row_at(self.tree.indexAt(pos)) is None:
            return
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addSeparator()
        menu.addAction(self.complete_action)
        menu.addMenu(self.snooze_menu)
        menu.addAction(self.log_call_action)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    # --- actions ------------------------------------------------------------------------

    def _push(self, text: str, task_id: int, do: object, undo_call: object, done: str) -> None:
        self._busy.add(task_id)
        self._update_actions()
        undo.push(
            self._undo_stack,
            text,
            do=do,
            undo=undo_call,  # type: ignore[arg-type]
            changes=self._changes,
            flags=(TASKS, INQUIRIES),
            parent_widget=self,
            on_done=lambda _result: self.status_message.emit(done),
        )

    def complete_selected(self) -> None:
        row = self._actionable_task()
        if row is not None:
            self._complete(row)

    def _complete(self, row: TodayRow) -> None:
        if row.task_id is None or row.task_id in self._busy:
            return
        ctx, task_id = self._ctx, row.task_id
        self._push(
            f"Complete “{row.what}”",
            task_id,
            lambda: complete_task(ctx, task_id),
            lambda: reopen_task(ctx, task_id),
            f"Done: {row.what} — {row.contact}",
        )

    def snooze_selected(self, delta: timedelta | None) -> None:
        """Snooze by `delta`, or until tomorrow morning when None."""
        row = self._actionable_task()
        if row is None or row.task_id is None or row.due_at is None:
            return
        ctx, task_id, before = self._ctx, row.task_id, row.due_at
        now = ctx.clock.now()
        until: datetime = now + delta if delta else tomorrow_morning(now, ctx.clock.tz)
        local = until.astimezone(ctx.clock.tz)
        self._push(
            f"Snooze “{row.what}”",
            task_id,
            lambda: snooze_task(ctx, task_id, until),
            lambda: reschedule_task(ctx, task_id, before),
            f"Snoozed until {local:%a %H:%M}: {row.what} — {row.contact}",
        )

    def log_call(self) -> None:
        row = self.selected_row()
        if row is None or row.contact_id is None:
            return
        task = self._actionable_task()
        answers = task.what if task is not None and task.kind == "call" else None
        call = ask_call_log(row.contact, answers, self)
        if call is None:
            return
        ctx, contact_id, inquiry_id = self._ctx, row.contact_id, row.inquiry_id

        def logged(_result: object) -> None:
            self.status_message.emit(f"Call logged — {row.contact}")
            self._changes.announce(TASKS, INQUIRIES)
            if call.complete_task and task is not None:
                self._complete(task)

        run_in_background(
            lambda: log_interaction(
                ctx,
                contact_id=contact_id,
                inquiry_id=inquiry_id,
                kind="call",
                direction=call.direction,
                summary=call.summary,
                body=call.body,
            ),
            logged,
            lambda error: report_failure(self, error),
        )

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None and row.inquiry_id is not None:
            self.open_inquiry.emit(row.inquiry_id)

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None and row.inquiry_id is not None:
            self.open_inquiry.emit(row.inquiry_id)
