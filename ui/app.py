"""Starting the desktop app: the QApplication, the database, the window, daily backups."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app.clock import Clock, SystemClock, today
from app.errors import LeadkeeperError
from app.paths import APP_NAME, resources_dir
from app.services.context import ServiceContext, open_context
from app.services.maintenance import daily_backup
from app.services.settings_admin import read_settings
from ui.background import run_in_background, wait_for_background
from ui.main_window import MainWindow
from ui.reminders import install_reminders
from ui.single_instance import SingleInstance, instance_key
from ui.theme import SYSTEM

log = logging.getLogger(__name__)

EXIT_REFUSED = 2  # the database could not be opened; the message said why
BACKUP_CHECK_MS = 60 * 60 * 1000  # hourly: a laptop left open overnight still gets one a day


def configure_application(qapp: QCoreApplication) -> None:
    """Names (for QSettings and the window manager) and the window icon."""
    qapp.setApplicationName(APP_NAME)
    qapp.setOrganizationName(APP_NAME)
    if isinstance(qapp, QApplication):
        qapp.setApplicationDisplayName(APP_NAME)
        # Wayland matches the window to leadkeeper.desktop (icon, name) by this.
        qapp.setDesktopFileName("leadkeeper")
        qapp.setWindowIcon(QIcon(str(resources_dir() / "icons" / "leadkeeper.svg")))


def start_daily_backups(window: MainWindow, db_path: Path, clock: Clock) -> QTimer:
    """Today's backup now and a check every hour (at most one a day: the backup function
    does nothing when today's copy exists). The time-based follow-up rules run daily from
    the reminder scheduler, just before it polls."""

    def back_up() -> None:
        run_in_background(
            lambda: daily_backup(db_path, today(clock)),
            saved,
            failed,
        )

    def saved(created: Path | None) -> None:
        if created is not None:
            window.show_message("Today's backup was saved")

    def failed(error: BaseException) -> None:
        reason = error.strerror if isinstance(error, OSError) else type(error).__name__
        log.error("automatic backup failed: %s", reason)
        window.statusBar().showMessage(
            f"Automatic backup failed ({reason}); try File > Back up now"
        )

    timer = QTimer(window)
    timer.setInterval(BACKUP_CHECK_MS)
    timer.timeout.connect(back_up)
    timer.start()
    back_up()
    return timer


def theme_setting(ctx: ServiceContext) -> str:
    """The broker's choice of light, dark or the OS's (Settings > Region & hours)."""
    return str(read_settings(ctx).get("theme") or SYSTEM)


def open_main_window(db_path: Path, clock: Clock) -> MainWindow | None:
    """Open the database and show the main window, or explain why not (and return None).

    A database from a newer Leadkeeper is refused before anything is written to it.
    """
    try:
        ctx = open_context(db_path, clock)
    except (LeadkeeperError, OSError) as exc:
        text = str(exc) if isinstance(exc, LeadkeeperError) else f"{db_path}: {exc.strerror}"
        QMessageBox.critical(None, f"{APP_NAME} cannot open the database", text)
        return None
    theme = theme_setting(ctx)
    window = MainWindow(ctx, theme=theme)
    window.theme.apply()  # before the first paint: no flash of the wrong palette
    window.show()
    start_daily_backups(window, db_path, clock)
    return window


def run_gui(db_path: Path, clock: Clock | None = None) -> int:
    """Run the desktop app on the database at `db_path`; returns the process exit code."""
    existing = QApplication.instance()
    qapp = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    configure_application(qapp)
    instance = SingleInstance(instance_key(db_path))
    if not instance.claim():  # before the database is opened: a second launch touches nothing
        return 0  # the running app was asked to bring its window forward
    window = open_main_window(db_path, clock or SystemClock())
    if window is None:
        instance.release()
        return EXIT_REFUSED
    reminders = install_reminders(
        window,
        window.ctx,
        window.changes,
        open_inquiry=window.open_inquiry,
        open_today=lambda: window.show_page("today"),
        new_lead=window.new_lead,
    )
    instance.raise_requested.connect(reminders.show_window)
    try:
        return qapp.exec()
    finally:
        reminders.shutdown()
        instance.release()
        wait_for_background()  # let a write or backup in progress finish
        window.ctx.db.close()
