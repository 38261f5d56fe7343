"""Ask for a date and time (snooze until, reschedule to), in the broker's local time."""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateTimeEdit, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


def _qt(moment: datetime) -> QDateTime:
    return QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
    )


class WhenDialog(QDialog):
    """A date-time field with a calendar; the answer is an aware datetime in `tz`."""

    def __init__(
        self,
        title: str,
        prompt: str,
        initial: datetime,
        tz: tzinfo,
        minimum: datetime | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._tz = tz
        self.edit = QDateTimeEdit(_qt(initial.astimezone(tz)))
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        if minimum is not None:
            self.edit.setMinimumDateTime(_qt(minimum.astimezone(tz)))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.edit)
        layout.addWidget(buttons)

    def moment(self) -> datetime:
        value = self.edit.dateTime()
        day, clock = value.date(), value.time()
        return datetime(
            day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=self._tz
        )


def ask_moment(
    parent: QWidget | None,
    title: str,
    prompt: str,
    initial: datetime,
    tz: tzinfo,
    minimum: datetime | None = None,
) -> datetime | None:
    """The moment the broker picked, or None when they cancelled."""
    dialog = WhenDialog(title, prompt, initial, tz, minimum, parent)
    return dialog.moment() if dialog.exec() == QDialog.DialogCode.Accepted else None
