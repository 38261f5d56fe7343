"""The follow-up cadences: each rule's name, on/off, and its steps as checked JSON."""

from __future__ import annotations

import json
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.followup_config import load_rules
from app.services.settings_admin import RuleRow
from ui.theme import tone_color

KIND_HELP = {
    "new_lead": "Steps after a new inquiry arrives: after_minutes or after_days, kind, "
    "title ({n} and {total} number the attempts). Stops on a reply or a stage change.",
    "document_nag": "Nag for a requested document after_days, then every repeat_days, "
    "at most max_nags times.",
    "renewal": "Renewal checks days_before the term matures, at hour_utc.",
    "stale": "A task when a warm inquiry has had no contact for after_days.",
    "anniversary": "Check-ins on the funding anniversaries listed in years.",
    "stage_next": "A next-step task whenever an inquiry enters a stage.",
}


def rule_error(row: RuleRow) -> str:
    """Why the rule would be refused, or "" when the follow-up engine accepts it."""
    try:
        params = json.loads(row.params_json or "{}")
    except json.JSONDecodeError as exc:
        return f"Not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}"
    if not isinstance(params, dict):
        return "The settings must be a JSON object { … }"
    config = {row.key: {**params, "kind": row.kind, "name": row.name, "active": row.active}}
    try:
        load_rules(config)
    except ValueError as exc:
        return str(exc)
    return ""


class CadencesPage(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dirty = False
        self._rows: list[RuleRow] = []
        self._loading = False
        self.rules = QListWidget()
        self.rules.setMaximumWidth(240)
        self.rules.setSpacing(3)
        self.rules.currentRowChanged.connect(self._show)
        self.name = QLineEdit()
        self.active = QCheckBox("Active")
        self.kind_help = QLabel()
        self.kind_help.setWordWrap(True)
        self.kind_help.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.editor = QPlainTextEdit()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.editor.setFont(mono)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.status = QLabel()
        self.status.setWordWrap(True)
        for signal in (self.name.textEdited, self.active.toggled, self.editor.textChanged):
            signal.connect(self._edited)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("", self.active)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.kind_help)
        right.addWidget(self.editor, 1)
        right.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.addWidget(self.rules)
        layout.addLayout(right, 1)

    def load(self, rules: list[RuleRow]) -> None:
        self._rows = list(rules)
        self._loading = True
        self.rules.clear()
        for rule in rules:
            self.rules.addItem(QListWidgetItem(rule.name))
        self._loading = False
        if rules:
            self.rules.setCurrentRow(0)
        self.dirty = False

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        rule = self._rows[row]
        self._loading = True
        self.name.setText(rule.name)
        self.active.setChecked(rule.active)
        self.kind_help.setText(KIND_HELP.get(rule.kind, ""))
        self.editor.setPlainText(rule.params_json)
        self._loading = False
        self._check(rule, row)

    def _edited(self) -> None:
        row = self.rules.currentRow()
        if self._loading or not 0 <= row < len(self._rows):
            return
        rule = replace(
            self._rows[row],
            name=self.name.text(),
            active=self.active.isChecked(),
            params_json=self.editor.toPlainText(),
        )
        self._rows[row] = rule
        self.rules.item(row).setText(rule.name or "(no name)")
        self.dirty = True
        self._check(rule, row)
        self.edited.emit()

    def _check(self, rule: RuleRow, row: int) -> None:
        error = rule_error(rule)
        self.status.setText(f"⚠ {error}" if error else "✓ The follow-up engine accepts this rule")
        color = tone_color("overdue" if error else "ok")
        palette = self.status.palette()
        if color is not None:
            palette.setColor(QPalette.ColorRole.WindowText, color)
        self.status.setPalette(palette)
        self.rules.item(row).setForeground(
            color if error and color else self.rules.palette().color(QPalette.ColorRole.Text)
        )

    def first_error(self) -> tuple[int, str] | None:
        """The first rule the engine refuses, as (row, message), or None."""
        for number, rule in enumerate(self._rows):
            error = rule_error(rule)
            if error:
                return number, f"{rule.name or rule.key}: {error}"
        return None

    def rows(self) -> list[RuleRow]:
        return list(self._rows)
