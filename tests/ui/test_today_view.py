"""The Today page as the broker uses it: sections, colours, completing a follow-up."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.services.context import ServiceContext
from app.services.tasks import complete_task
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
    with qtbot.waitSignal(view.open_inquiry_requested) as blocker:
        view.tree.doubleClicked.emit(view.tree.currentIndex())
    assert blocker.args == [inquiry_id]
    view.tree.doubleClicked.emit(QModelIndex())  # nothing under the mouse: nothing happens
