"""New lead (Ctrl+N): a person and an inquiry in one form.

While the broker types, it looks for someone already here (similar name, same email,
same phone digits) and offers to open that contact instead, or to add the inquiry to it.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from PySide6.QtCore import QRegularExpression, Qt, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.contact_points import display_phone
from app.errors import LeadkeeperError
from app.services.context import ServiceContext
from app.services.detail import FormChoices, form_choices
from app.services.dto import ContactInput, InquiryInput, InquiryView
from app.services.inquiries import create_inquiry
from app.services.leads import NewLead, add_lead
from app.services.similar import SimilarContact, similar_contacts
from ui.background import report_failure, run_in_background
from ui.detail.ops import while_alive
from ui.detail.rows import Column, RowsModel, selected_row, table_view
from ui.detail.text import parse_money, tone

DEBOUNCE_MS = 200
MATCH_LIMIT = 5
STRONG_MATCH = 95  # same email or full phone number: almost surely the same person
DEFAULT_SOURCE = "phone"  # a lead typed in by hand usually came in on the phone


def _points(match: SimilarContact) -> str:
    return " · ".join([*match.emails, *(display_phone(p) for p in match.phones)])


def _strong(match: SimilarContact) -> bool:
    return match.score >= STRONG_MATCH


class NewLeadDialog(QDialog):
    """After accept: `created_inquiry_id` is the new inquiry (None if the broker chose to
    open an existing contact instead, whose id is then `opened_existing_contact_id`)."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New lead")
        self.setMinimumWidth(620)
        self._ctx = ctx
        self._queries = itertools.count(1)
        self._latest_query = 0
        self._busy = False
        self.created_inquiry_id: int | None = None
        self.created_contact_id: int | None = None
        self.opened_existing_contact_id: int | None = None

        self.first_name = QLineEdit()
        self.first_name.setPlaceholderText("First name")
        self.last_name = QLineEdit()
        self.last_name.setPlaceholderText("Last name")
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.com")
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("(416) 555-0142")
        self.type_box = QComboBox()
        self.source_box = QComboBox()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("Mortgage amount, e.g. 650,000 (optional)")
        self.amount.setValidator(
            QRegularExpressionValidator(
                QRegularExpression(r"^\$?\s*[0-9][0-9, ]*(\.[0-9]{0,2})?$"), self
            )
        )
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("What they asked for, when they want to close…")
        self.notes.setFixedHeight(70)

        names = QHBoxLayout()
        names.addWidget(self.first_name)
        names.addWidget(self.last_name)
        kind = QHBoxLayout()
        kind.setSpacing(8)
        kind.addWidget(self.type_box, 1)
        kind.addWidget(QLabel("from"))
        kind.addWidget(self.source_box, 1)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(8)
        form.addRow("Name", names)
        form.addRow("Email", self.email)
        form.addRow("Phone", self.phone)
        form.addRow("Inquiry", kind)
        form.addRow("Amount", self.amount)
        form.addRow("Notes", self.notes)

        self._build_matches()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            "Create lead", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        self.create_button.setEnabled(False)  # until the inquiry types are loaded
        self.buttons.accepted.connect(self.create_lead)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(form)
        layout.addWidget(self.matches_panel)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        # The dialog grows by itself (see _fit) when the warning or an error appears,
        # rather than through a minimum size the layout would push onto the window.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.resize(self.sizeHint())

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.look_for_matches)
        for edit in (self.first_name, self.last_name, self.email, self.phone):
            edit.textChanged.connect(self._debounce.start)
        run_in_background(
            lambda: form_choices(ctx),
            while_alive(self, self._got_choices),
            while_alive(self, self._load_failed),
        )

    def _build_matches(self) -> None:
        self.matches_panel = QFrame()
        self.matches_panel.setObjectName("matches")
        warn = tone("warn")
        self.matches_panel.setStyleSheet(
            f"QFrame#matches {{ border: 1px solid {warn.name()}; border-radius: 6px;"
            f" background: rgba({warn.red()}, {warn.green()}, {warn.blue()}, 28); }}"
        )
        self.matches_title = QLabel()
        self.matches_title.setWordWrap(True)
        self.matches_model: RowsModel[SimilarContact] = RowsModel(
            [
                Column("Name", lambda m: m.name, lambda m: f"Match {m.score}%", bold=_strong),
                Column("Why", lambda m: m.reason, lambda m: m.reason),
                Column("Email and phone", _points, _points),
            ],
            self,
        )
        self.matches_view = table_view(self.matches_model, stretch=2)
        self.matches_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.matches_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches_view.doubleClicked.connect(lambda _i: self.open_existing())
        self.open_button = QPushButton("Open this contact")
        self.open_button.setToolTip("Don't create anything; show the contact who is already here")
        self.open_button.clicked.connect(self.open_existing)
        self.add_button = QPushButton("Add the lead to this contact")
        self.add_button.setToolTip("Create the inquiry on the existing contact, not a new one")
        self.add_button.clicked.connect(self.add_to_existing)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.open_button)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self.matches_panel)
        layout.addWidget(self.matches_title)
        layout.addWidget(self.matches_view)
        layout.addLayout(row)
        self.matches_panel.setVisible(False)

    # --- choices --------------------------------------------------------------------

    def _got_choices(self, choices: FormChoices) -> None:
        for choice in choices.inquiry_types:
            self.type_box.addItem(choice.name, choice.key)
        self.source_box.addItem("— not set —", None)
        for choice in choices.sources:
            self.source_box.addItem(choice.name, choice.key)
        self.source_box.setCurrentIndex(max(self.source_box.findData(DEFAULT_SOURCE), 0))
        self.create_button.setEnabled(bool(choices.inquiry_types))
        if not choices.inquiry_types:
            self._show_error("No inquiry types are active; add one in Settings first.")

    def _load_failed(self, error: BaseException) -> None:
        report_failure(self, error)

    # --- likely existing contact ----------------------------------------------------

    def look_for_matches(self) -> None:
        """Ask (in the background) who the person typed so far may already be."""
        first, last = self.first_name.text(), self.last_name.text()
        email, phone = self.email.text(), self.phone.text()
        query = self._latest_query = next(self._queries)
        if not any(text.strip() for text in (first, last, email, phone)):
            self._show_matches(query, [])
            return
        ctx = self._ctx
        run_in_background(
            lambda: similar_contacts(ctx, first, last, email, phone, limit=MATCH_LIMIT),
            while_alive(self, lambda found: self._show_matches(query, found)),
            lambda _error: None,  # a hint that failed is no reason to interrupt the typing
        )

    def _show_matches(self, query: int, found: list[SimilarContact]) -> None:
        if query != self._latest_query:
            return  # the broker typed more since this was asked
        self.matches_model.set_rows(found)
        if found:
            self.matches_view.setCurrentIndex(self.matches_model.index(0, 0))
            view = self.matches_view
            rows = sum(view.sizeHintForRow(r) for r in range(len(found)))
            view.setFixedHeight(rows + view.header().sizeHint().height() + 2 * view.frameWidth())
            who = "this person" if len(found) == 1 else "one of these people"
            self.matches_title.setText(f"<b>Already here?</b> This may be {who}:")
        self.matches_panel.setVisible(bool(found))
        self._fit()

    def selected_match(self) -> SimilarContact | None:
        return selected_row(self.matches_view, self.matches_model)

    def open_existing(self) -> None:
        match = self.selected_match()
        if match is None:
            return
        self.opened_existing_contact_id = match.contact_id
        self.accept()

    # --- creating -------------------------------------------------------------------

    def _inquiry(self, contact_id: int) -> InquiryInput:
        amount: Decimal | None = parse_money(self.amount.text(), "Amount")
        return InquiryInput(
            contact_id=contact_id,
            type_key=str(self.type_box.currentData()),
            source_key=self.source_box.currentData(),
            amount=amount,
            notes=self.notes.toPlainText().strip(),
        )

    def create_lead(self) -> None:
        """Create the contact (or reuse one with the same email/phone) and the inquiry."""
        if self._busy or not self.create_button.isEnabled():
            return
        try:
            inquiry = self._inquiry(0)
        except ValueError as exc:
            self._show_error(str(exc))
            return
        email, phone = self.email.text().strip(), self.phone.text().strip()
        contact = ContactInput(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            emails=(email,) if email else (),
            phones=(phone,) if phone else (),
        )
        ctx = self._ctx
        self._start()
        run_in_background(
            lambda: add_lead(ctx, contact, inquiry),
            while_alive(self, self._created),
            while_alive(self, self._failed),
        )

    def add_to_existing(self) -> None:
        match = self.selected_match()
        if match is None or self._busy:
            return
        try:
            inquiry = self._inquiry(match.contact_id)
        except ValueError as exc:
            self._show_error(str(exc))
            return
        ctx = self._ctx
        self._start()
        run_in_background(
            lambda: create_inquiry(ctx, inquiry),
            while_alive(self, self._added),
            while_alive(self, self._failed),
        )

    def _start(self) -> None:
        self._busy = True
        self._show_error("")
        self.create_button.setEnabled(False)

    def _created(self, lead: NewLead) -> None:
        self._busy = False
        self.created_inquiry_id = lead.inquiry.id
        self.created_contact_id = lead.contact.id
        self.accept()

    def _added(self, inquiry: InquiryView) -> None:
        self._busy = False
        self.created_inquiry_id = inquiry.id
        self.created_contact_id = inquiry.contact_id
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.create_button.setEnabled(True)
        if isinstance(error, LeadkeeperError):
            self._show_error(str(error))  # the service's words: bad email, no name, ...
        else:
            report_failure(self, error)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setStyleSheet(f"color: {tone('bad').name()}")
        self.error_label.setVisible(bool(text))
        self._fit()

    def _fit(self) -> None:
        """Take the height the content needs now (more with the warning, less without)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        self.resize(max(self.width(), layout.sizeHint().width()), layout.sizeHint().height())
