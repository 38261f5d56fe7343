"""The notification window that takes the tray's place: every batch appears in it with
Open / Done / Snooze buttons, and the buttons do what they say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.services.context import ServiceContext
from app.services.tasks import complete_task, get_task

from .conftest import add_test_lead
from .reminders_support import Build, Opened, add_call, add_contact, opened, reminders

__all__ = ["opened", "reminders"]  # fixtures
# Window stacking and size hints are no-ops offscreen, which the platform logs.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise|propagateSizeHints)")


def _click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_without_a_tray_a_batch_appears_in_the_window_with_its_buttons(
    ctx: ServiceContext, reminders: Build, opened: Opened, qtbot: QtBot
) -> None:
    inquiry = add_test_lead(ctx, "Maria", "Gonzalez")
    controller, _window, _changes = reminders(tray=False)
    window = controller.notifications
    assert window.isVisible()
    assert window.title.text() == "New lead: Maria Gonzalez — Call new lead now"
    [item] = window.items
    row = window.rows[item.task_id]
    buttons = [row.open_button, row.done_button, *row.snooze_buttons.values()]
    assert [b.text() for b in buttons] == ["Open", "Done", "15 min", "1 h", "Tomorrow"]
    assert all(b.isVisible() and b.isEnabled() for b in buttons)
    _click(qtbot, row.open_button)
    assert opened.inquiries == [inquiry]


def test_the_window_sits_in_the_screen_corner_on_top(reminders: Build, ctx: ServiceContext) -> None:
    add_call(ctx, add_contact(ctx), datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
    controller, _window, _changes = reminders(tray=False)
    window = controller.notifications
    area = QGuiApplication.primaryScreen().availableGeometry()
    frame = window.geometry()
    assert area.contains(frame)
    assert area.right() - frame.right() < 40 and area.bottom() - frame.bottom() < 40
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint


def test_done_completes_the_task_and_removes_it(
    ctx: ServiceContext, clock: FixedClock, reminders: Build, qtbot: QtBot
) -> None:
    maria = add_contact(ctx)
    first = add_call(ctx, maria, clock.now() - timedelta(minutes=20), "Call about the appraisal")
    second = add_call(ctx, maria, clock.now() - timedelta(minutes=10), "Ask for the NOA")
    controller, _window, _changes = reminders(tray=False)
    window = controller.notifications
    assert [i.task_id for i in window.items] == [first, second]
    _click(qtbot, window.rows[first].done_button)
    assert get_task(ctx, first).state == "done"
    assert [i.task_id for i in window.items] == [second]
    assert window.title.text() == "1 reminder waiting"
    _click(qtbot, window.rows[second].done_button)
    assert get_task(ctx, second).state == "done"
    assert not window.isVisible()  # nothing left to show


@pytest.mark.parametrize(
    ("button", "due"),
    [
        ("15m", datetime(2026, 3, 2, 14, 15, tzinfo=UTC)),
        ("1h", datetime(2026, 3, 2, 15, 0, tzinfo=UTC)),
        ("tomorrow", datetime(2026, 3, 3, 9, 0, tzinfo=UTC)),
    ],
)
def test_snooze_moves_the_task_and_it_comes_back_at_that_time(
    ctx: ServiceContext,
    clock: FixedClock,
    reminders: Build,
    qtbot: QtBot,
    button: str,
    due: datetime,
) -> None:
    task_id = add_call(ctx, add_contact(ctx), clock.now() - timedelta(minutes=5), "Call Maria")
    controller, _window, _changes = reminders(tray=False)
    window = controller.notifications
    _click(qtbot, window.rows[task_id].snooze_buttons[button])
    assert get_task(ctx, task_id).due_at == due
    assert window.items == [] and not window.isVisible()
    clock.set(due - timedelta(minutes=1))
    controller.scheduler.tick()
    assert not window.isVisible()  # not early
    clock.set(due)
    controller.scheduler.tick()
    assert window.isVisible()
    assert [i.task_id for i in window.items] == [task_id]


def test_a_done_that_fails_says_why_and_keeps_the_row(
    ctx: ServiceContext, clock: FixedClock, reminders: Build, qtbot: QtBot
) -> None:
    task_id = add_call(ctx, add_contact(ctx), clock.now() - timedelta(minutes=5))
    controller, _window, _changes = reminders(tray=False)
    complete_task(ctx, task_id)  # done elsewhere meanwhile (the Today page)
    row = controller.notifications.rows[task_id]
    _click(qtbot, row.done_button)
    assert row.status.isVisibleTo(controller.notifications)
    assert row.status.text().startswith("Not saved: ")
    assert row.done_button.isEnabled()


def test_a_big_batch_is_one_group_and_later_batches_stack_on_top(
    ctx: ServiceContext, clock: FixedClock, reminders: Build, opened: Opened, qtbot: QtBot
) -> None:
    maria = add_contact(ctx)
    for n in range(7):
        add_call(ctx, maria, clock.now() - timedelta(hours=1, minutes=-n), f"Call {n + 1}")
    controller, _window, _changes = reminders(tray=False)
    window = controller.notifications
    assert window.title.text() == "7 follow-ups due"
    assert [i.title for i in window.items] == [f"Call {n + 1}" for n in range(7)]
    add_call(ctx, maria, clock.now() + timedelta(minutes=1), "Newest")
    clock.advance(timedelta(minutes=1))
    controller.scheduler.tick()
    assert len(controller.shown_batches) == 2
    assert window.items[0].title == "Newest"
    assert window.title.text() == "8 reminders waiting"
    _click(qtbot, window.today_button)
    assert opened.today == 1


def test_the_tray_menu_can_show_the_window_with_buttons(
    ctx: ServiceContext, clock: FixedClock, reminders: Build
) -> None:
    add_call(ctx, add_contact(ctx), clock.now() - timedelta(minutes=5), "Call Maria")
    controller, _window, _changes = reminders(tray=True)
    assert not controller.notifications.isVisible()  # the tray popped it up
    assert controller.tray is not None
    controller.tray.show_reminders_requested.emit()  # "Show reminders"
    assert controller.notifications.isVisible()
    assert [i.title for i in controller.notifications.items] == ["Call Maria"]


def test_dismiss_all_hides_the_window_and_leaves_the_tasks_open(
    ctx: ServiceContext, clock: FixedClock, reminders: Build, qtbot: QtBot
) -> None:
    task_id = add_call(ctx, add_contact(ctx), clock.now() - timedelta(minutes=5))
    controller, _window, _changes = reminders(tray=False)
    _click(qtbot, controller.notifications.dismiss_button)
    assert not controller.notifications.isVisible()
    assert controller.notifications.items == []
    assert get_task(ctx, task_id).state == "open"
