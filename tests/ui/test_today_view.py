"""The Today page as the broker uses it: sections, colours, completing a follow-up."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QKeySequence
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import get_inquiry, move_stage
from app.services.interactions import timeline
from app.services.leads import add_lead
from app.services.tasks import complete_task, get_task
from ui.log_call_dialog import CallLog
from ui.main_window import MainWindow
from ui.today_view import EMPTY_TEXT, TodayModel, TodayView


def section_rows(model: TodayModel, key: str) -> list[tuple[str, str, str, str]]:
    """The visible text of one section's rows (when, contact, what, owner)."""
    row = [s.key for s in model.sections].index(key)
    parent = model.index(row, 0)
    return [
        tuple(model.index(r, c, parent).data() for c in range(4))  # type: ignore[misc]
        for r in range(model.rowCount(parent))
    ]


def headers(model: TodayModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def select(view: TodayView, section_key: str, contact: str) -> None:
    model = view.model
    section = [s.key for s in model.sections].index(section_key)
    parent = model.index(section, 0)
    for r in range(model.rowCount(parent)):
        if model.index(r, 1, parent).data() == contact:
            view.tree.setCurrentIndex(model.index(r, 0, parent))
            return
    raise AssertionError(f"{contact} is not in {section_key}")


def test_sections_show_counts_and_rows(window: MainWindow) -> None:
    model = window.today.model
    assert window.today.isVisible()
    assert headers(model) == [
        "Overdue — 2",
        "Due today — 2",
        "Unassigned — 1",
        "Stale warm — 1",
        "Renewals in the next 120 days — 0",
    ]
    overdue = section_rows(model, "overdue")
    assert [(r[0], r[1]) for r in overdue] == [
        ("overdue by 18 d", "Cara Quinn"),
        ("overdue by 5 d", "Ann Oldfield"),
    ]
    assert overdue[1][2] == "Call new lead now"
    due = section_rows(model, "due_today")
    assert {(r[1], r[3]) for r in due} == {("Bob Newman", "Me"), ("Dev Patel", "Unassigned")}
    assert section_rows(model, "unassigned")[0][1:3] == ("Dev Patel", "Renewal · New")
    assert section_rows(model, "stale_warm")[0][1] == "Cara Quinn"
    assert window.today.title.text() == "Today, Monday 2 March 2026"
    assert window.today.stack.currentWidget() is window.today.tree


def test_overdue_is_red_and_due_today_amber(window: MainWindow) -> None:
    model = window.today.model

    def color(section: int) -> QColor:
        parent = model.index(section, 0)
        value = model.index(0, 0, parent).data(Qt.ItemDataRole.ForegroundRole)
        assert isinstance(value, QColor)
        return value

    red, amber = color(0), color(1)
    assert red.red() > 2 * red.green() and red.red() > 2 * red.blue()
    assert amber.red() > amber.blue() and amber.green() > amber.blue()
    assert model.index(2, 0, model.index(2, 0)).data(Qt.ItemDataRole.ForegroundRole) is None


def test_ctrl_enter_completes_task_and_next_cadence_step_appears(
    window: MainWindow, qtbot: QtBot
) -> None:
    view = window.today
    select(view, "due_today", "Bob Newman")
    assert view.complete_button.isEnabled()
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    due = section_rows(view.model, "due_today")
    bob = [r[2] for r in due if r[1] == "Bob Newman"]
    # The call is done; the cadence's same-day introduction email takes its place.
    assert bob == ["Email new lead: introduction and next steps"]
    assert window.statusBar().currentMessage() == "Done: Call new lead now — Bob Newman"
    assert "2 overdue · 2 due today" in window.counts_label.text()


def test_complete_button_completes_overdue_task(window: MainWindow, qtbot: QtBot) -> None:
    view = window.today
    select(view, "overdue", "Ann Oldfield")
    qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)
    assert [r[1] for r in section_rows(view.model, "overdue")] == ["Cara Quinn"]
    assert headers(view.model)[0] == "Overdue — 1"
    # The cursor stays in the section, so the broker can keep going with Ctrl+Enter.
    assert view.selected_row() is not None
    assert view.selected_row().contact == "Cara Quinn"  # type: ignore[union-attr]


def test_complete_is_disabled_for_section_headers_and_inquiries(window: MainWindow) -> None:
    view = window.today
    view.tree.setCurrentIndex(view.model.index(0, 0))  # a header cannot be selected
    assert not view.complete_button.isEnabled()
    select(view, "unassigned", "Dev Patel")
    assert not view.complete_button.isEnabled()
    view.complete_selected()  # the shortcut does nothing there either
    assert headers(view.model)[2] == "Unassigned — 1"


def test_task_done_elsewhere_is_reported_and_list_refreshed(
    window: MainWindow, seeded: ServiceContext, monkeypatch: object
) -> None:
    view = window.today
    select(view, "overdue", "Ann Oldfield")
    task_id = view.selected_row().task_id  # type: ignore[union-attr]
    assert task_id is not None
    complete_task(seeded, task_id)  # e.g. from the command line, meanwhile
    shown: list[str] = []
    monkeypatch.setattr(  # type: ignore[attr-defined]
        "ui.background.QMessageBox.warning", lambda _parent, _title, text: shown.append(text)
    )
    view.complete_selected()
    assert shown and "already done" in shown[0]
    assert [r[1] for r in section_rows(view.model, "overdue")] == ["Cara Quinn"]


def test_empty_database_shows_empty_state(ctx: ServiceContext, qtbot: QtBot) -> None:
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    assert main.today.stack.currentWidget() is main.today.empty_label
    assert main.today.empty_label.isVisible()
    assert main.today.empty_label.text() == EMPTY_TEXT == "No follow-ups due — nice."
    assert main.counts_label.text() == "0 overdue · 0 due today · 0 contacts"


def test_new_day_refreshes_today(window: MainWindow, clock: FixedClock) -> None:
    window.check_day()
    assert headers(window.today.model)[0] == "Overdue — 2"
    clock.advance(timedelta(days=1))
    window.check_day()  # the minute timer's job
    assert window.today.title.text() == "Today, Tuesday 3 March 2026"
    overdue = [r[1] for r in section_rows(window.today.model, "overdue")]
    assert {"Bob Newman", "Dev Patel"} <= set(overdue)


def test_double_click_asks_for_the_inquiry(window: MainWindow, qtbot: QtBot) -> None:
    view = window.today
    select(view, "overdue", "Ann Oldfield")
    inquiry_id = view.selected_row().inquiry_id  # type: ignore[union-attr]
    with qtbot.waitSignal(view.open_inquiry) as blocker:
        view.tree.doubleClicked.emit(view.tree.currentIndex())
    assert blocker.args == [inquiry_id]
    view.tree.doubleClicked.emit(QModelIndex())  # nothing under the mouse: nothing happens


# --- inline actions and undo ------------------------------------------------------------


def task_titles(view: TodayView, section: str, contact: str) -> list[str]:
    return [r[2] for r in section_rows(view.model, section) if r[1] == contact]


def test_complete_then_undo_and_redo(window: MainWindow, qtbot: QtBot) -> None:
    view = window.today
    select(view, "overdue", "Ann Oldfield")
    qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)
    assert task_titles(view, "overdue", "Ann Oldfield") != ["Call new lead now"]
    assert window.undo_action.text() == "&Undo Complete “Call new lead now”"
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))
    assert "Call new lead now" in task_titles(view, "overdue", "Ann Oldfield")
    assert headers(view.model)[0] == "Overdue — 2"
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+Z"))
    assert "Call new lead now" not in task_titles(view, "overdue", "Ann Oldfield")


def test_snooze_an_hour_moves_the_task_and_undo_brings_it_back(
    window: MainWindow, seeded: ServiceContext, clock: FixedClock
) -> None:
    view = window.today
    select(view, "overdue", "Ann Oldfield")
    task_id = view.selected_row().task_id  # type: ignore[union-attr]
    assert task_id is not None
    before = get_task(seeded, task_id).due_at
    view.snooze_actions[1].trigger()  # "Snooze 1 hour"
    assert get_task(seeded, task_id).due_at == clock.now() + timedelta(hours=1)
    assert "Ann Oldfield" in [r[1] for r in section_rows(view.model, "due_today")]
    assert window.statusBar().currentMessage().startswith("Snoozed until")
    window.undo_stack.undo()
    assert get_task(seeded, task_id).due_at == before
    assert "Call new lead now" in task_titles(view, "overdue", "Ann Oldfield")


def test_snooze_until_tomorrow_morning(
    window: MainWindow, seeded: ServiceContext, clock: FixedClock
) -> None:
    view = window.today
    select(view, "due_today", "Bob Newman")
    task_id = view.selected_row().task_id  # type: ignore[union-attr]
    assert task_id is not None
    view.snooze_actions[2].trigger()
    due = get_task(seeded, task_id).due_at.astimezone(clock.tz)
    assert (due.date(), due.hour) == (date(2026, 3, 3), 9)
    assert "Bob Newman" not in [r[1] for r in section_rows(view.model, "due_today")]


def test_snooze_and_complete_need_a_task(window: MainWindow) -> None:
    view = window.today
    select(view, "stale_warm", "Cara Quinn")  # an inquiry, not a task
    assert not view.snooze_button.isEnabled() and not view.complete_action.isEnabled()
    assert view.log_call_action.isEnabled()  # a call can still be logged


def test_log_a_call_and_complete_the_call_task(
    window: MainWindow, seeded: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = window.today
    select(view, "due_today", "Bob Newman")
    row = view.selected_row()
    assert row is not None and row.inquiry_id is not None
    asked: list[tuple[str, str | None]] = []

    def answer(contact: str, task_title: str | None, parent: object) -> CallLog:
        asked.append((contact, task_title))
        return CallLog("outbound", "Talked: wants a 5-year fixed", "Call back Friday", True)

    monkeypatch.setattr("ui.today_view.ask_call_log", answer)
    qtbot_keys = QKeySequence("Ctrl+L")
    assert view.log_call_action.shortcut() == qtbot_keys
    view.log_call_action.trigger()
    assert asked == [("Bob Newman", "Call new lead now")]
    logged = timeline(seeded, row.contact_id)[0]  # type: ignore[arg-type]
    assert (logged.kind, logged.direction, logged.summary, logged.body) == (
        "call",
        "outbound",
        "Talked: wants a 5-year fixed",
        "Call back Friday",
    )
    assert get_inquiry(seeded, row.inquiry_id).first_response_at is not None
    assert "Call new lead now" not in task_titles(view, "due_today", "Bob Newman")
    assert window.undo_action.text() == "&Undo Complete “Call new lead now”"


def test_renewals_section_lists_funded_loans_maturing_soon(
    ctx: ServiceContext, qtbot: QtBot
) -> None:
    lead = add_lead(
        ctx,
        ContactInput(first_name="Rita", last_name="Renew"),
        InquiryInput(
            contact_id=0,
            type_key="purchase",
            amount=Decimal("420000"),
            term_maturity_date=date(2026, 5, 1),
        ),
    )
    move_stage(ctx, lead.inquiry.id, "funded", outcome="Funded")
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    assert headers(main.today.model)[4] == "Renewals in the next 120 days — 1"
    rows = section_rows(main.today.model, "renewals")
    assert rows[0][:2] == ("in 60 d", "Rita Renew")
    assert rows[0][2].endswith("$420,000")


def test_a_folded_section_stays_folded_after_a_refresh(window: MainWindow) -> None:
    view = window.today
    overdue = view.model.index(0, 0)
    view.tree.collapse(overdue)
    view.refresh()
    assert not view.tree.isExpanded(view.model.index(0, 0))
    assert view.tree.isExpanded(view.model.index(1, 0))
    view.tree.expand(view.model.index(0, 0))
    view.refresh()
    assert view.tree.isExpanded(view.model.index(0, 0))
