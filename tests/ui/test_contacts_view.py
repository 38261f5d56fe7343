"""The Contacts page: pages of rows on demand, and the filter box."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from app.services.contacts import create_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput
from ui import contacts_view
from ui.contacts_view import ContactsView
from ui.main_window import MainWindow

ROOT = QModelIndex()
NAMES = ["Ava Brown", "Ben Carter", "Cleo Diaz", "Dan Evans", "Ema Fox"]


@pytest.fixture
def five(ctx: ServiceContext) -> ServiceContext:
    for n, name in enumerate(NAMES):
        first, last = name.split()
        create_contact(
            ctx,
            ContactInput(
                first_name=first,
                last_name=last,
                emails=(f"{first.lower()}@example.com",),
                phones=(f"416 555 010{n}",),
                city="Toronto",
            ),
        )
    return ctx


@pytest.fixture
def view(
    five: ServiceContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ContactsView]:
    monkeypatch.setattr(contacts_view, "PAGE_SIZE", 2)  # five contacts make three pages
    window = MainWindow(five)  # held by this frame until teardown (qtbot keeps weak refs)
    qtbot.addWidget(window)
    window.show()
    window.show_page("contacts")
    yield window.contacts


def names(view: ContactsView) -> list[str]:
    model = view.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_rows_arrive_a_page_at_a_time(view: ContactsView) -> None:
    model = view.model
    assert model.rowCount() == 2
    assert model.canFetchMore(ROOT)
    model.fetchMore(ROOT)
    assert model.rowCount() == 4
    model.fetchMore(ROOT)
    assert model.rowCount() == 5
    assert not model.canFetchMore(ROOT)
    assert names(view) == NAMES
    assert view.count_label.text() == "5 contacts"


def test_row_shows_primary_email_phone_and_city(view: ContactsView) -> None:
    model = view.model
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row == ["Ava Brown", "ava@example.com", "+1 416-555-0100", "Toronto", "", "2026-03-02"]


def test_filter_by_name_email_or_phone(view: ContactsView) -> None:
    view.filter_edit.setText("car")
    view.apply_filter()
    assert names(view) == ["Ben Carter"]
    assert view.count_label.text() == "1 matching"
    view.filter_edit.setText("ema@")
    view.apply_filter()
    assert names(view) == ["Ema Fox"]
    view.filter_edit.setText("555-0103")
    view.apply_filter()
    assert names(view) == ["Dan Evans"]
    view.filter_edit.setText("")
    view.apply_filter()
    assert view.model.rowCount() == 2  # back to the first page of everyone
    assert view.count_label.text() == "5 contacts"


def test_filter_waits_for_a_pause_in_typing(view: ContactsView, qtbot: QtBot) -> None:
    qtbot.keyClicks(view.filter_edit, "diaz")
    assert view.model.rowCount() == 2  # nothing queried per keystroke
    qtbot.waitUntil(lambda: names(view) == ["Cleo Diaz"], timeout=2000)


def test_new_contact_shows_after_change_broadcast(five: ServiceContext, qtbot: QtBot) -> None:
    window = MainWindow(five)
    qtbot.addWidget(window)
    window.show()
    window.show_page("contacts")
    create_contact(five, ContactInput(first_name="Aaron", last_name="Abbott"))
    window.changes.announce("contacts")
    assert window.contacts.model.index(0, 0).data() == "Aaron Abbott"
    assert window.contacts.count_label.text() == "6 contacts"


def test_empty_database_says_so(ctx: ServiceContext, qtbot: QtBot) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_page("contacts")
    assert window.contacts.model.rowCount() == 0
    assert window.contacts.count_label.text() == "No contacts yet"
