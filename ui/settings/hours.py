"""Working hours: which days, from when to when (reminders wait for them)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QTimeEdit, QVBoxLayout, QWidget

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _time(text: str) -> QTime:
    hours, _, minutes = text.partition(":")
    if hours == "24":
        return QTime(23, 59)
    return QTime(int(hours or 0), int(minutes or 0))


class WorkingHoursEditor(QWidget):
    """Seven day boxes and a start and end time; `value()` is the stored setting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days = [QCheckBox(day) for day in DAYS]
        self.start = QTimeEdit()
        self.end = QTimeEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        days = QHBoxLayout()
        for box in self.days:
            days.addWidget(box)
        days.addStretch(1)
        times = QHBoxLayout()
        times.addWidget(QLabel("From"))
        times.addWidget(self.start)
        times.addWidget(QLabel("to"))
        times.addWidget(self.end)
        times.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(days)
        layout.addLayout(times)

    def load(self, value: dict[str, Any]) -> None:
        chosen = set(value.get("days", []))
        for number, box in enumerate(self.days):
            box.setChecked(number in chosen)
        self.start.setTime(_time(str(value.get("start", "09:00"))))
        self.end.setTime(_time(str(value.get("end", "17:30"))))

    def value(self) -> dict[str, Any]:
        return {
            "days": [n for n, box in enumerate(self.days) if box.isChecked()],
            "start": self.start.time().toString("HH:mm"),
            "end": self.end.time().toString("HH:mm"),
        }
