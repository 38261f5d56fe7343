"""The tray: popups for a batch, the menu rebuilt when it opens, the tooltip, pause,
done/snooze from the menu, and closing the window into the tray. Offscreen has no tray,
so the tray is forced on and its balloons are read from `last_popup`; a real tray and a
real balloon click are tested under Xvfb (test_tray_xvfb.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.services.context import ServiceContext
from app.services.tasks import get_task
from ui.reminders.tray import STILL_RUNNING, TrayController

from .conftest import add_test_lead
from .reminders_support import Build, Opened, add_call, add_contact, opened, reminders

__all__ = ["opened", "reminders"]  # fixtures
# Window stacking and size hints are no-ops offscreen, which the platform logs.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise|propagateSizeHints)")


def _menu(tray: TrayController) -> list[str]:
    """The menu's entries as the broker reads them, separators as "---"."""
    tray.menu.aboutToShow.emit()  # what Qt does right before showing it
    return ["---" if a.isSeparator() else a.text().replace("&&", "&") for a in tray.menu.actions()]


def _action(tray: TrayController, text: str) -> QAction:
    tray.menu.aboutToShow.emit()
    for action in tray.menu.actions():
        if action.text().replace("&&", "&") == text:
            return action
    raise AssertionError(f"no menu entry {text!r} in {_menu(tray)}")


def test_one_due_follow_up_pops_up_and_clicking_opens_its_inquiry(
    ctx: ServiceContext, reminders: Build, opened: Opened
) -> None:
    inquiry = add_test_lead(ctx, "Maria", "Gonzalez")  # "call new lead now", due now
    controller, _window, _changes = reminders(tray=True)
    tray = controller.tray
    assert tray is not None and tray.last_popup is not None
    assert tray.last_popup.title == "New lead: Maria Gonzalez — Call new lead now"
    assert tray.last_popup.body == "Due 14:00 · click to open"
    tray.tray.messageClicked.emit()  # the broker clicks the balloon
    assert opened.inquiries == [inquiry]
    assert not controller.notifications.isVisible()  # the tray took it


def test_many_due_at_once_make_one_grouped_popup_that_opens_today(
    ctx: ServiceContext, clock: FixedClock, reminders: Build, opened: Opened
) -> None:
    maria = add_contact(ctx)
    for n in range(7):
        add_call(ctx, maria, clock.now() - timedelta(minutes=10 - n), f"Call {n + 1}")
    controller, _window, _changes = reminders(tray=True)
    tray = controller.tray
    assert tray is not None and tray.last_popup is not None
    assert tray.last_popup.title == "7 follow-ups due"
    assert tray.last_popup.body.splitlines() == [
        "Maria Gonzalez — Call 1",
        "Maria Gonzalez — Call 2",
        "Maria Gonzalez — Call 3",
        "and 4 more · click to see them",
    ]
    assert len(controller.shown_batches) == 1
    tray.tray.messageClicked.emit()
    assert opened.today == 1 and opened.inquiries == []
    menu = _menu(tray)
    assert menu[:2] == ["7 follow-ups due", "Show them with Done and Snooze…"]


def test_the_tooltip_counts_overdue_and_due_today(
    ctx: ServiceContext, clock: FixedClock, reminders: Build
) -> None:
    maria = add_contact(ctx)
    add_call(ctx, maria, clock.now() - timedelta(days=2))
    add_call(ctx, maria, clock.now() - timedelta(days=1))
    add_call(ctx, maria, clock.now() + timedelta(hours=2))
    controller, _window, changes = reminders(tray=True)
    assert controller.tray is not None
    assert controller.tray.tray.toolTip() == "Leadkeeper\n2 overdue · 1 due today"
    add_call(ctx, maria, clock.now() + timedelta(hours=3))
    changes.announce("tasks")
    controller.scheduler.wake("test")  # the debounced wake, without waiting for it
    assert controller.tray.tray.toolTip() == "Leadkeeper\n2 overdue · 2 due today"


def test_the_menu_is_rebuilt_with_the_next_due_items_each_time_it_opens(
    ctx: ServiceContext, clock: FixedClock, reminders: Build, opened: Opened, qtbot: QtBot
) -> None:
    maria = add_contact(ctx)
    add_call(ctx, maria, clock.now() - timedelta(days=3), "Oldest")
    controller, _window, changes = reminders(tray=True)
    tray = controller.tray
    assert tray is not None
    inquiry = add_test_lead(ctx, "Bob", "Newman")
    for n in range(5):
        add_call(ctx, maria, clock.now() + timedelta(hours=1, minutes=n), f"Later {n}")
    with qtbot.waitSignal(controller.scheduler.polled, timeout=3000):
        changes.announce("tasks", "inquiries")
    menu = _menu(tray)
    last_popup = ["New lead: Bob Newman — Call new lead now"]
    assert menu[:7] == [
        "Bob Newman — Call new lead now",
        "Open",
        "Mark done",
        "Snooze 15 minutes",
        "Snooze 1 hour",
        "Snooze until tomorrow 9:00",
        "---",
    ]
    assert tray.last_popup is not None and [tray.last_popup.title] == last_popup
    assert menu[7:13] == [
        "Next due",
        "Maria Gonzalez — Oldest (due Fri 27 Feb)",
        "Bob Newman — Call new lead now (due 14:00)",
        "Maria Gonzalez — Later 0 (due 15:00)",
        "Maria Gonzalez — Later 1 (due 15:01)",
        "Maria Gonzalez — Later 2 (due 15:02)",
    ]
    assert menu[13:] == [
        "---",
        "Open Leadkeeper",
        "Today",
        "New lead…",
        "Show reminders",
        "Pause reminders for 1 hour",
        "---",
        "Quit Leadkeeper",
    ]
    _action(tray, "Bob Newman — Call new lead now (due 14:00)").trigger()
    _action(tray, "Today").trigger()
    _action(tray, "New lead…").trigger()
    assert opened.inquiries == [inquiry] and opened.today == 1 and opened.new_lead == 1


def test_an_empty_day_says_so(reminders: Build) -> None:
    controller, _window, _changes = reminders(tray=True)
    assert controller.tray is not None
    menu = _menu(controller.tray)
    assert menu[0] == "Nothing due today"
    assert controller.tray.tray.toolTip() == "Leadkeeper\nNothing due today"


def test_mark_done_from_the_menu_completes_the_task(
    ctx: ServiceContext, clock: FixedClock, reminders: Build, qtbot: QtBot
) -> None:
    task_id = add_call(ctx, add_contact(ctx), clock.now() - timedelta(minutes=5), "Call Maria")
    controller, _window, _changes = reminders(tray=True)
    tray = controller.tray
    assert tray is not None
    _action(tray, "Mark done").trigger()
    assert get_task(ctx, task_id).state == "done"
    assert "Mark done" not in _menu(tray)  # the section went with the task
    qtbot.waitUntil(lambda: tray.tray.toolTip() == "Leadkeeper\nNothing due today", timeout=3000)


def test_snooze_from_the_menu_brings_the_reminder_back_at_its_time(
    ctx: ServiceContext, clock: FixedClock, reminders: Build
) -> None:
    task_id = add_call(ctx, add_contact(ctx), clock.now() - timedelta(minutes=5), "Call Maria")
    controller, _window, _changes = reminders(tray=True)
    assert controller.tray is not None
    _action(controller.tray, "Snooze 15 minutes").trigger()
    assert get_task(ctx, task_id).due_at == datetime(2026, 3, 2, 14, 15, tzinfo=UTC)
    assert len(controller.shown_batches) == 1
    clock.advance(timedelta(minutes=15))
    controller.scheduler.tick()
    assert len(controller.shown_batches) == 2  # back once, at 14:15
    assert controller.shown_batches[1].marked_ids == (task_id,)


def test_snooze_until_tomorrow_means_nine_in_the_morning(
    ctx: ServiceContext, clock: FixedClock, reminders: Build
) -> None:
    task_id = add_call(ctx, add_contact(ctx), clock.now() - timedelta(minutes=5))
    controller, _window, _changes = reminders(tray=True)
    assert controller.tray is not None
    _action(controller.tray, "Snooze until tomorrow 9:00").trigger()
    assert get_task(ctx, task_id).due_at == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def test_pause_for_an_hour_then_resume_from_the_menu(
    ctx: ServiceContext, clock: FixedClock, reminders: Build
) -> None:
    maria = add_contact(ctx)
    controller, _window, _changes = reminders(tray=True)
    tray = controller.tray
    assert tray is not None
    _action(tray, "Pause reminders for 1 hour").trigger()
    assert "Resume reminders (paused until 15:00)" in _menu(tray)
    assert tray.tray.toolTip().endswith("Reminders paused until 15:00")
    add_call(ctx, maria, clock.now() + timedelta(minutes=5), "Held")
    clock.advance(timedelta(minutes=10))
    controller.scheduler.tick()
    assert controller.shown_batches == []
    _action(tray, "Resume reminders (paused until 15:00)").trigger()
    assert [b.items[0].title for b in controller.shown_batches] == ["Held"]
    assert "Pause reminders for 1 hour" in _menu(tray)


class _WindowManagerClose(QEvent):
    """Stands in for the close the window manager sends (the title bar's ×): Qt marks
    those spontaneous, and no public API makes one offscreen."""

    def __init__(self) -> None:
        super().__init__(QEvent.Type.Close)

    def spontaneous(self) -> bool:
        return True


def test_closing_the_window_keeps_the_app_in_the_tray_and_says_so_once(
    reminders: Build, qtbot: QtBot
) -> None:
    controller, window, _changes = reminders(tray=True)
    tray = controller.tray
    assert tray is not None
    window.show()
    qtbot.waitExposed(window)
    close = _WindowManagerClose()
    assert tray.close_filter.eventFilter(window, close) is True
    assert not close.isAccepted() and not window.isVisible()
    shown = []
    tray.tray.messageClicked.connect(lambda: shown.append(window.isVisible()))
    tray.tray.messageClicked.emit()  # the "still running" balloon brings the window back
    assert shown == [True]
    window.show()
    tray.close_filter.eventFilter(window, _WindowManagerClose())
    assert not window.isVisible()
    assert tray.told_still_running
    assert STILL_RUNNING[0] == "Leadkeeper is still running in the tray"


def test_a_programmatic_close_and_quit_from_the_tray_really_close(
    reminders: Build, opened: Opened, qtbot: QtBot
) -> None:
    controller, window, _changes = reminders(tray=True)
    assert controller.tray is not None
    window.show()
    qtbot.waitExposed(window)
    _action(controller.tray, "Quit Leadkeeper").trigger()
    assert not window.isVisible()
    assert opened.quit == 1
    assert not controller.scheduler.running


def test_without_a_tray_closing_the_window_is_not_intercepted(
    reminders: Build, qtbot: QtBot
) -> None:
    controller, window, _changes = reminders(tray=False)
    assert controller.tray is None
    window.show()
    qtbot.waitExposed(window)
    window.close()
    assert not window.isVisible()
