"""Getting from a person to their lead: New lead (Ctrl+N), and opening a contact.

Opening a contact shows their latest inquiry (the latest active one first); a contact
with no inquiry yet is offered a new one of a type the broker picks.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from app.services.contact_query import ContactInquiry, latest_inquiry
from app.services.context import ServiceContext
from app.services.dto import InquiryInput, InquiryView
from app.services.inquiries import create_inquiry
from app.services.settings_pipeline import TypeRow, list_inquiry_types
from ui.background import CONTACTS, INQUIRIES, TASKS, Changes, report_failure, run_in_background
from ui.dialogs.new_lead_dialog import NewLeadDialog


class LeadOpener(QObject):
    """Emits `open_inquiry` with the inquiry to show in the detail."""

    open_inquiry = Signal(int)

    def __init__(self, ctx: ServiceContext, changes: Changes, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._changes = changes
        self._parent = parent
        self.dialog: NewLeadDialog | None = None

    # --- new lead -----------------------------------------------------------------------

    def new_lead(self) -> NewLeadDialog:
        """Open the New lead dialog (not modal to the event loop: tests can drive it)."""
        dialog = NewLeadDialog(self._ctx, self._parent)
        dialog.accepted.connect(lambda: self._new_lead_done(dialog))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _new_lead_done(self, dialog: NewLeadDialog) -> None:
        if dialog.created_inquiry_id is not None:
            self._changes.announce(CONTACTS, INQUIRIES, TASKS)
            self.open_inquiry.emit(dialog.created_inquiry_id)
        elif dialog.opened_existing_contact_id is not None:
            self.open_contact(dialog.opened_existing_contact_id)

    # --- opening a contact --------------------------------------------------------------

    def open_contact(self, contact_id: int) -> None:
        ctx = self._ctx
        run_in_background(
            lambda: latest_inquiry(ctx, contact_id),
            self._got_latest,
            lambda error: report_failure(self._parent, error),
        )

    def _got_latest(self, found: ContactInquiry) -> None:
        if found.inquiry_id is not None:
            self.open_inquiry.emit(found.inquiry_id)
        elif self.ask_create(found.name):
            ctx = self._ctx
            run_in_background(
                lambda: [t for t in list_inquiry_types(ctx) if t.active],
                lambda types: self._pick_type(found, types),
                lambda error: report_failure(self._parent, error),
            )

    def ask_create(self, name: str) -> bool:
        answer = QMessageBox.question(
            self._parent,
            "No inquiry yet",
            f"{name} has no inquiry yet. Add one now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_type(self, name: str, types: list[TypeRow]) -> str | None:
        """The key of the inquiry type picked, or None when cancelled."""
        labels = [t.name for t in types]
        label, ok = QInputDialog.getItem(
            self._parent, "New inquiry", f"What is {name} asking about?", labels, 0, False
        )
        return types[labels.index(label)].key if ok and label in labels else None

    def _pick_type(self, found: ContactInquiry, types: list[TypeRow]) -> None:
        type_key = self.ask_type(found.name, types)
        if type_key is None:
            return
        ctx, data = self._ctx, InquiryInput(contact_id=found.contact_id, type_key=type_key)
        run_in_background(
            lambda: create_inquiry(ctx, data),
            self._created,
            lambda error: report_failure(self._parent, error),
        )

    def _created(self, inquiry: InquiryView) -> None:
        self._changes.announce(CONTACTS, INQUIRIES, TASKS)
        self.open_inquiry.emit(inquiry.id)
