"""The Contacts page: pages of rows on demand, and the filter box."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from app.services.contacts import create_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import create_inquiry, get_inquiry
from ui import contacts_model
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
    monkeypatch.setattr(contacts_model, "PAGE_SIZE", 2)  # five contacts make three pages
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
    assert row == [
        "Ava Brown",
        "ava@example.com",
        "+1 416-555-0100",
        "Toronto",
        "",
        "",
        "2026-03-02",
    ]


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


# --- sorting, several at once, export, opening -------------------------------------------


def all_names(view: ContactsView) -> list[str]:
    while view.model.canFetchMore(ROOT):
        view.model.fetchMore(ROOT)
    return names(view)


def select_rows(view: ContactsView, *rows: int) -> None:
    view.table.clearSelection()
    for row in rows:
        view.table.selectionModel().select(
            view.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_header_click_sorts_in_the_database_across_pages(view: ContactsView, qtbot: QtBot) -> None:
    header = view.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(0) + 10, header.height() // 2),
    )  # name is sorted ascending already: a click makes it descending
    assert view.model.query.sort == "name" and view.model.query.descending
    assert names(view) == ["Ema Fox", "Dan Evans"]  # the first page is the last names
    assert all_names(view) == NAMES[::-1]
    view.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # phone
    assert view.model.query.sort == "phone"
    assert all_names(view) == NAMES


def test_tags_column_does_not_sort(view: ContactsView) -> None:
    view.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    assert view.model.query.sort == "name"
    assert view.table.horizontalHeader().sortIndicatorSection() == 0


def test_tag_several_then_filter_by_tag_and_undo(view: ContactsView, qtbot: QtBot) -> None:
    window = view.window()
    assert isinstance(window, MainWindow)
    select_rows(view, 0, 1)
    assert view.tag_button.isEnabled()
    view.tag_selected("vip")
    assert [view.model.index(r, 4).data() for r in range(2)] == ["vip", "vip"]
    assert view.tag_filter.findText("vip") > 0
    view.tag_filter.setCurrentText("vip")
    assert all_names(view) == ["Ava Brown", "Ben Carter"]
    assert view.count_label.text() == "2 matching"
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))
    assert view.tag_filter.currentText() == "All tags"  # the tag is gone, so is its filter
    assert [view.model.index(r, 4).data() for r in range(2)] == ["", ""]


def test_assign_open_inquiries_of_selected_contacts_and_undo(
    five: ServiceContext, view: ContactsView
) -> None:
    inquiry = create_inquiry(five, InquiryInput(contact_id=1, type_key="purchase"))
    assert get_inquiry(five, inquiry.id).owner_name == "Me"
    select_rows(view, 0)
    view.assign_selected(None)
    assert get_inquiry(five, inquiry.id).owner_id is None
    assert view.window().statusBar().currentMessage() == "1 open inquiries reassigned"  # type: ignore[attr-defined]
    view.window().undo_stack.undo()  # type: ignore[attr-defined]
    assert get_inquiry(five, inquiry.id).owner_name == "Me"


def test_export_writes_the_filtered_view(view: ContactsView, tmp_path: Path) -> None:
    view.filter_edit.setText("n")  # Ava Brown, Ben Carter, Dan Evans
    view.apply_filter()
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    path = tmp_path / "export.csv"
    view.export_csv(path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [f"{r['first_name']} {r['last_name']}" for r in rows] == [
        "Dan Evans",
        "Ben Carter",
        "Ava Brown",
    ]
    assert rows[0]["phone"] == "'+1 416-555-0103"  # formula-safe, as export.py writes it
    assert not view.progress.isVisible() and view.export_button.isEnabled()
    assert view.progress.value() == 3


def test_open_a_contact_shows_their_latest_inquiry(
    five: ServiceContext, view: ContactsView
) -> None:
    inquiry = create_inquiry(five, InquiryInput(contact_id=2, type_key="refinance"))
    window = view.window()
    assert isinstance(window, MainWindow)
    view.table.doubleClicked.emit(view.model.index(1, 0))  # Ben Carter
    assert window.detail_dock.isVisible() and window.detail.inquiry_id == inquiry.id
