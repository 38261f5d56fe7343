"""The lead detail as the broker uses it: every section, tasks, documents, logging, edits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QPalette, QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.services.contacts import get_contact, set_consent
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import (
    create_inquiry,
    get_inquiry,
    inquiry_input,
    move_stage,
    update_inquiry,
)
from app.services.interactions import log_interaction
from app.services.leads import add_lead
from app.services.tasks import add_task, get_task, inquiry_tasks
from ui.background import TASKS, Changes
from ui.detail import LeadDetailPanel, checklist_tab, open_lead_window, when_dialog
from ui.detail.ops import while_alive
from ui.detail.panel import GONE_TEXT


def make_demo_lead(ctx: ServiceContext, clock: FixedClock) -> int:
    """A purchase that has lived a little: two stages, a call, a document asked for, an
    older funded refinance for the same person, consent on email."""
    start = clock.now()
    clock.set(start - timedelta(days=400))
    lead = add_lead(
        ctx,
        ContactInput(
            first_name="Maria",
            last_name="Gonzalez",
            emails=("maria.gonzalez@example.com", "maria@work.example"),
            phones=("(416) 555-0142", "647 555 0199"),
            address_line1="12 Queen St W",
            city="Toronto",
            region="ON",
        ),
        InquiryInput(contact_id=0, type_key="refinance", amount=Decimal(420000)),
    )
    set_consent(ctx, lead.contact.id, "email", "express", "web form")
    move_stage(ctx, lead.inquiry.id, "funded", outcome="First National 4.59%")
    clock.set(start - timedelta(days=3, hours=4))
    purchase = create_inquiry(
        ctx,
        InquiryInput(
            contact_id=lead.contact.id,
            type_key="purchase",
            source_key="referral_partner",
            amount=Decimal(650000),
            property_value=Decimal(812500),
            notes="Pre-approval for a semi in Leslieville",
        ),
    )
    clock.set(start - timedelta(days=1))
    log_interaction(
        ctx, contact_id=lead.contact.id, inquiry_id=purchase.id, kind="call",
        direction="outbound", summary="Discovery call", body="Income 140k, 20% down",
    )  # fmt: skip
    move_stage(ctx, purchase.id, "contacted")
    clock.set(start)
    return purchase.id


@pytest.fixture
def changes() -> Changes:
    return Changes()


@pytest.fixture
def undo_stack() -> Iterator[QUndoStack]:
    stack = QUndoStack()
    yield stack
    stack.clear()


@pytest.fixture
def lead_id(ctx: ServiceContext, clock: FixedClock) -> int:
    return make_demo_lead(ctx, clock)


@pytest.fixture
def panel(
    ctx: ServiceContext, changes: Changes, undo_stack: QUndoStack, lead_id: int, qtbot: QtBot
) -> LeadDetailPanel:
    widget = LeadDetailPanel(ctx, changes, undo_stack)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.show_inquiry(lead_id)
    return widget


def plain(label: QLabel) -> str:
    """A label's text with the non-breaking spaces that keep its parts whole as spaces."""
    return label.text().replace("\u00a0", " ")


def column(model: object, col: int) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]  # type: ignore[attr-defined]


def select_row(view: object, model: object, col: int, text: str) -> None:
    rows = column(model, col)
    view.setCurrentIndex(model.index(rows.index(text), 0))  # type: ignore[attr-defined]


# --- what is shown -------------------------------------------------------------------


def test_every_section_shows_the_inquiry(panel: LeadDetailPanel, lead_id: int) -> None:
    header = panel.header
    assert panel.stack.currentWidget() is panel.content
    assert header.name_label.text() == "Maria Gonzalez"
    assert "Purchase" in plain(header.summary_label)
    assert "Contacted" in plain(header.summary_label)
    assert "$650,000" in plain(header.summary_label)
    assert "Owner: Me" in plain(header.summary_label)
    assert "First response" in plain(header.dates_label)
    assert header.dnc_badge.isHidden()
    score = get_inquiry(panel.ops.ctx, lead_id).score
    assert header.score_button.text() == f"Score {score}  ▸"
    assert "Type and timeline" in header.score_button.toolTip()
    header.score_button.click()
    assert header.breakdown.isVisible() and "Checklist progress" in header.breakdown.text()

    box = panel.contact_box
    assert "maria@work.example" in box.emails_label.text()
    assert "+1 416-555-0142" in box.phones_label.text()
    assert "+1 647-555-0199" in box.phones_label.text()
    assert "Toronto" in box.address_label.text()
    assert box.consent_boxes["email"].currentData() == "express"
    assert box.consent_boxes["sms"].currentData() == "none"
    assert "Refinance" in box.others_label.text() and "Funded" in box.others_label.text()

    form = panel.inquiry_form
    assert form.type_box.currentData() == "purchase"
    assert form.source_box.currentData() == "referral_partner"
    assert form.amount.text() == "650,000"
    assert form.property_value.text() == "812,500"
    assert form.notes.toPlainText() == "Pre-approval for a semi in Leslieville"
    assert not form.save_button.isEnabled()

    assert [panel.tabs.tabText(i).split(" (")[0] for i in range(4)] == [
        "Timeline", "Tasks", "Documents", "Stage history",
    ]  # fmt: skip
    assert panel.timeline_tab.model.rows[0].summary == "Discovery call"
    assert panel.tasks_tab.model.rowCount() >= 1
    assert "Government-issued photo ID" in column(panel.checklist_tab.model, 0)
    assert set(column(panel.checklist_tab.model, 1)) == {"Missing"}
    assert column(panel.history_tab.model, 0) == ["New", "Contacted"]
    assert column(panel.history_tab.model, 3) == ["2 d 4 h", "1 d"]
    assert column(panel.history_tab.model, 2)[1] == "still here"


def test_do_not_contact_shows_a_red_badge(
    ctx: ServiceContext, changes: Changes, undo_stack: QUndoStack, qtbot: QtBot
) -> None:
    lead = add_lead(
        ctx, ContactInput("Dan", "Nocall", do_not_contact=True),
        InquiryInput(contact_id=0, type_key="renewal"),
    )  # fmt: skip
    widget = LeadDetailPanel(ctx, changes, undo_stack)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_inquiry(lead.inquiry.id)
    badge = widget.header.dnc_badge
    assert badge.isVisible() and badge.text() == "Do not contact"
    assert "#b3261e" in badge.styleSheet() or "#ff7b72" in badge.styleSheet()
    assert widget.contact_box.dnc_label.isVisible()


def test_a_missing_inquiry_says_so(panel: LeadDetailPanel) -> None:
    panel.show_inquiry(9999)
    assert panel.stack.currentWidget() is panel.message
    assert panel.message.text() == GONE_TEXT


def test_changes_elsewhere_refresh_the_panel(
    panel: LeadDetailPanel, changes: Changes, ctx: ServiceContext, lead_id: int
) -> None:
    before = panel.tasks_tab.model.rowCount()
    contact_id = get_inquiry(ctx, lead_id).contact_id
    add_task(ctx, inquiry_id=lead_id, kind="call", title="Call about the appraisal",
             due_at=ctx.clock.now() + timedelta(days=2))  # fmt: skip
    assert panel.tasks_tab.model.rowCount() == before  # nobody said anything changed yet
    changes.announce(TASKS)
    assert panel.tasks_tab.model.rowCount() == before + 1
    assert contact_id == panel.detail.contact.id  # type: ignore[union-attr]


# --- tasks ---------------------------------------------------------------------------


def test_complete_a_task_then_undo(
    panel: LeadDetailPanel, undo_stack: QUndoStack, ctx: ServiceContext, lead_id: int
) -> None:
    tab = panel.tasks_tab
    panel.tabs.setCurrentWidget(tab)
    task = tab.model.rows[0]
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    tab.complete_button.click()
    assert get_task(ctx, task.id).state == "done"
    assert task.id not in [t.id for t in tab.model.rows]
    assert undo_stack.undoText().startswith("Complete")
    undo_stack.undo()
    assert get_task(ctx, task.id).state == "open"
    assert task.id in [t.id for t in tab.model.rows]


def test_snooze_15_minutes_and_tomorrow_then_undo(
    panel: LeadDetailPanel, undo_stack: QUndoStack, ctx: ServiceContext, clock: FixedClock
) -> None:
    clock.tz = ZoneInfo("America/Toronto")  # the broker's 9:00 is 14:00 UTC in March
    tab = panel.tasks_tab
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    task = tab.selected_task()
    assert task is not None
    original = task.due_at
    tab.snooze_selected(timedelta(minutes=15))
    assert get_task(ctx, task.id).due_at == clock.now() + timedelta(minutes=15)
    tab.view.setCurrentIndex(tab.model.index([t.id for t in tab.model.rows].index(task.id), 0))
    tab.snooze_until_tomorrow()
    assert get_task(ctx, task.id).due_at == datetime(2026, 3, 3, 14, 0, tzinfo=UTC)
    undo_stack.undo()
    assert get_task(ctx, task.id).due_at == clock.now() + timedelta(minutes=15)
    undo_stack.undo()
    assert get_task(ctx, task.id).due_at == original


def test_snooze_menu_offers_the_four_choices(panel: LeadDetailPanel) -> None:
    texts = [a.text() for a in panel.tasks_tab.snooze_menu.actions()]
    assert texts == ["15 minutes", "1 hour", "Tomorrow 9:00", "Pick a date…"]


def test_pick_a_date_and_reschedule(
    panel: LeadDetailPanel, undo_stack: QUndoStack, ctx: ServiceContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    picked = datetime(2026, 3, 9, 10, 30, tzinfo=UTC)
    monkeypatch.setattr(when_dialog, "ask_moment", lambda *args, **kwargs: picked)
    tab = panel.tasks_tab
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    task = tab.selected_task()
    assert task is not None
    tab.snooze_until_picked()
    assert get_task(ctx, task.id).due_at == picked
    earlier = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)  # rescheduling may back-date
    monkeypatch.setattr(when_dialog, "ask_moment", lambda *args, **kwargs: earlier)
    tab.view.setCurrentIndex(tab.model.index([t.id for t in tab.model.rows].index(task.id), 0))
    tab.reschedule_selected()
    assert get_task(ctx, task.id).due_at == earlier
    assert tab.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # overdue
    undo_stack.undo()
    assert get_task(ctx, task.id).due_at == picked


def test_the_pick_a_date_dialog_returns_local_time(qtbot: QtBot) -> None:
    tz = ZoneInfo("America/Toronto")
    dialog = when_dialog.WhenDialog(
        "Snooze until", "When?", datetime(2026, 3, 3, 14, 0, tzinfo=UTC), tz
    )
    qtbot.addWidget(dialog)
    assert dialog.moment() == datetime(2026, 3, 3, 9, 0, tzinfo=tz)


# --- timeline ------------------------------------------------------------------------


def test_log_a_call_sets_first_response_and_shows_on_the_timeline(
    ctx: ServiceContext, changes: Changes, undo_stack: QUndoStack, qtbot: QtBot,
    clock: FixedClock,
) -> None:  # fmt: skip
    lead = add_lead(
        ctx, ContactInput("Bob", "Newman"), InquiryInput(contact_id=0, type_key="purchase")
    )
    widget = LeadDetailPanel(ctx, changes, undo_stack)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_inquiry(lead.inquiry.id)
    assert "No response yet" in plain(widget.header.dates_label)
    assert widget.timeline_tab.stack.currentWidget() is widget.timeline_tab.empty
    clock.advance(timedelta(minutes=6))

    tab = widget.timeline_tab
    tab.kind_buttons["call"].click()
    tab.outbound.click()
    qtbot.keyClicks(tab.summary, "Left a voicemail")
    qtbot.mouseClick(tab.log_button, Qt.MouseButton.LeftButton)

    assert get_inquiry(ctx, lead.inquiry.id).first_response_at == clock.now()
    assert "First response" in plain(widget.header.dates_label)
    assert "(6 min)" in plain(widget.header.dates_label)
    assert [(e.kind, e.direction, e.summary) for e in tab.model.rows] == [
        ("call", "outbound", "Left a voicemail")
    ]
    assert tab.summary.text() == "" and tab.feedback.text().startswith("Logged")


def test_an_inbound_reply_stops_the_new_lead_cadence(
    ctx: ServiceContext, changes: Changes, undo_stack: QUndoStack, qtbot: QtBot,
    clock: FixedClock,
) -> None:  # fmt: skip
    lead = add_lead(
        ctx, ContactInput("Cara", "Quinn"), InquiryInput(contact_id=0, type_key="purchase")
    )
    widget = LeadDetailPanel(ctx, changes, undo_stack)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_inquiry(lead.inquiry.id)
    assert "Call new lead now" in [t.title for t in widget.tasks_tab.model.rows]
    clock.advance(timedelta(hours=2))
    tab = widget.timeline_tab
    tab.kind_buttons["email"].click()
    tab.inbound.click()
    assert tab.log_button.text() == "Log email"
    qtbot.keyClicks(tab.summary, "Replied: call me after 5")
    qtbot.keyClick(tab.summary, Qt.Key.Key_Return)
    assert "Call new lead now" not in [t.title for t in widget.tasks_tab.model.rows]
    assert get_inquiry(ctx, lead.inquiry.id).cadence_stop_reason != ""
    assert tab.model.rows[0].direction == "inbound"


def test_a_note_is_internal(panel: LeadDetailPanel, ctx: ServiceContext) -> None:
    tab = panel.timeline_tab
    tab.kind_buttons["note"].click()
    assert not tab.inbound.isEnabled()
    tab.summary.setText("Prefers texts")
    tab.log()
    assert (tab.model.rows[0].kind, tab.model.rows[0].direction) == ("note", "internal")


# --- documents -----------------------------------------------------------------------


def doc_status(panel: LeadDetailPanel, name: str) -> str:
    tab = panel.checklist_tab
    return column(tab.model, 1)[column(tab.model, 0).index(name)]


def test_request_receive_and_waive_documents_with_undo(
    panel: LeadDetailPanel, undo_stack: QUndoStack
) -> None:
    tab = panel.checklist_tab
    pay = "Two most recent pay stubs"
    select_row(tab.view, tab.model, 0, pay)
    tab.buttons["requested"].click()
    assert doc_status(panel, pay) == "Requested"
    assert tab.selected_item() is not None and tab.selected_item().name == pay  # type: ignore[union-attr]
    assert not tab.buttons["requested"].isEnabled()
    nags = [t.title for t in panel.tasks_tab.model.rows if t.checklist_item_id is not None]
    assert any("pay stubs" in title for title in nags)  # a reminder to chase it follows
    tab.buttons["received"].click()
    assert doc_status(panel, pay) == "Received"
    gift = "Gift letter (if part of the down payment is a gift)"
    select_row(tab.view, tab.model, 0, gift)
    tab.buttons["waived"].click()
    assert doc_status(panel, gift) == "Waived"
    assert tab.summary.text().startswith("2 of ")
    assert "missing" in panel.tabs.tabText(2)
    undo_stack.undo()
    assert doc_status(panel, gift) == "Missing"
    assert doc_status(panel, pay) == "Received"


def test_note_and_linked_file_on_a_document(
    panel: LeadDetailPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    statement = tmp_path / "bank-statement-feb.pdf"
    statement.write_bytes(b"%PDF-1.4")
    opened: list[QUrl] = []
    monkeypatch.setattr(checklist_tab, "choose_file", lambda *args: str(statement))
    monkeypatch.setattr(checklist_tab, "ask_note", lambda *args: "Feb and March only")
    monkeypatch.setattr(checklist_tab.QDesktopServices, "openUrl", opened.append)
    tab = panel.checklist_tab
    name = "Bank statements (last 90 days)"
    select_row(tab.view, tab.model, 0, name)
    tab.edit_note()
    tab.link_file()
    row = column(tab.model, 0).index(name)
    assert tab.model.index(row, 3).data() == "Feb and March only"
    assert tab.model.index(row, 4).data() == "bank-statement-feb.pdf"
    assert tab.model.index(row, 1).data() == "Received"  # a file in hand: it arrived
    tab.view.doubleClicked.emit(tab.model.index(row, 4))
    assert opened == [QUrl.fromLocalFile(str(statement))]


# --- editing -------------------------------------------------------------------------


def test_edit_fields_save_and_undo(
    panel: LeadDetailPanel, undo_stack: QUndoStack, ctx: ServiceContext, lead_id: int,
    qtbot: QtBot,
) -> None:  # fmt: skip
    form = panel.inquiry_form
    form.amount.clear()
    qtbot.keyClicks(form.amount, "700,000")
    form.address.clear()
    qtbot.keyClicks(form.address, "88 Curzon St, Toronto")
    form.priority_box.setCurrentIndex(form.priority_box.findData("high"))
    form.target_close.check.setChecked(True)
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    stored = get_inquiry(ctx, lead_id)
    assert stored.amount == Decimal(700000)
    assert stored.property_address == "88 Curzon St, Toronto"
    assert stored.priority == "high" and stored.target_close_date is not None
    assert not form.save_button.isEnabled()
    assert "$700,000" in plain(panel.header.summary_label)

    undo_stack.undo()
    stored = get_inquiry(ctx, lead_id)
    assert stored.amount == Decimal(650000) and stored.property_address == ""
    assert stored.target_close_date is None
    assert form.amount.text() == "650,000"
    undo_stack.redo()
    assert get_inquiry(ctx, lead_id).amount == Decimal(700000)


def test_a_bad_amount_is_explained_inline_and_nothing_is_saved(
    panel: LeadDetailPanel, ctx: ServiceContext, lead_id: int, qtbot: QtBot
) -> None:
    form = panel.inquiry_form
    form.amount.clear()
    qtbot.keyClicks(form.amount, "999999999999")
    form.save()
    assert form.error_label.isVisible() and "too large" in form.error_label.text()
    assert get_inquiry(ctx, lead_id).amount == Decimal(650000)
    assert form.save_button.isEnabled()  # the edit is still there to fix


def test_unsaved_edits_survive_a_refresh(
    panel: LeadDetailPanel, changes: Changes, qtbot: QtBot
) -> None:
    form = panel.inquiry_form
    qtbot.keyClicks(form.address, "1 Yonge St")
    changes.announce(TASKS)
    assert form.address.text() == "1 Yonge St" and form.dirty
    form.revert_button.click()
    assert form.address.text() == ""


def test_changing_the_owner_is_immediate_and_undoable(
    panel: LeadDetailPanel, undo_stack: QUndoStack, ctx: ServiceContext, lead_id: int
) -> None:
    box = panel.inquiry_form.owner_box
    box.setCurrentIndex(box.findData(None))
    box.activated.emit(box.currentIndex())
    assert get_inquiry(ctx, lead_id).owner_id is None
    assert "Owner: unassigned" in plain(panel.header.summary_label)
    undo_stack.undo()
    assert get_inquiry(ctx, lead_id).owner_name == "Me"


def test_consent_change_is_saved_and_undoable(
    panel: LeadDetailPanel, undo_stack: QUndoStack, ctx: ServiceContext
) -> None:
    assert panel.detail is not None
    contact_id = panel.detail.contact.id
    sms = panel.contact_box.consent_boxes["sms"]
    sms.setCurrentIndex(sms.findData("express"))
    levels = {c.channel: c.level for c in get_contact(ctx, contact_id).consents}
    assert levels["sms"] == "express"
    undo_stack.undo()
    levels = {c.channel: c.level for c in get_contact(ctx, contact_id).consents}
    assert levels["sms"] == "none"
    assert sms.currentData() == "none"


def test_a_stale_update_elsewhere_is_shown_after_refresh(
    panel: LeadDetailPanel, changes: Changes, ctx: ServiceContext, lead_id: int
) -> None:

    update_inquiry(ctx, lead_id, replace(inquiry_input(ctx, lead_id), amount=Decimal(1)))
    changes.announce(TASKS)
    assert panel.inquiry_form.amount.text() == "1"


# --- other inquiries and the window ----------------------------------------------------


def test_other_inquiry_link_opens_it(panel: LeadDetailPanel, ctx: ServiceContext) -> None:
    assert panel.detail is not None
    other = panel.detail.other_inquiries[0]
    panel.contact_box.others_label.linkActivated.emit(f"inquiry:{other.id}")
    assert panel.inquiry_id == other.id
    assert plain(panel.header.summary_label).startswith("Refinance")


def test_open_contact_link_emits_the_contact(panel: LeadDetailPanel, qtbot: QtBot) -> None:
    assert panel.detail is not None
    with qtbot.waitSignal(panel.open_contact) as signal:
        panel.contact_box.open_label.linkActivated.emit("contact")
    assert signal.args == [panel.detail.contact.id]


def test_lead_window_is_one_per_inquiry(
    ctx: ServiceContext, changes: Changes, undo_stack: QUndoStack, lead_id: int, qtbot: QtBot
) -> None:
    window = open_lead_window(ctx, changes, undo_stack, lead_id, None)
    qtbot.addWidget(window)
    assert window.windowTitle().startswith("Maria Gonzalez — Purchase")
    assert open_lead_window(ctx, changes, undo_stack, lead_id, None) is window
    assert window.panel.inquiry_id == lead_id
    assert inquiry_tasks(ctx, lead_id)


def test_an_answer_for_a_closed_window_is_dropped(qtbot: QtBot) -> None:
    """A detail load may finish after its window was closed (and deleted)."""
    seen: list[object] = []
    widget = QWidget()
    callback = while_alive(widget, seen.append)
    callback(1)
    shiboken6.delete(widget)
    callback(2)
    assert seen == [1]


def test_a_closed_lead_window_opens_afresh(
    ctx: ServiceContext, changes: Changes, undo_stack: QUndoStack, lead_id: int, qtbot: QtBot
) -> None:
    first = open_lead_window(ctx, changes, undo_stack, lead_id, None)
    qtbot.addWidget(first)
    first.close()
    second = open_lead_window(ctx, changes, undo_stack, lead_id, None)
    qtbot.addWidget(second)
    assert second is not first and second.isVisible()
    assert second.panel.detail is not None


def test_badges_follow_a_switch_to_a_dark_palette(
    panel: LeadDetailPanel, qapp: QApplication
) -> None:
    light = panel.header.status_badge.styleSheet()
    original = qapp.palette()
    dark = QPalette(original)
    for role, color in (
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Window, "#2b2b2b"),
    ):
        dark.setColor(role, QColor(color))
    try:
        qapp.setPalette(dark)
        qapp.processEvents()
        assert panel.header.status_badge.styleSheet() != light
        assert "#10141a" in panel.header.status_badge.styleSheet()  # dark text on a light badge
    finally:
        qapp.setPalette(original)
        qapp.processEvents()
    assert panel.header.status_badge.styleSheet() == light
