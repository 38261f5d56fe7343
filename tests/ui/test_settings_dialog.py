"""The Settings dialog: profile, region, hours, a stage name, a cadence; bad input refused."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.autostart import autostart_path, is_autostart_enabled
from app.services.context import ServiceContext
from app.services.followups import load_followup_rules
from app.services.lookups import list_stages
from app.services.settings_admin import list_rules, read_settings
from ui.main_window import MainWindow
from ui.settings import SettingsDialog
from ui.settings.stages_page import NAME

# Popups and dialogs are windows of their own; the offscreen platform cannot raise them.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise|propagateSizeHints|grabbing the keyboard)"
)


@pytest.fixture
def dialog(window: MainWindow, qtbot: QtBot) -> SettingsDialog:
    window.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keySequence(window, QKeySequence("Ctrl+,"))
    opened = window.settings_dialog
    assert opened.isVisible() and opened.buttons.isEnabled()  # loaded
    return opened


def field(dialog: SettingsDialog, key: str) -> QLineEdit:
    found = dialog.findChild(QLineEdit, key)
    assert found is not None
    return found


def stage_names(ctx: ServiceContext) -> list[str]:
    with ctx.db.session() as session:
        return [s.name for s in list_stages(session)]


def test_form_is_generated_from_the_declared_settings(dialog: SettingsDialog) -> None:
    assert field(dialog, "broker_name").toolTip() == "Your name, as clients see it in emails"
    assert field(dialog, "default_phone_region").text() == "CA"
    assert dialog.findChild(QPlainTextEdit, "broker_signature") is not None
    assert [box.isChecked() for box in dialog.hours.days] == [True] * 5 + [False] * 2


def test_save_profile_region_hours_and_a_stage_name(
    window: MainWindow, dialog: SettingsDialog, seeded: ServiceContext, qtbot: QtBot
) -> None:
    field(dialog, "broker_name").setText("Dana Broker")
    field(dialog, "broker_email").setText("dana@example.com")
    field(dialog, "default_phone_region").setText("us")
    dialog.hours.days[5].setChecked(True)  # Saturdays too
    dialog.hours.end.setTime(QTime(19, 0))
    dialog.show_page("Stages")
    dialog.stages.table.item(1, NAME).setText("Reached")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    values = read_settings(seeded)
    assert (values["broker_name"], values["broker_email"]) == ("Dana Broker", "dana@example.com")
    assert values["default_phone_region"] == "US"
    assert values["working_hours"] == {"days": [0, 1, 2, 3, 4, 5], "start": "09:00", "end": "19:00"}
    assert stage_names(seeded)[1] == "Reached"
    assert window.statusBar().currentMessage() == "Settings saved"


def test_edit_a_cadence(dialog: SettingsDialog, seeded: ServiceContext) -> None:
    dialog.show_page("Cadences")
    keys = [r.key for r in list_rules(seeded)]
    dialog.cadences.rules.setCurrentRow(keys.index("stale_warm"))
    params = json.loads(dialog.cadences.editor.toPlainText())
    params["after_days"] = 10
    dialog.cadences.editor.setPlainText(json.dumps(params, indent=2))
    assert dialog.cadences.status.text().startswith("✓")
    dialog.save()
    with seeded.db.session() as session:
        assert load_followup_rules(session).stale.after_days == 10  # type: ignore[union-attr]


def test_invalid_cadence_shows_the_error_and_saves_nothing(
    dialog: SettingsDialog, seeded: ServiceContext
) -> None:
    before = list_rules(seeded)
    field(dialog, "broker_name").setText("Not saved either")
    dialog.show_page("Cadences")
    dialog.cadences.rules.setCurrentRow(0)
    dialog.cadences.editor.setPlainText('{"steps": [ {"after_days": 1, "kind": "call"')
    assert dialog.cadences.status.text().startswith("⚠ Not valid JSON")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.error.isVisible() and "Not saved." in dialog.error.text()
    assert "not valid json" in dialog.error.text().lower()
    assert list_rules(seeded) == before
    assert read_settings(seeded)["broker_name"] == ""


def test_refused_by_the_service_keeps_the_dialog_open(
    dialog: SettingsDialog, seeded: ServiceContext
) -> None:
    dialog.show_page("Stages")
    dialog.stages.table.item(1, NAME).setText("New")  # the same name as the first stage
    dialog.save()
    assert dialog.isVisible() and "two stages are called 'New'" in dialog.error.text()
    assert stage_names(seeded)[1] == "Contacted"
    assert dialog.buttons.isEnabled()  # the broker can fix it and save again


def test_theme_choice_applies_at_once(window: MainWindow, dialog: SettingsDialog) -> None:
    from PySide6.QtWidgets import QComboBox

    from ui.theme import LIGHT, apply_theme, is_dark

    combo = dialog.findChild(QComboBox, "theme")
    assert combo is not None
    combo.setCurrentIndex(combo.findData("dark"))
    dialog.save()
    try:
        assert is_dark() and window.theme.preference == "dark"
    finally:
        apply_theme(LIGHT)


def test_reminder_and_start_on_login_switches(
    dialog: SettingsDialog, seeded: ServiceContext, qtbot: QtBot
) -> None:
    dialog.findChild(QCheckBox, "reminders_new_lead_breaks_through").setChecked(True)
    dialog.findChild(QCheckBox, "start_on_login").setChecked(True)
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    values = read_settings(seeded)
    assert values["reminders_new_lead_breaks_through"] is True
    assert values["start_on_login"] is True
    assert is_autostart_enabled()  # the XDG autostart entry exists (in the test's home)
    assert autostart_path().stat().st_mode & 0o077 == 0
