"""Forms generated from `SIMPLE_SETTINGS`: one declared setting, one labelled field."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.services.settings_admin import SIMPLE_SETTINGS, SettingSpec

Field = QLineEdit | QPlainTextEdit | QSpinBox | QComboBox | QCheckBox


def _field(spec: SettingSpec) -> Field:
    if spec.type == "bool":
        return QCheckBox()
    if spec.type == "multiline":
        edit = QPlainTextEdit()
        edit.setFixedHeight(110)
        return edit
    if spec.type == "int":
        spin = QSpinBox()
        spin.setRange(spec.minimum, spec.maximum)
        return spin
    if spec.type == "choice":
        combo = QComboBox()
        for value, label in spec.choices:
            combo.addItem(label, value)
        return combo
    line = QLineEdit()
    if spec.type == "region":
        line.setMaxLength(2)
        line.setMaximumWidth(60)
    return line


class SettingsForm(QWidget):
    """The fields of one group of simple settings; `load` and `values` speak in the
    stored values, so the dialog never knows which widget a setting uses."""

    def __init__(self, group: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs = [spec for spec in SIMPLE_SETTINGS if spec.group == group]
        self.fields: dict[str, Field] = {}
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for spec in self.specs:
            field = _field(spec)
            field.setToolTip(spec.tooltip)
            field.setObjectName(spec.key)
            self.fields[spec.key] = field
            self.form.addRow(spec.label, field)

    def load(self, values: dict[str, Any]) -> None:
        for spec in self.specs:
            field, value = self.fields[spec.key], values.get(spec.key, spec.default)
            if isinstance(field, QCheckBox):
                field.setChecked(value is True)
            elif isinstance(field, QSpinBox):
                field.setValue(int(value))
            elif isinstance(field, QComboBox):
                field.setCurrentIndex(max(0, field.findData(value)))
            elif isinstance(field, QPlainTextEdit):
                field.setPlainText(str(value or ""))
            else:
                field.setText(str(value or ""))

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, field in self.fields.items():
            if isinstance(field, QCheckBox):
                result[key] = field.isChecked()
            elif isinstance(field, QSpinBox):
                result[key] = field.value()
            elif isinstance(field, QComboBox):
                result[key] = field.currentData()
            elif isinstance(field, QPlainTextEdit):
                result[key] = field.toPlainText()
            else:
                result[key] = field.text()
        return result
