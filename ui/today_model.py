"""The Today page's data: five sections as rows of text, and the tree model showing them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import lru_cache

from PySide6.QtCore import (
    QAbstractItemModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
)
from PySide6.QtGui import QFont

from app.services.context import ServiceContext
from app.services.due import DueInquiry, DueList, DueTask, due_list
from app.services.renewals import RenewalDue, Renewals, renewals_due
from ui.theme import muted_color, tone_color

HEADERS = ("When", "Contact", "Task / inquiry", "Owner")
AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invisible root; Qt models take it as the default parent
# A section lists its first hundred (the header says how many there are in all): the
# broker works from the top, and a refresh stays quick.
ROWS_PER_SECTION = 100


@dataclass(frozen=True)
class TodayData:
    due: DueList
    renewals: Renewals


def load_today(ctx: ServiceContext) -> TodayData:
    """Everything the page shows, in one background call."""
    return TodayData(
        due_list(ctx, limit=ROWS_PER_SECTION), renewals_due(ctx, limit=ROWS_PER_SECTION)
    )


@dataclass(frozen=True)
class TodayRow:
    when: str
    when_detail: str  # the full local date and time, as a tooltip
    contact: str
    what: str
    owner: str
    task_id: int | None = None
    inquiry_id: int | None = None
    contact_id: int | None = None
    due_at: datetime | None = None  # the task's due time (undoing a snooze restores it)
    kind: str = ""  # the task's kind ("call", ...)


@dataclass(frozen=True)
class TodaySection:
    key: str
    title: str
    count: int  # all that match, even beyond the rows shown
    tone: str  # "overdue", "due", "info" or "" (no colour)
    rows: tuple[TodayRow, ...]

    @property
    def header(self) -> str:
        shown = f" (showing {len(self.rows)})" if self.count > len(self.rows) else ""
        return f"{self.title} — {self.count}{shown}"


@lru_cache(maxsize=24 * 60)
def _clock_text(hour: int, minute: int) -> str:
    """The locale's short time ("14:30" or "2:30 PM"), once per minute of the day:
    formatting through QLocale for each of a thousand rows costs tens of ms."""
    return QLocale().toString(QTime(hour, minute), QLocale.FormatType.ShortFormat)


def _local_time(moment: datetime) -> str:
    return _clock_text(moment.hour, moment.minute)


def _detail(moment: datetime) -> str:
    return f"{moment:%a %d %b %Y} {_local_time(moment)}"


def _task_row(task: DueTask, day: date, tz: tzinfo, overdue: bool) -> TodayRow:
    local = task.due_at.astimezone(tz)
    when = f"overdue by {(day - local.date()).days} d" if overdue else _local_time(local)
    return TodayRow(
        when,
        _detail(local),
        task.contact_name,
        task.title,
        task.owner or "Unassigned",
        task_id=task.task_id,
        inquiry_id=task.inquiry_id,
        contact_id=task.contact_id,
        due_at=task.due_at,
        kind=task.kind,
    )


def _inquiry_row(item: DueInquiry, tz: tzinfo, owner: str) -> TodayRow:
    days = item.days_without_contact
    if item.last_contact_at is None:
        when = f"never contacted, {days} d" if days else "new today"
        detail = "No call, email or meeting logged yet"
    else:
        when = f"{days} d since contact"
        detail = f"Last contact {_detail(item.last_contact_at.astimezone(tz))}"
    what = f"{item.type_name} · {item.stage_name}"
    return TodayRow(
        when,
        detail,
        item.contact_name,
        what,
        owner,
        inquiry_id=item.inquiry_id,
        contact_id=item.contact_id,
    )


def _money(amount: Decimal | None) -> str:
    return f"${amount:,.0f}" if amount is not None else ""


def _renewal_row(item: RenewalDue, tz: tzinfo) -> TodayRow:
    when = "matures today" if item.days_left == 0 else f"in {item.days_left} d"
    detail = f"Term matures {item.maturity:%a %d %b %Y}"
    if item.task_due_at is not None:
        detail += f"; renewal check due {_detail(item.task_due_at.astimezone(tz))}"
    what = item.task_title or f"{item.type_name} renewal"
    amount = _money(item.amount)
    return TodayRow(
        when,
        detail,
        item.contact_name,
        f"{what} · {amount}" if amount else what,
        "",
        task_id=item.task_id,
        inquiry_id=item.inquiry_id,
        contact_id=item.contact_id,
        due_at=item.task_due_at,
        kind="renewal_check" if item.task_id else "",
    )


def build_sections(data: TodayData, tz: tzinfo) -> list[TodaySection]:
    """The five sections, in the order the broker works through them."""
    due, day = data.due, data.due.day
    return [
        TodaySection(
            "overdue",
            "Overdue",
            due.overdue.count,
            "overdue",
            tuple(_task_row(t, day, tz, True) for t in due.overdue.items),
        ),
        TodaySection(
            "due_today",
            "Due today",
            due.due_today.count,
            "due",
            tuple(_task_row(t, day, tz, False) for t in due.due_today.items),
        ),
        TodaySection(
            "unassigned",
            "Unassigned",
            due.unassigned.count,
            "",
            tuple(_inquiry_row(i, tz, "Unassigned") for i in due.unassigned.items),
        ),
        TodaySection(
            "stale_warm",
            "Stale warm",
            due.stale_warm.count,
            "",
            tuple(_inquiry_row(i, tz, "") for i in due.stale_warm.items),
        ),
        TodaySection(
            "renewals",
            "Renewals in the next 120 days",
            data.renewals.count,
            "info",
            tuple(_renewal_row(r, tz) for r in data.renewals.items),
        ),
    ]


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

    def section_of(self, index: AnyIndex) -> TodaySection | None:
        if not index.isValid():
            return None
        number = index.row() if index.internalId() == 0 else index.internalId() - 1
        return self.sections[number]

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
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 0:
                return tone_color(section.tone)
            if column == 3 and row.owner in ("", "Unassigned"):
                return muted_color()
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
        if role == Qt.ItemDataRole.ForegroundRole:
            return tone_color(section.tone) if section.count else muted_color()
        return None
