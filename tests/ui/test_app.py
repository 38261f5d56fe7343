"""Starting the app: the database is opened (or refused), backups happen by themselves."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.paths import backups_dir
from ui import app as ui_app
from ui.app import EXIT_REFUSED, open_main_window, run_gui


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error dialogs are recorded instead of waiting for a click."""
    shown: list[str] = []

    def critical(_parent: object, title: str, text: str) -> QMessageBox.StandardButton:
        shown.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", critical)
    return shown


def test_newer_schema_is_refused_untouched(
    db_path: Path, clock: FixedClock, dialogs: list[str]
) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'from_the_future'")
    conn.close()
    before = db_path.read_bytes()
    assert run_gui(db_path, clock) == EXIT_REFUSED == 2
    assert db_path.read_bytes() == before
    assert not backups_dir(db_path).exists()
    assert len(dialogs) == 1
    assert "newer Leadkeeper" in dialogs[0] and "left untouched" in dialogs[0]


def test_not_a_database_is_refused_readably(
    tmp_path: Path, clock: FixedClock, dialogs: list[str]
) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n" * 200)
    assert run_gui(path, clock) == EXIT_REFUSED
    assert "not a readable SQLite database" in dialogs[0]
    assert path.read_text().startswith("shopping list")


def test_start_shows_window_and_makes_todays_backup(
    db_path: Path, clock: FixedClock, qtbot: QtBot
) -> None:
    window = open_main_window(db_path, clock)
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert window.isVisible()
        daily = backups_dir(db_path) / "daily-2026-03-02.db"
        assert daily.exists()
        assert window.statusBar().currentMessage() == "Today's backup was saved"
        # The hourly check makes no second copy the same day, and one the next day.
        timers = [t for t in window.findChildren(QTimer) if t.interval() == ui_app.BACKUP_CHECK_MS]
        assert len(timers) == 1
        timers[0].timeout.emit()
        assert sorted(p.name for p in backups_dir(db_path).iterdir()) == ["daily-2026-03-02.db"]
        clock.advance(timedelta(days=1))
        timers[0].timeout.emit()
        assert (backups_dir(db_path) / "daily-2026-03-03.db").exists()
    finally:
        window.ctx.db.close()


def test_run_gui_returns_the_event_loop_code(
    db_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = []
    real_open = ui_app.open_main_window

    def open_and_quit(path: Path, clk: FixedClock):  # type: ignore[no-untyped-def]
        window = real_open(path, clk)
        opened.append(window)
        QTimer.singleShot(0, window.close)  # the last window closes: the loop ends
        return window

    monkeypatch.setattr(ui_app, "open_main_window", open_and_quit)
    assert run_gui(db_path, clock) == 0
    assert QApplication.applicationName() == "Leadkeeper"
    assert not QApplication.windowIcon().isNull()
    assert (backups_dir(db_path) / "daily-2026-03-02.db").exists()
    opened[0].deleteLater()
