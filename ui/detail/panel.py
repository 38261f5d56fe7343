"""The lead detail panel: everything about one inquiry on one screen, kept fresh."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.clock import today
from app.errors import NotFound
from app.services.context import ServiceContext
from app.services.detail import FormChoices, LeadDetail, form_choices, inquiry_detail
from ui.background import (
    CONTACTS,
    INQUIRIES,
    TASKS,
    Changes,
    keep_fresh,
    report_failure,
    run_in_background,
)
from ui.detail.checklist_tab import ChecklistTab
from ui.detail.contact_box import ContactBox
from ui.detail.header import DetailHeader
from ui.detail.history_tab import HistoryTab
from ui.detail.inquiry_form import InquiryForm
from ui.detail.ops import DetailOps, while_alive
from ui.detail.tasks_tab import TasksTab
from ui.detail.timeline_tab import TimelineTab

EMPTY_TEXT = "Open an inquiry to see its details."
GONE_TEXT = "This inquiry is no longer here."


class LeadDetailPanel(QWidget):
    """Header, contact, inquiry fields, and tabs for the timeline, tasks, documents and
    stage history. Loads in the background; reloads when tasks, inquiries or contacts
    change (while shown)."""

    open_contact = Signal(int)
    loaded = Signal(object)  # the LeadDetail just shown

    def __init__(
        self,
        ctx: ServiceContext,
        changes: Changes,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._inquiry_id: int | None = None
        self._choices: FormChoices | None = None
        self._requests = itertools.count(1)
        self._latest = 0
        self.detail: LeadDetail | None = None
        self.ops = DetailOps(ctx, changes, undo_stack, self)

        self.header = DetailHeader()
        self.contact_box = ContactBox(self.ops)
        self.contact_box.open_contact.connect(self.open_contact)
        self.contact_box.open_inquiry.connect(self.show_inquiry)
        self.inquiry_form = InquiryForm(self.ops)
        self.timeline_tab = TimelineTab(self.ops)
        self.tasks_tab = TasksTab(self.ops)
        self.checklist_tab = ChecklistTab(self.ops)
        self.history_tab = HistoryTab()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.setSpacing(12)
        left_layout.addWidget(self.contact_box)
        left_layout.addWidget(self.inquiry_form)
        left_layout.addStretch(1)
        self.left_scroll = QScrollArea()
        self.left_scroll.setWidget(left)
        self.left_scroll.setWidgetResizable(True)
        self.left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Wide enough for the form without a sideways scroll bar.
        scrollbar = self.left_scroll.verticalScrollBar().sizeHint().width()
        self.left_scroll.setMinimumWidth(left.minimumSizeHint().width() + scrollbar + 4)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.timeline_tab, "Timeline")
        self.tabs.addTab(self.tasks_tab, "Tasks")
        self.tabs.addTab(self.checklist_tab, "Documents")
        self.tabs.addTab(self.history_tab, "Stage history")

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.left_scroll)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([440, 760])

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(8)
        content_layout.addWidget(self.header)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        content_layout.addWidget(line)
        content_layout.addWidget(self.splitter, 1)

        self.message = QLabel(EMPTY_TEXT)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setEnabled(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(content)
        self.content = content
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        # Shown as a window of its own, the panel must not resize the window each time a
        # longer name or summary arrives: the window keeps the size it was given.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

        save = QAction("Save inquiry", self)
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.triggered.connect(self.inquiry_form.save)
        self.addAction(save)
        keep_fresh(self, changes, {TASKS, INQUIRIES, CONTACTS}, self.refresh)

    @property
    def inquiry_id(self) -> int | None:
        return self._inquiry_id

    def show_inquiry(self, inquiry_id: int) -> None:
        """Show this inquiry (loading in the background)."""
        if inquiry_id != self._inquiry_id:
            self.inquiry_form.dirty = False  # unsaved edits belong to the inquiry left
        self._inquiry_id = inquiry_id
        if self._choices is None:
            ctx = self._ctx
            run_in_background(
                lambda: form_choices(ctx),
                while_alive(self, self._got_choices),
                while_alive(self, self._failed),
            )
        self.refresh()

    def refresh(self) -> None:
        if self._inquiry_id is None:
            return
        ctx, inquiry_id = self._ctx, self._inquiry_id
        request = self._latest = next(self._requests)
        run_in_background(
            lambda: inquiry_detail(ctx, inquiry_id),
            while_alive(self, lambda detail: self._show(request, detail)),
            while_alive(self, self._failed),
        )

    def _got_choices(self, choices: FormChoices) -> None:
        self._choices = choices
        self.inquiry_form.set_choices(choices)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, NotFound):
            self.detail = None
            self.message.setText(GONE_TEXT)
            self.stack.setCurrentWidget(self.message)
            return
        report_failure(self, error)

    def changeEvent(self, event: QEvent) -> None:
        # Light or dark theme switched: badges and status colours are picked per palette.
        if event.type() == QEvent.Type.PaletteChange and self.detail is not None:
            self._render(self.detail)
        super().changeEvent(event)

    def _show(self, request: int, detail: LeadDetail) -> None:
        if request != self._latest or detail.inquiry.id != self._inquiry_id:
            return  # an older answer arriving after a newer question
        self._render(detail)
        self.loaded.emit(detail)

    def _render(self, detail: LeadDetail) -> None:
        self.detail = detail
        clock = self._ctx.clock
        now, tz = clock.now(), clock.tz
        self.header.show_detail(detail, tz, now)
        self.contact_box.show_detail(detail, tz)
        self.inquiry_form.show_detail(detail, today(clock))
        self.timeline_tab.show_timeline(detail.timeline, detail.contact.id, detail.inquiry.id, tz)
        self.tasks_tab.show_tasks(detail.open_tasks, tz, now)
        self.checklist_tab.show_items(detail.checklist, tz, today(clock))
        self.history_tab.show_spans(detail.stage_spans, tz)
        outstanding = sum(1 for c in detail.checklist if c.status in ("missing", "requested"))
        self.tabs.setTabText(1, f"Tasks ({len(detail.open_tasks)})")
        self.tabs.setTabText(
            2, f"Documents ({outstanding} missing)" if outstanding else "Documents"
        )
        self.tabs.setTabText(0, f"Timeline ({len(detail.timeline)})")
        self.stack.setCurrentWidget(self.content)
