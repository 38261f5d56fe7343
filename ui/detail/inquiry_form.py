"""The Inquiry section: the deal's details, edited in place and saved (undoable)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app.services.detail import FormChoices, LeadDetail
from app.services.dto import InquiryInput
from app.services.inquiries import assign_owner, inquiry_input, update_inquiry
from ui.background import INQUIRIES, TASKS
from ui.detail.ops import DetailOps
from ui.detail.text import money_field, parse_money, tone

PRIORITIES = (("low", "Low"), ("normal", "Normal"), ("high", "High"))
MONEY_PATTERN = QRegularExpression(r"^\$?\s*[0-9][0-9, ]*(\.[0-9]{0,2})?$")


class OptionalDate(QWidget):
    """A date that may be unset: a check box says whether there is one."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox()
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("ddd d MMM yyyy")
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)

    def value(self) -> date | None:
        if not self.check.isChecked():
            return None
        qdate = self.edit.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: date | None, default: date) -> None:
        shown = value or default
        self.edit.setDate(QDate(shown.year, shown.month, shown.day))
        self.check.setChecked(value is not None)


class InquiryForm(QGroupBox):
    """Type, source, owner, priority, amounts, property, key dates and notes."""

    def __init__(self, ops: DetailOps, parent: QWidget | None = None) -> None:
        super().__init__("Inquiry", parent)
        self._ops = ops
        self._inquiry_id: int | None = None
        self._fields: InquiryInput | None = None
        self._owner_id: int | None = None
        self._loading = False
        self._today = date.today()  # replaced by the service clock's day on each show
        self.dirty = False
        self.type_box = QComboBox()
        self.source_box = QComboBox()
        self.owner_box = QComboBox()
        self.owner_box.setToolTip("Changes at once; the open tasks follow the new owner")
        self.owner_box.activated.connect(self._owner_chosen)
        self.priority_box = QComboBox()
        for key, name in PRIORITIES:
            self.priority_box.addItem(name, key)
        validator = QRegularExpressionValidator(MONEY_PATTERN, self)
        self.amount = self._money_edit(validator, "Mortgage amount, e.g. 650,000")
        self.property_value = self._money_edit(validator, "Purchase price or appraisal")
        self.down_payment = self._money_edit(validator, "Down payment")
        self.address = QLineEdit()
        self.address.setPlaceholderText("Street, city")
        self.target_close = OptionalDate()
        self.rate_hold = OptionalDate()
        self.maturity = OptionalDate()
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Anything worth remembering about this deal")
        self.notes.setMinimumHeight(70)
        self.notes.setMaximumHeight(110)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save the inquiry's details (Ctrl+S); Ctrl+Z undoes")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(self.revert)

        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(8)
        form.setHorizontalSpacing(12)
        form.addRow("Type", self.type_box)
        form.addRow("Source", self.source_box)
        form.addRow("Owner", self.owner_box)
        form.addRow("Priority", self.priority_box)
        form.addRow("Amount", self.amount)
        form.addRow("Property value", self.property_value)
        form.addRow("Down payment", self.down_payment)
        form.addRow("Property address", self.address)
        form.addRow("Target close", self.target_close)
        form.addRow("Rate hold expires", self.rate_hold)
        form.addRow("Term matures", self.maturity)
        form.addRow("Notes", self.notes)
        form.addRow("", self.error_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)

        for box in (self.type_box, self.source_box, self.priority_box):
            box.currentIndexChanged.connect(self._edited)
        for edit in (self.amount, self.property_value, self.down_payment, self.address):
            edit.textEdited.connect(self._edited)
        for optional in (self.target_close, self.rate_hold, self.maturity):
            optional.changed.connect(self._edited)
        self.notes.textChanged.connect(self._edited)
        self._set_dirty(False)

    def _money_edit(self, validator: QRegularExpressionValidator, hint: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setValidator(validator)
        edit.setPlaceholderText(hint)
        return edit

    def set_choices(self, choices: FormChoices) -> None:
        self._loading = True
        for box, items in (
            (self.type_box, [(c.name, c.key) for c in choices.inquiry_types]),
            (self.source_box, [("— not set —", None)] + [(c.name, c.key) for c in choices.sources]),
            (self.owner_box, [("Unassigned", None)] + [(n, i) for i, n in choices.owners]),
        ):
            current = box.currentData()
            box.clear()
            for name, data in items:
                box.addItem(name, data)
            box.setCurrentIndex(max(box.findData(current), 0))
        self._loading = False
        if self._fields is not None and not self.dirty:
            self._fill(self._fields)

    def show_detail(self, detail: LeadDetail, today: date) -> None:
        """Show the stored values, unless the broker is in the middle of editing them."""
        self._today = today
        same = self._inquiry_id == detail.inquiry.id
        self._inquiry_id = detail.inquiry.id
        self._owner_id = detail.inquiry.owner_id
        self._loading = True
        self.owner_box.setCurrentIndex(max(self.owner_box.findData(self._owner_id), 0))
        self._loading = False
        if same and self.dirty:
            return
        self._fields = detail.fields
        self._fill(detail.fields)

    def _select(self, box: QComboBox, data: object, label: str) -> None:
        index = box.findData(data)
        if index < 0 and data is not None:
            box.addItem(label, data)  # an inactive type or source still shows
            index = box.count() - 1
        box.setCurrentIndex(max(index, 0))

    def _fill(self, fields: InquiryInput) -> None:
        self._loading = True
        self._select(self.type_box, fields.type_key, fields.type_key)
        self._select(self.source_box, fields.source_key, fields.source_key or "")
        self._select(self.priority_box, fields.priority, fields.priority)
        self.amount.setText(money_field(fields.amount))
        self.property_value.setText(money_field(fields.property_value))
        self.down_payment.setText(money_field(fields.down_payment))
        self.address.setText(fields.property_address)
        self.target_close.set_value(fields.target_close_date, self._today)
        self.rate_hold.set_value(fields.rate_hold_expiry, self._today)
        self.maturity.set_value(fields.term_maturity_date, self._today)
        self.notes.setPlainText(fields.notes)
        self._loading = False
        self._show_error("")
        self._set_dirty(False)

    def _edited(self) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setStyleSheet(f"color: {tone('bad').name()}")
        self.error_label.setVisible(bool(text))

    def edited_fields(self) -> InquiryInput:
        """The form's values (ValueError with a readable message for a bad amount)."""
        assert self._fields is not None
        return replace(
            self._fields,
            type_key=str(self.type_box.currentData()),
            source_key=self.source_box.currentData(),
            priority=str(self.priority_box.currentData()),
            amount=parse_money(self.amount.text(), "Amount"),
            property_value=parse_money(self.property_value.text(), "Property value"),
            down_payment=parse_money(self.down_payment.text(), "Down payment"),
            property_address=self.address.text().strip(),
            target_close_date=self.target_close.value(),
            rate_hold_expiry=self.rate_hold.value(),
            term_maturity_date=self.maturity.value(),
            notes=self.notes.toPlainText(),
        )

    def revert(self) -> None:
        if self._fields is not None:
            self._fill(self._fields)

    def save(self) -> None:
        if self._inquiry_id is None or self._fields is None or not self.dirty:
            return
        try:
            new = self.edited_fields()
        except ValueError as exc:
            self._show_error(str(exc))
            return
        self._show_error("")
        ctx, inquiry_id = self._ops.ctx, self._inquiry_id
        previous: list[InquiryInput] = []

        def do() -> object:
            previous[:] = [inquiry_input(ctx, inquiry_id)]  # what undo puts back
            return update_inquiry(ctx, inquiry_id, new)

        def undo() -> object:
            return update_inquiry(ctx, inquiry_id, previous[0])

        self._set_dirty(False)  # the refresh that follows shows what was stored
        self._ops.undoable("Edit inquiry details", do=do, undo_call=undo, flags=(INQUIRIES, TASKS))

    def _owner_chosen(self, _index: int) -> None:
        if self._loading or self._inquiry_id is None:
            return
        new, old = self.owner_box.currentData(), self._owner_id
        if new == old:
            return
        self._owner_id = new
        ctx, inquiry_id = self._ops.ctx, self._inquiry_id
        name = self.owner_box.currentText()
        self._ops.undoable(
            f"Assign to {name}",
            do=lambda: assign_owner(ctx, inquiry_id, new),
            undo_call=lambda: assign_owner(ctx, inquiry_id, old),
            flags=(INQUIRIES, TASKS),
        )
