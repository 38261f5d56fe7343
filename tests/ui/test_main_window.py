"""The main window: navigation with counts, menus and shortcuts, the lead detail pane,
New lead, remembered geometry and page, light and dark palettes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.contacts import create_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput
from app.services.due import due_list
from app.services.inquiries import get_inquiry
from ui.background import CONTACTS
from ui.board import BoardPage
from ui.dialogs.new_lead_dialog import NewLeadDialog
from ui.main_window import MainWindow
from ui.theme import DARK, LIGHT, apply_theme, is_dark


def nav_labels(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def menu_entries(window: MainWindow, title: str) -> dict[str, str]:
    """A menu's entries (without the accelerator &) and their shortcuts as shown."""
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return {
        a.text().replace("&", ""): a.shortcut().toString()
        for a in menu.actions()
        if not a.isSeparator()
    }


def test_opens_on_today_with_navigation_and_menus(window: MainWindow) -> None:
    assert window.windowTitle() == "Leadkeeper"
    assert nav_labels(window) == ["Today", "Pipeline", "Contacts", "Reports", "Imports"]
    assert all(not window.nav.item(i).icon().isNull() for i in range(5))
    assert window.current_page() == "today"
    assert isinstance(window.pipeline, BoardPage)
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Edit", "&View", "&Help"]


def test_menus_show_their_shortcuts(window: MainWindow) -> None:
    assert menu_entries(window, "&File") == {
        "New lead…": "Ctrl+N",
        "Import contacts…": "Ctrl+I",
        "Back up now": "",
        "Quit": "Ctrl+Q",
    }
    edit = menu_entries(window, "&Edit")
    assert edit["Search…"] == "Ctrl+K" and edit["Settings…"] == "Ctrl+,"
    assert edit["Undo"] == "Ctrl+Z" and edit["Redo"] == "Ctrl+Shift+Z"
    view = menu_entries(window, "&View")
    assert (view["Today"], view["Pipeline"], view["Contacts"]) == ("Ctrl+1", "Ctrl+2", "Ctrl+3")
    assert (view["Reports"], view["Imports"]) == ("Ctrl+4", "Ctrl+5")
    assert view["Refresh"] == "F5" and "Lead details" in view


def test_navigation_counts_today_is_overdue_plus_due(window: MainWindow) -> None:
    # Seeded: 2 overdue + 2 due today; 3 active inquiries on the board; 4 contacts.
    assert window.nav.count_of("today") == 4
    assert window.nav.item(0).data(Qt.ItemDataRole.UserRole + 2) == "overdue"
    assert window.nav.count_of("pipeline") == 4
    assert window.nav.count_of("contacts") == 4
    assert window.nav.item(0).toolTip() == "2 overdue, 2 due today"


def test_counts_follow_a_completed_task(window: MainWindow, qtbot: QtBot) -> None:
    today = window.today
    model = today.model
    overdue = model.index(0, 0)
    # Cara's follow-up is overdue; completing it leaves 1 overdue.
    for row in range(model.rowCount(overdue)):
        if model.index(row, 1, overdue).data() == "Cara Quinn":
            today.tree.setCurrentIndex(model.index(row, 0, overdue))
    today.complete_selected()
    assert window.counts_label.text().startswith("1 overdue")
    due = int(window.counts_label.text().split(" · ")[1].split()[0])
    assert window.nav.count_of("today") == 1 + due
    window.undo_stack.undo()  # Ctrl+Z: the task is back, and the count follows
    assert window.counts_label.text().startswith("2 overdue")
    fresh = due_list(window.ctx, limit=0)
    assert window.nav.count_of("today") == fresh.overdue.count + fresh.due_today.count


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


def test_changes_refresh_visible_page_and_mark_hidden_ones(
    window: MainWindow, seeded: ServiceContext
) -> None:
    window.show_page("contacts")
    window.show_page("today")
    create_contact(seeded, ContactInput(first_name="Eve", last_name="Adams"))
    window.changes.announce(CONTACTS)
    assert window.counts_label.text().endswith("5 contacts")
    assert window.nav.count_of("contacts") == 5
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


def test_double_click_opens_the_lead_and_esc_closes_it(window: MainWindow, qtbot: QtBot) -> None:
    today = window.today
    model = today.model
    first = model.index(0, 0, model.index(0, 0))
    inquiry_id = model.row_at(first).inquiry_id  # type: ignore[union-attr]
    today.tree.doubleClicked.emit(first)
    assert window.detail_dock.isVisible()
    assert window.detail.inquiry_id == inquiry_id
    assert window.nav.compact  # the page keeps its room
    assert window.detail_dock.width() + window.stack.width() < window.width()
    window.detail.setFocus()
    qtbot.keyClick(window.detail, Qt.Key.Key_Escape)
    assert not window.detail_dock.isVisible()
    assert not window.nav.compact


def test_board_double_click_opens_the_lead(window: MainWindow) -> None:
    window.show_page("pipeline")
    inquiry_id = get_inquiry(window.ctx, 1).id
    window.pipeline.open_inquiry.emit(inquiry_id)
    assert window.detail_dock.isVisible() and window.detail.inquiry_id == inquiry_id


def test_ctrl_n_creates_a_lead_and_opens_it(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keySequence(window, QKeySequence("Ctrl+N"))
    dialog = window.leads.dialog
    assert isinstance(dialog, NewLeadDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.first_name, "Priya")
    qtbot.keyClicks(dialog.last_name, "Raman")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    new_id = dialog.created_inquiry_id
    assert new_id is not None
    assert window.detail_dock.isVisible() and window.detail.inquiry_id == new_id
    assert window.counts_label.text().endswith("5 contacts")


def test_opening_a_contact_without_inquiry_offers_one(
    window: MainWindow, seeded: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    eve = create_contact(seeded, ContactInput(first_name="Eve", last_name="Adams"))
    asked: list[str] = []
    monkeypatch.setattr(window.leads, "ask_create", lambda name: asked.append(name) or True)
    monkeypatch.setattr(window.leads, "ask_type", lambda name, types: "renewal")
    window.open_contact(eve.id)
    assert asked == ["Eve Adams"]
    opened = window.detail.inquiry_id
    assert opened is not None
    inquiry = get_inquiry(seeded, opened)
    assert (inquiry.contact_id, inquiry.type_key) == (eve.id, "renewal")


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
    assert not second.detail_dock.isVisible()  # the pane opens with a lead


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


# --- light and dark ---------------------------------------------------------------------


@pytest.fixture
def restore_palette() -> Iterator[None]:
    yield
    QGuiApplication.styleHints().unsetColorScheme()
    apply_theme(LIGHT)


def overdue_color(window: MainWindow) -> QColor:
    model = window.today.model
    value = model.index(0, 0, model.index(0, 0)).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(value, QColor)
    return value


@pytest.mark.usefixtures("restore_palette")
def test_dark_palette_keeps_colours_readable(window: MainWindow) -> None:
    light_red = overdue_color(window)
    window.theme.apply(DARK)
    assert is_dark()
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    dark_red = overdue_color(window)
    assert dark_red != light_red
    assert dark_red.lightness() - base.lightness() > 80  # light text on a dark base
    assert dark_red.red() > dark_red.green() and dark_red.red() > dark_red.blue()
    assert not window.nav.item(0).icon().isNull()


@pytest.mark.usefixtures("restore_palette")
def test_system_theme_follows_the_os_scheme(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The offscreen platform has no OS scheme: play the OS's part.
    hints = QGuiApplication.styleHints()
    window.theme.apply("system")
    monkeypatch.setattr("ui.theme.system_prefers_dark", lambda: True)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert is_dark()
    monkeypatch.setattr("ui.theme.system_prefers_dark", lambda: False)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not is_dark()
    window.theme.apply(DARK)  # the broker's own choice wins over the OS
    reapplied: list[bool] = []
    window.theme.changed.connect(reapplied.append)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert reapplied == []


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no raise()
def test_import_action_opens_the_wizard_on_the_imports_page(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.import_action.trigger()
    assert window.current_page() == "imports"
    wizard = window.imports.wizard
    assert wizard is not None and wizard.isVisible()
    wizard.reject()
