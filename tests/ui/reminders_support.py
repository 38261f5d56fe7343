"""Helpers for the reminder UI tests: tasks at given times, a recorder for what opened."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.services.contacts import create_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput
from app.services.tasks import add_task
from ui.background import Changes
from ui.reminders import ReminderController, install_reminders


def add_contact(ctx: ServiceContext, first: str = "Maria", last: str = "Gonzalez") -> int:
    return create_contact(ctx, ContactInput(first_name=first, last_name=last)).id


def add_call(ctx: ServiceContext, contact_id: int, due_at: datetime, title: str = "Call") -> int:
    """A broker's own call task (no inquiry, no cadence behind it)."""
    return add_task(ctx, contact_id=contact_id, kind="call", title=title, due_at=due_at).id


@dataclass
class Opened:
    """What the reminders asked the main window to do."""

    inquiries: list[int] = field(default_factory=list)
    today: int = 0
    new_lead: int = 0
    quit: int = 0

    def open_inquiry(self, inquiry_id: int) -> None:
        self.inquiries.append(inquiry_id)

    def open_today(self) -> None:
        self.today += 1

    def add_lead(self) -> None:
        self.new_lead += 1

    def quit_app(self) -> None:
        self.quit += 1


def build(
    ctx: ServiceContext,
    qtbot: QtBot,
    opened: Opened,
    *,
    tray: bool,
    start: bool = True,
) -> tuple[ReminderController, QWidget, Changes]:
    """A stand-in main window with the reminders installed (tray forced on or off)."""
    window = QWidget()
    qtbot.addWidget(window)
    changes = Changes(window)
    controller = install_reminders(
        window,
        ctx,
        changes,
        open_inquiry=opened.open_inquiry,
        open_today=opened.open_today,
        new_lead=opened.add_lead,
        tray_available=tray,
        start=start,
        quit_app=opened.quit_app,
    )
    qtbot.addWidget(controller.notifications)
    return controller, window, changes


Build = Callable[..., tuple[ReminderController, QWidget, Changes]]


@pytest.fixture
def opened() -> Opened:
    return Opened()


@pytest.fixture
def reminders(ctx: ServiceContext, qtbot: QtBot, opened: Opened) -> Iterator[Build]:
    """`reminders(tray=True|False, start=True)`: install them; stopped after the test."""
    made: list[ReminderController] = []

    def make(*, tray: bool, start: bool = True) -> tuple[ReminderController, QWidget, Changes]:
        built = build(ctx, qtbot, opened, tray=tray, start=start)
        made.append(built[0])
        return built

    yield make
    for controller in made:
        controller.shutdown()
