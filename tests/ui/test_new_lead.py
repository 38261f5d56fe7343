"""The New lead dialog: creating a lead, and noticing the person may already be here."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.db.models import Contact, Inquiry
from app.services.contacts import get_contact, update_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput
from app.services.inquiries import get_inquiry
from ui.dialogs import new_lead_dialog
from ui.dialogs.new_lead_dialog import DEBOUNCE_MS, NewLeadDialog


def count(ctx: ServiceContext, model: type) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def dialog(seeded: ServiceContext, qtbot: QtBot) -> NewLeadDialog:
    """The dialog over the UI test data (Ann Oldfield, ann@example.com, Bob Newman, ...)."""
    widget = NewLeadDialog(seeded)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def wait_for_matches(qtbot: QtBot, dialog: NewLeadDialog) -> None:
    qtbot.waitUntil(dialog.matches_panel.isVisible, timeout=DEBOUNCE_MS * 10)


def test_create_a_lead_by_typing(
    dialog: NewLeadDialog, seeded: ServiceContext, qtbot: QtBot
) -> None:
    assert [dialog.type_box.itemData(i) for i in range(3)] == ["purchase", "refinance", "renewal"]
    qtbot.keyClicks(dialog.first_name, "Priya")
    qtbot.keyClicks(dialog.last_name, "Raman")
    qtbot.keyClicks(dialog.email, "Priya.Raman@Example.com")
    qtbot.keyClicks(dialog.phone, "(416) 555-0177")
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("pre_approval"))
    dialog.source_box.setCurrentIndex(dialog.source_box.findData("website_form"))
    qtbot.keyClicks(dialog.amount, "560,000")
    qtbot.keyClicks(dialog.notes, "First home, condo")
    contacts = count(seeded, Contact)

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.created_inquiry_id is not None and dialog.opened_existing_contact_id is None
    inquiry = get_inquiry(seeded, dialog.created_inquiry_id)
    assert inquiry.contact_name == "Priya Raman"
    assert (inquiry.type_key, inquiry.source_key) == ("pre_approval", "website_form")
    assert inquiry.amount == Decimal(560000)
    contact = get_contact(seeded, inquiry.contact_id)
    assert contact.emails == ("priya.raman@example.com",)
    assert contact.phones == ("+14165550177",)
    assert count(seeded, Contact) == contacts + 1


def test_typing_is_debounced_into_one_lookup(
    dialog: NewLeadDialog, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str]] = []
    real = new_lead_dialog.similar_contacts

    def spy(ctx: ServiceContext, first: str, last: str, *args: object, **kwargs: object) -> object:
        calls.append((first, last))
        return real(ctx, first, last, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(new_lead_dialog, "similar_contacts", spy)
    qtbot.keyClicks(dialog.first_name, "Ann")
    qtbot.keyClicks(dialog.last_name, "Oldfeld")  # a typo
    assert calls == []  # nothing asked while typing
    wait_for_matches(qtbot, dialog)
    assert calls == [("Ann", "Oldfeld")]
    assert dialog.matches_model.rows[0].name == "Ann Oldfield"
    assert dialog.matches_model.rows[0].reason == "similar name"


@pytest.mark.parametrize(
    ("field", "text", "reason"),
    [
        ("email", "ANN@Example.com", "same email"),
        ("phone", "555 0101", ""),  # Ann has no phone: nobody
    ],
)
def test_email_in_any_case_matches_and_an_unknown_phone_does_not(
    dialog: NewLeadDialog, qtbot: QtBot, field: str, text: str, reason: str
) -> None:
    qtbot.keyClicks(dialog.first_name, "A")
    qtbot.keyClicks(dialog.last_name, "Somebody")
    qtbot.keyClicks(getattr(dialog, field), text)
    if reason:
        wait_for_matches(qtbot, dialog)
        assert [(m.name, m.reason) for m in dialog.matches_model.rows] == [("Ann Oldfield", reason)]
    else:
        qtbot.wait(DEBOUNCE_MS * 2)
        assert not dialog.matches_panel.isVisible()


def test_a_phone_number_already_here_is_recognised(seeded: ServiceContext, qtbot: QtBot) -> None:
    bob = next(
        c for c in (get_contact(seeded, i) for i in range(1, 5)) if c.full_name == "Bob Newman"
    )
    update_contact(seeded, bob.id, ContactInput("Bob", "Newman", phones=("416-555-0111",)))
    dialog = NewLeadDialog(seeded)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.phone, "555-0111")
    wait_for_matches(qtbot, dialog)
    match = dialog.matches_model.rows[0]
    assert (match.name, match.reason) == ("Bob Newman", "phone ends in the same 7 digits")
    assert "Already here?" in dialog.matches_title.text()


def test_open_this_contact_instead_creates_nothing(
    dialog: NewLeadDialog, seeded: ServiceContext, qtbot: QtBot
) -> None:
    inquiries = count(seeded, Inquiry)
    qtbot.keyClicks(dialog.first_name, "Oldfield")  # first and last swapped
    qtbot.keyClicks(dialog.last_name, "Ann")
    wait_for_matches(qtbot, dialog)
    ann_id = dialog.matches_model.rows[0].contact_id
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.opened_existing_contact_id == ann_id
    assert dialog.created_inquiry_id is None
    assert count(seeded, Inquiry) == inquiries


def test_add_the_lead_to_the_existing_contact(
    dialog: NewLeadDialog, seeded: ServiceContext, qtbot: QtBot
) -> None:
    contacts = count(seeded, Contact)
    qtbot.keyClicks(dialog.first_name, "Ann")
    qtbot.keyClicks(dialog.last_name, "Oldfield")
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("renewal"))
    wait_for_matches(qtbot, dialog)
    ann_id = dialog.matches_model.rows[0].contact_id
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.created_inquiry_id is not None
    inquiry = get_inquiry(seeded, dialog.created_inquiry_id)
    assert (inquiry.contact_id, inquiry.type_key) == (ann_id, "renewal")
    assert count(seeded, Contact) == contacts


def test_a_bad_email_is_explained_inline_and_nothing_is_created(
    dialog: NewLeadDialog, seeded: ServiceContext, qtbot: QtBot
) -> None:
    contacts, inquiries = count(seeded, Contact), count(seeded, Inquiry)
    qtbot.keyClicks(dialog.first_name, "Zoe")
    qtbot.keyClicks(dialog.last_name, "Park")
    qtbot.keyClicks(dialog.email, "zoe.park@")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_label.isVisible()
    assert "not a valid email address" in dialog.error_label.text()
    assert (count(seeded, Contact), count(seeded, Inquiry)) == (contacts, inquiries)
    assert dialog.created_inquiry_id is None
    dialog.email.setText("zoe.park@example.com")  # fix it and go on
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert count(seeded, Contact) == contacts + 1


def test_a_lead_needs_a_name(dialog: NewLeadDialog, seeded: ServiceContext, qtbot: QtBot) -> None:
    inquiries = count(seeded, Inquiry)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "needs a first or a last name" in dialog.error_label.text()
    assert count(seeded, Inquiry) == inquiries and dialog.isVisible()
