"""Asked when a card moves to a won stage (Funded) or a lost one: how did it end?

Funded: the outcome (lender, rate, term) and, optionally, when the term matures (so the
renewal cadence can start on time). Lost: a reason, picked from the common ones or typed,
and an optional note. Cancel leaves the card where it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import StageKind

DEFAULT_TERM_YEARS = 5


@dataclass(frozen=True)
class Outcome:
    """What the broker said about the move (the fields of the other kind stay empty)."""

    outcome: str = ""
    term_maturity_date: date | None = None
    lost_reason: str = ""
    note: str = ""


class OutcomeDialog(QDialog):
    """`exec()`; after accept, `result_outcome()` holds the answer."""

    def __init__(
        self,
        kind: str,
        stage_name: str,
        who: str,
        *,
        lost_reasons: Sequence[str] = (),
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if kind not in (StageKind.WON, StageKind.LOST):
            raise ValueError(f"an outcome is asked only for won or lost stages, not {kind}")
        self.kind = kind
        won = kind == StageKind.WON
        self.setWindowTitle(f"Move to {stage_name}")
        self.setMinimumWidth(440)
        intro = QLabel(
            f"Moving <b>{_escape(who)}</b> to <b>{_escape(stage_name)}</b>. "
            + ("How was it funded?" if won else "Why was it lost?")
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.outcome_edit = QLineEdit()
        self.outcome_edit.setPlaceholderText("Lender, rate, term, e.g. TD, 5-yr fixed 4.79%")
        self.maturity_check = QCheckBox("Term matures on")
        self.maturity_edit = QDateEdit()
        self.maturity_edit.setCalendarPopup(True)
        self.maturity_edit.setDisplayFormat("yyyy-MM-dd")
        start = today or date.today()
        self.maturity_edit.setDate(QDate(start.year + DEFAULT_TERM_YEARS, start.month, 1))
        self.maturity_edit.setEnabled(False)
        self.maturity_check.toggled.connect(self.maturity_edit.setEnabled)

        self.reason_combo = QComboBox()
        self.reason_combo.setEditable(True)
        self.reason_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason_combo.addItems(list(lost_reasons))
        self.reason_combo.setCurrentIndex(-1)
        line = self.reason_combo.lineEdit()
        assert line is not None
        line.setPlaceholderText("Pick a common reason or type one")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Optional")

        if won:
            form.addRow("&Outcome:", self.outcome_edit)
            maturity = QHBoxLayout()
            maturity.addWidget(self.maturity_check)
            maturity.addWidget(self.maturity_edit, 1)
            form.addRow("", maturity)
            self.outcome_edit.textChanged.connect(self._update_ok)
        else:
            form.addRow("&Reason:", self.reason_combo)
            form.addRow("&Note:", self.note_edit)
            self.reason_combo.currentTextChanged.connect(self._update_ok)
            self.reason_combo.editTextChanged.connect(self._update_ok)
        won_widgets: tuple[QWidget, ...] = (
            self.outcome_edit,
            self.maturity_check,
            self.maturity_edit,
        )
        for widget in won_widgets:
            widget.setVisible(won)
        for widget in (self.reason_combo, self.note_edit):
            widget.setVisible(not won)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Move to {stage_name}")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # No size constraint from the layout: it would resize the window after it is
        # created, which some platforms refuse (and warn about).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self._update_ok()
        (self.outcome_edit if won else self.reason_combo).setFocus()

    def _answer(self) -> str:
        if self.kind == StageKind.WON:
            return self.outcome_edit.text().strip()
        return self.reason_combo.currentText().strip()

    def _update_ok(self, *_args: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self._answer()))

    def accept(self) -> None:
        if self._answer():  # Enter in an empty field must not close the prompt
            super().accept()

    def result_outcome(self) -> Outcome:
        if self.kind == StageKind.WON:
            maturity: date | None = None
            if self.maturity_check.isChecked():
                picked = self.maturity_edit.date().toPython()
                assert isinstance(picked, date)
                maturity = picked
            return Outcome(outcome=self._answer(), term_maturity_date=maturity)
        return Outcome(lost_reason=self._answer(), note=self.note_edit.text().strip())


def ask_outcome(
    kind: str,
    stage_name: str,
    who: str,
    *,
    lost_reasons: Sequence[str] = (),
    today: date | None = None,
    parent: QWidget | None = None,
) -> Outcome | None:
    """Show the prompt; the answer, or None when the broker cancels."""
    dialog = OutcomeDialog(
        kind, stage_name, who, lost_reasons=lost_reasons, today=today, parent=parent
    )
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_outcome()
    finally:
        dialog.deleteLater()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
