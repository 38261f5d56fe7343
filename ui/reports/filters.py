"""The Reports page's filter bar: a date range with quick presets, and type, source and
owner boxes. Emits `changed` with a new ReportFilter."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from app.reports import ReportFilter
from app.reports.periods import add_months
from app.services.board import BoardChoices

ALL, CUSTOM = "all", "custom"
PRESETS = (
    ("last_30", "Last 30 days"),
    ("quarter", "This quarter"),
    ("year", "This year"),
    ("last_12m", "Last 12 months"),
    (ALL, "All time"),
    (CUSTOM, "Custom range"),
)
DEFAULT_PRESET = "last_12m"


def preset_range(key: str, today: date) -> tuple[date | None, date | None]:
    """The days a preset covers, both ends included (None, None for all time)."""
    if key == "last_30":
        return today - timedelta(days=29), today
    if key == "quarter":
        return date(today.year, (today.month - 1) // 3 * 3 + 1, 1), today
    if key == "year":
        return date(today.year, 1, 1), today
    if key == "last_12m":
        return add_months(today, -12) + timedelta(days=1), today
    return None, None


def _combo(name: str, everything: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setMinimumWidth(90)
    combo.addItem(everything, None)
    return combo


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setAccessibleName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ReportFilterBar(QWidget):
    changed = Signal(object)  # ReportFilter

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._ahead = False
        self.preset_combo = QComboBox()
        self.preset_combo.setAccessibleName("Date range")
        for key, label in PRESETS:
            self.preset_combo.addItem(label, key)
        self.from_edit = _date_edit("From")
        self.to_edit = _date_edit("To")
        self.type_combo = _combo("Inquiry type", "All types")
        self.source_combo = _combo("Source", "All sources")
        self.owner_combo = _combo("Owner", "All owners")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.preset_combo)
        layout.addWidget(self.from_edit)
        layout.addWidget(QLabel("to"))
        layout.addWidget(self.to_edit)
        layout.addSpacing(12)
        for combo in (self.type_combo, self.source_combo, self.owner_combo):
            layout.addWidget(combo)
        layout.addStretch(1)

        self.set_preset(DEFAULT_PRESET, emit=False)
        self.preset_combo.currentIndexChanged.connect(self._preset_picked)
        self.from_edit.dateChanged.connect(self._dates_edited)
        self.to_edit.dateChanged.connect(self._dates_edited)
        for combo in (self.type_combo, self.source_combo, self.owner_combo):
            combo.currentIndexChanged.connect(self._emit)

    def set_choices(self, choices: BoardChoices) -> None:
        """Fill the boxes, keeping what was picked where it still exists."""
        entries = (
            (self.type_combo, [(c.name, c.key) for c in choices.types]),
            (self.source_combo, [(c.name, c.key) for c in choices.sources]),
            (self.owner_combo, [(o.name, o.id) for o in choices.owners]),
        )
        for combo, items in entries:
            with QSignalBlocker(combo):
                picked = combo.currentData()
                while combo.count() > 1:
                    combo.removeItem(1)
                for label, data in items:
                    combo.addItem(label, data)
                combo.setCurrentIndex(max(0, combo.findData(picked)) if picked else 0)

    def set_preset(self, key: str, *, emit: bool = True) -> None:
        with QSignalBlocker(self.preset_combo):
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(key))
        if key != CUSTOM:
            first, last = preset_range(key, self._today)
            with QSignalBlocker(self.from_edit), QSignalBlocker(self.to_edit):
                self.from_edit.setDate(QDate(first or date(self._today.year, 1, 1)))
                self.to_edit.setDate(QDate(last or self._today))
        self._enable_dates()
        if emit:
            self._emit()

    def set_looking_ahead(self, ahead: bool) -> None:
        """A report that looks ahead (renewals) ignores the look-back presets: grey out
        the days they would show, unless the broker typed a range."""
        self._ahead = ahead
        self._enable_dates()

    def _enable_dates(self) -> None:
        key = self.preset_combo.currentData()
        # "All time" leaves both ends open, so the boxes have nothing to say.
        used = key == CUSTOM or (key != ALL and not self._ahead)
        for edit in (self.from_edit, self.to_edit):
            edit.setEnabled(used)

    def set_range(self, first: date, last: date) -> None:
        """A custom range (both days included)."""
        with QSignalBlocker(self.from_edit), QSignalBlocker(self.to_edit):
            self.from_edit.setDate(QDate(first))
            self.to_edit.setDate(QDate(last))
        self.set_preset(CUSTOM)

    def _preset_picked(self) -> None:
        self.set_preset(self.preset_combo.currentData())

    def _dates_edited(self) -> None:
        if self.preset_combo.currentData() != CUSTOM:
            with QSignalBlocker(self.preset_combo):
                self.preset_combo.setCurrentIndex(self.preset_combo.findData(CUSTOM))
        self._emit()

    def is_custom(self) -> bool:
        return bool(self.preset_combo.currentData() == CUSTOM)

    def current(self) -> ReportFilter:
        first: date | None = self.from_edit.date().toPython()  # type: ignore[assignment]
        last: date | None = self.to_edit.date().toPython()  # type: ignore[assignment]
        if self.preset_combo.currentData() == ALL:
            first = last = None
        elif first and last and first > last:
            first, last = last, first  # a range typed backwards still means those days
        return ReportFilter(
            date_from=first,
            date_to=last,
            type_keys=_picked(self.type_combo),
            source_keys=_picked(self.source_combo),
            owner_ids=_picked(self.owner_combo),
        )

    def _emit(self) -> None:
        self.changed.emit(self.current())


def _picked(combo: QComboBox) -> tuple:  # type: ignore[type-arg]
    data = combo.currentData()
    return () if data is None else (data,)
