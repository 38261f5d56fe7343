"""The Today page: what needs the broker now (overdue, due today, unassigned, stale)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from PySide6.QtCore import (
    QAbstractItemModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.services.context import ServiceContext
from app.services.dto import TaskView
from app.services.due import DueInquiry, DueList, DueTask, due_list
from app.services.tasks import complete_task
from ui.background import (
    DAY,
    INQUIRIES,
    TASKS,
    Changes,
    keep_fresh,
    report_failure,
    run_in_background,
)

EMPTY_TEXT = "No follow-ups due — nice."
HEADERS = ("When", "Contact", "Task / inquiry", "Owner")
AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invisible root; Qt models take it as the default parent


@dataclass(frozen=True)
class TodayRow:
    when: str
    when_detail: str  # the full local date and time, as a tooltip
    contact: str
    what: str
    owner: str
    task_id: int | None = None
    inquiry_id: int | None = None


@dataclass(frozen=True)
class TodaySection:
    key: str
    title: str
    count: int  # all that match, even beyond the rows shown
    tone: str  # "overdue", "due" or "" (no colour)
    rows: tuple[TodayRow, ...]

    @property
    def header(self) -> str:
        shown = f" (showing {len(self.rows)})" if self.count > len(self.rows) else ""
        return f"{self.title} — {self.count}{shown}"


def _local_time(moment: datetime) -> str:
    return QLocale().toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)


def _detail(moment: datetime) -> str:
    return f"{moment:%a %d %b %Y} {_local_time(moment)}"


def _task_row(task: DueTask, day: date, tz: tzinfo, overdue: bool) -> TodayRow:
    local = task.due_at.astimezone(tz)
    when = f"overdue by {(day - local.date()).days} d" if overdue else _local_time(local)
    return TodayRow(
        when, _detail(local), task.contact_name, task.title, task.owner or "Unassigned",
        task_id=task.task_id, inquiry_id=task.inquiry_id,
    )  # fmt: skip


def _inquiry_row(item: DueInquiry, tz: tzinfo, owner: str) -> TodayRow:
    days = item.days_without_contact
    if item.last_contact_at is None:
        when = f"never contacted, {days} d" if days else "new today"
        detail = "No call, email or meeting logged yet"
    else:
        when = f"{days} d since contact"
        detail = f"Last contact {_detail(item.last_contact_at.astimezone(tz))}"
    what = f"{item.type_name} · {item.stage_name}"
    return TodayRow(when, detail, item.contact_name, what, owner, inquiry_id=item.inquiry_id)


def build_sections(due: DueList, tz: tzinfo) -> list[TodaySection]:
    """The four sections as rows of text, in the order the broker works through them."""
    day = due.day
    return [
        TodaySection("overdue", "Overdue", due.overdue.count, "overdue",
                     tuple(_task_row(t, day, tz, True) for t in due.overdue.items)),
        TodaySection("due_today", "Due today", due.due_today.count, "due",
                     tuple(_task_row(t, day, tz, False) for t in due.due_today.items)),
        TodaySection("unassigned", "Unassigned", due.unassigned.count, "",
                     tuple(_inquiry_row(i, tz, "Unassigned") for i in due.unassigned.items)),
        TodaySection("stale_warm", "Stale warm", due.stale_warm.count, "",
                     tuple(_inquiry_row(i, tz, "") for i in due.stale_warm.items)),
    ]  # fmt: skip


def tone_color(tone: str, palette: QPalette) -> QColor | None:
    """Red for overdue, amber for due today, readable on light and dark themes."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    colors = {
        "overdue": ("#ff7b72", "#b3261e"),
        "due": ("#e3b341", "#8a5a00"),
    }
    pair = colors.get(tone)
    return QColor(pair[0] if dark else pair[1]) if pair else None


class TodayModel(QAbstractItemModel):
    """Sections as top-level rows, their items as children. internalId 0 marks a
    section; n > 0 marks a child of section n - 1."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[TodaySection] = []

    def set_sections(self, sections: list[TodaySection]) -> None:
        self.beginResetModel()
        self.sections = sections
        self.endResetModel()

    def row_at(self, index: AnyIndex) -> TodayRow | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.sections[index.internalId() - 1].rows[index.row()]

    def index(self, row: int, column: int, parent: AnyIndex = ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: AnyIndex = ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        if not parent.isValid():
            return len(self.sections)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.sections[parent.row()].rows)
        return 0

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if index.isValid() and index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled  # a section header is not selectable
        return super().flags(index)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._section_data(self.sections[index.row()], index.column(), role)
        section = self.sections[index.internalId() - 1]
        row = section.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.when, row.contact, row.what, row.owner)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.when_detail
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return tone_color(section.tone, QApplication.palette())
        return None

    def _section_data(self, section: TodaySection, column: int, role: int) -> object:
        if column != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return section.header
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and section.count:
            return tone_color(section.tone, QApplication.palette())
        return None


class _RoomyRows(QStyledItemDelegate):
    """A little air between rows: the list is read at a glance, many times a day."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 8)


class TodayView(QWidget):
    """Shows the due list, and completes the selected task (button or Ctrl+Enter)."""

    status_message = Signal(str)
    open_inquiry_requested = Signal(int)  # for the lead detail screen, once it exists

    def __init__(self, ctx: ServiceContext, changes: Changes) -> None:
        super().__init__()
        self._ctx = ctx
        self._changes = changes
        self._completing = False
        self.model = TodayModel()

        self.title = QLabel()
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.complete_button = QPushButton("Complete")
        self.complete_button.setToolTip("Mark the selected follow-up done (Ctrl+Enter)")
        self.complete_button.clicked.connect(self.complete_selected)

        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setItemDelegate(_RoomyRows(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # titles need the room
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.selectionModel().selectionChanged.connect(self._update_actions)
        self.tree.doubleClicked.connect(self._open)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_font = self.empty_label.font()
        empty_font.setPointSizeF(empty_font.pointSizeF() * 1.2)
        self.empty_label.setFont(empty_font)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty_label)

        complete = QAction("Complete", self)
        complete.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        complete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        complete.triggered.connect(self.complete_selected)
        self.addAction(complete)

        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        bar.addWidget(self.complete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._update_actions()
        keep_fresh(self, changes, {TASKS, INQUIRIES, DAY}, self.refresh)

    def refresh(self) -> None:
        ctx = self._ctx
        run_in_background(lambda: due_list(ctx), self._show, lambda e: report_failure(self, e))

    def _show(self, due: DueList) -> None:
        previous = self._selected_position()
        self.model.set_sections(build_sections(due, self._ctx.clock.tz))
        day = due.day
        self.title.setText(f"Today, {day:%A} {day.day} {day:%B %Y}")
        for row, section in enumerate(self.model.sections):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            self.tree.setExpanded(self.model.index(row, 0), bool(section.rows))
        empty = not any(section.count for section in self.model.sections)
        self.stack.setCurrentWidget(self.empty_label if empty else self.tree)
        self.complete_button.setVisible(not empty)
        if previous is not None:
            self._select_near(*previous)
        self._update_actions()

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

    def _update_actions(self) -> None:
        row = self.selected_row()
        self.complete_button.setEnabled(
            not self._completing and row is not None and row.task_id is not None
        )

    def complete_selected(self) -> None:
        row = self.selected_row()
        if self._completing or row is None or row.task_id is None:
            return
        ctx, task_id = self._ctx, row.task_id
        self._completing = True
        self._update_actions()
        run_in_background(
            lambda: complete_task(ctx, task_id), self._completed, self._complete_failed
        )

    def _completed(self, task: TaskView) -> None:
        self._completing = False
        self.status_message.emit(f"Done: {task.title} — {task.contact_name}")
        self._changes.announce(TASKS, INQUIRIES)

    def _complete_failed(self, error: BaseException) -> None:
        self._completing = False
        self._update_actions()
        report_failure(self, error)
        self.refresh()  # e.g. done elsewhere already: show the list as it really is now

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None and row.inquiry_id is not None:
            self.open_inquiry_requested.emit(row.inquiry_id)
