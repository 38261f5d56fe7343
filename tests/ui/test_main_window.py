"""The main window: navigation, menus, status bar, remembered geometry and page."""

from __future__ import annotations

from pathlib import Path

import pytest
from app.services.pipeline import StageCount
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from app.services.contacts import create_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput
from ui.background import CONTACTS
from ui.main_window import MainWindow


def nav_labels(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def test_opens_on_today_with_navigation_and_menus(window: MainWindow) -> None:
    assert window.windowTitle() == "Leadkeeper"
    assert nav_labels(window) == ["Today", "Pipeline", "Contacts"]
    assert all(not window.nav.item(i).icon().isNull() for i in range(3))
    assert window.current_page() == "today"
    assert window.stack.currentWidget() is window.today
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&View", "&Help"]
    file_actions = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert file_actions == ["&Back up now", "", "&Quit"]


def test_status_bar_shows_database_folder_and_counts(window: MainWindow) -> None:
    assert window.db_label.text() == "Database: data"
    assert window.db_label.toolTip() == str(window.ctx.db.path)
    assert window.counts_label.text() == "2 overdue · 2 due today · 4 contacts"


def test_switching_pages_by_click_and_shortcut(window: MainWindow, qtbot: QtBot) -> None:
    item = window.nav.item(2)
    qtbot.mouseClick(
        window.nav.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.nav.visualItemRect(item).center(),
    )
    assert window.current_page() == "contacts"
    assert window.contacts.isVisible() and not window.today.isVisible()
    assert window.contacts.model.rowCount() == 4

    qtbot.keySequence(window, QKeySequence("Ctrl+2"))
    assert window.current_page() == "pipeline"
    assert window.pipeline.isVisible()
    qtbot.keySequence(window, QKeySequence("Ctrl+1"))
    assert window.current_page() == "today"


def test_hidden_pages_load_when_first_shown(window: MainWindow) -> None:
    assert window.pipeline.stages.rows == []  # not queried while nobody looks
    window.show_page("pipeline")
    counts = {s.stage_key: s.count for s in window.pipeline.stages.rows}
    assert counts["new"] == 3 and counts["contacted"] == 1


def test_changes_refresh_visible_page_and_mark_hidden_ones(
    window: MainWindow, seeded: ServiceContext
) -> None:
    window.show_page("contacts")
    window.show_page("today")
    create_contact(seeded, ContactInput(first_name="Eve", last_name="Adams"))
    window.changes.announce(CONTACTS)
    assert window.counts_label.text().endswith("5 contacts")
    assert window.contacts.model.rowCount() == 4  # hidden: not reloaded yet...
    window.show_page("contacts")
    assert window.contacts.model.rowCount() == 5  # ...but as soon as it is shown


def test_refresh_f5_reloads_after_outside_change(
    window: MainWindow, seeded: ServiceContext, qtbot: QtBot
) -> None:
    create_contact(seeded, ContactInput(first_name="Eve", last_name="Adams"))
    assert window.counts_label.text().endswith("4 contacts")
    qtbot.keySequence(window, QKeySequence("F5"))
    assert window.counts_label.text().endswith("5 contacts")


def test_geometry_and_last_page_persist(seeded: ServiceContext, qtbot: QtBot) -> None:
    first = MainWindow(seeded)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 560)  # within the offscreen 800x600 screen
    first.show_page("contacts")
    first.close()

    second = MainWindow(seeded)
    qtbot.addWidget(second)
    second.show()
    assert second.current_page() == "contacts"
    assert second.size() == QSize(760, 560)
    assert second.contacts.isVisible()


def test_window_state_stays_out_of_the_real_config(window: MainWindow, isolated_home: Path) -> None:
    window.close()
    saved = list(isolated_home.rglob("window.ini"))
    assert saved and saved[0].is_relative_to(isolated_home)


def test_back_up_now_copies_the_database(window: MainWindow) -> None:
    window.backup_action.trigger()
    backups = list((window.ctx.db.path.parent / "backups").glob("manual-*.db"))
    assert len(backups) == 1 and backups[0].stat().st_size > 0
    assert window.statusBar().currentMessage() == f"Backed up to {backups[0]}"
    assert window.backup_action.isEnabled()


@pytest.mark.parametrize("key", ["today", "pipeline", "contacts"])
def test_unknown_or_known_saved_page(seeded: ServiceContext, qtbot: QtBot, key: str) -> None:
    first = MainWindow(seeded)
    qtbot.addWidget(first)
    first.show_page(key)
    first.save_state()
    second = MainWindow(seeded)
    qtbot.addWidget(second)
    assert second.current_page() == key


def test_pipeline_lists_stage_cards(window: MainWindow) -> None:
    window.show_page("pipeline")
    view = window.pipeline
    stages = view.stages.rows
    assert all(isinstance(s, StageCount) for s in stages)
    new = next(s for s in stages if s.stage_key == "new")
    assert view.stages.index(stages.index(new), 2).data() == "$1,030,000"
    view.select_stage("new")
    names = {view.cards.index(r, 0).data() for r in range(view.cards.rowCount())}
    assert names == {"Ann Oldfield", "Bob Newman", "Dev Patel"}
    assert view.card_label.text() == "New: 3 inquiries"
    view.select_stage("funded")
    assert view.cards.rowCount() == 0
    assert view.card_label.text() == "Funded: no inquiries in this stage"
