"""Per-report options (period, grouping, quiet days) as a row of small boxes, built from
the report catalog so a new option needs no new widget code."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from app.reports import REPORTS

_LABELS = {"period": "Per", "by": "By", "days": "Quiet for"}
_VALUE_NAMES = {"all": "all leads", "source": "source", "type": "inquiry type"}
DEFAULT_DAYS = 14
# Where the catalog's first choice is not the best start (a year of days is a blur).
_DEFAULTS = {("overdue", "period"): "week"}


class ReportOptions(QWidget):
    """The options of one report; `changed` fires when the broker changes one."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.boxes: dict[str, QComboBox | QSpinBox] = {}
        self._remembered: dict[tuple[str, str], Any] = {}  # (report, option) -> value
        self._report = ""

    def show_report(self, name: str) -> None:
        self._remember()
        self._report = name
        while self._layout.count():
            widget = self._layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # deleteLater waits for the event loop; hide it now
                widget.deleteLater()
        self.boxes = {}
        for key, allowed in REPORTS[name].options.items():
            self._layout.addWidget(QLabel(_LABELS.get(key, key.capitalize())))
            value = self._remembered.get((name, key), _DEFAULTS.get((name, key)))
            box = self._box(key, allowed, value)
            self._layout.addWidget(box)
            if key == "days":
                self._layout.addWidget(QLabel("days"))
            self.boxes[key] = box
        self.setVisible(bool(self.boxes))

    def _box(self, key: str, allowed: tuple[str, ...], value: Any) -> QComboBox | QSpinBox:
        if not allowed:
            spin = QSpinBox()
            spin.setAccessibleName(_LABELS.get(key, key))
            spin.setRange(1, 365)
            spin.setValue(int(value) if value else DEFAULT_DAYS)
            spin.valueChanged.connect(lambda _v: self.changed.emit())
            return spin
        combo = QComboBox()
        combo.setAccessibleName(_LABELS.get(key, key))
        for option in allowed:
            combo.addItem(_VALUE_NAMES.get(option, option), option)
        if value in allowed:
            combo.setCurrentIndex(allowed.index(value))
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    def _remember(self) -> None:
        for key, value in self.values().items():
            self._remembered[(self._report, key)] = value

    def values(self) -> dict[str, Any]:
        """The options as run_report keywords."""
        return {
            key: box.value() if isinstance(box, QSpinBox) else box.currentData()
            for key, box in self.boxes.items()
        }
