"""Log a call in a few keystrokes: the outcome, a line of summary, whether it was theirs."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

OUTCOMES = ("Talked", "Left voicemail", "No answer", "Wrong number", "Call back later")


@dataclass(frozen=True)
class CallLog:
    direction: str  # "outbound" or "inbound"
    summary: str
    body: str
    complete_task: bool


class LogCallDialog(QDialog):
    """Outcome and summary become the timeline entry's summary; notes its body."""

    def __init__(self, contact: str, task_title: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log a call")
        self.setMinimumWidth(440)
        heading = QLabel(f"<b>Call with {contact}</b>")
        self.outcome = QComboBox()
        self.outcome.addItems(OUTCOMES)
        self.direction = QComboBox()
        self.direction.addItem("I called them", "outbound")
        self.direction.addItem("They called me", "inbound")
        self.summary = QLineEdit()
        self.summary.setPlaceholderText("e.g. wants a pre-approval before viewing houses")
        self.summary.setMaxLength(250)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes (optional)")
        self.notes.setFixedHeight(90)
        self.complete = QCheckBox(f"Also complete “{task_title}”" if task_title else "")
        self.complete.setChecked(task_title is not None)
        self.complete.setVisible(task_title is not None)
        self._has_task = task_title is not None

        form = QFormLayout()
        form.addRow("Outcome", self.outcome)
        form.addRow("Direction", self.direction)
        form.addRow("Summary", self.summary)
        form.addRow("Notes", self.notes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.complete)
        layout.addWidget(buttons)
        self.summary.setFocus()

    def result_log(self) -> CallLog:
        outcome, summary = self.outcome.currentText(), " ".join(self.summary.text().split())
        return CallLog(
            direction=str(self.direction.currentData()),
            summary=f"{outcome}: {summary}" if summary else outcome,
            body=self.notes.toPlainText().strip(),
            complete_task=self._has_task and self.complete.isChecked(),
        )


def ask_call_log(contact: str, task_title: str | None, parent: QWidget | None) -> CallLog | None:
    """The call the broker described, or None when they cancelled."""
    dialog = LogCallDialog(contact, task_title, parent)
    return dialog.result_log() if dialog.exec() == QDialog.DialogCode.Accepted else None
