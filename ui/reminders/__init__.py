"""Reminders on screen: the scheduler that wakes us, tray popups, the notification window.

`install_reminders(window, ctx, changes, open_inquiry=..., open_today=..., new_lead=...)`
builds and starts everything once the main window exists. Where the desktop has a tray,
batches pop up from the tray icon; where it has none, the notification window shows each
batch, so a reminder is never silently lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from app.reminders.batch import ReminderBatch
from app.services.context import ServiceContext
from ui.background import Changes
from ui.reminders.actions import TaskActions
from ui.reminders.notification_window import NotificationWindow
from ui.reminders.scheduler import TICK_SECONDS, ReminderScheduler, ReminderState
from ui.reminders.tray import TrayController

__all__ = ["ReminderController", "install_reminders"]

log = logging.getLogger(__name__)


class ReminderController(QObject):
    """Owns the scheduler, the tray (when there may be one) and the notification window."""

    def __init__(
        self,
        window: QWidget,
        ctx: ServiceContext,
        changes: Changes,
        *,
        open_inquiry: Callable[[int], None],
        open_today: Callable[[], None],
        new_lead: Callable[[], None],
        tray_available: bool | None = None,
        tick_seconds: float = TICK_SECONDS,
        catch_up_daily: bool = True,
        watch_os_sleep: bool = True,
        quit_app: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._quit_app = quit_app or QApplication.quit
        self.window = window
        self._open_inquiry = open_inquiry
        self._open_today = open_today
        self._new_lead = new_lead
        self._forced_tray = tray_available  # None: ask the desktop each time
        self.actions = TaskActions(ctx, changes, self)
        self.scheduler = ReminderScheduler(
            ctx,
            changes,
            tick_seconds=tick_seconds,
            catch_up_daily=catch_up_daily,
            watch_os_sleep=watch_os_sleep,
            parent=self,
        )
        self.notifications = NotificationWindow(self.actions, ctx.clock)
        self.notifications.open_inquiry_requested.connect(self.open_inquiry)
        self.notifications.open_today_requested.connect(self.open_today)
        self.tray: TrayController | None = None
        if tray_available is not False:
            self.tray = TrayController(self.actions, ctx.clock, parent=self)
            self._wire_tray(self.tray)
        self.scheduler.batch_ready.connect(self.show_batch)
        self.scheduler.state_changed.connect(self._state_changed)
        self.shown_batches: list[ReminderBatch] = []  # this run's, for tests and diagnostics

    def _wire_tray(self, tray: TrayController) -> None:
        tray.open_inquiry_requested.connect(self.open_inquiry)
        tray.open_today_requested.connect(self.open_today)
        tray.new_lead_requested.connect(self.new_lead)
        tray.show_window_requested.connect(self.show_window)
        tray.show_reminders_requested.connect(self.show_reminders)
        tray.pause_requested.connect(self.scheduler.pause)
        tray.resume_requested.connect(self.scheduler.resume_reminders)
        tray.quit_requested.connect(self.quit)

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> None:
        """Show the tray icon (if the desktop has a tray) and start waking."""
        self._show_tray_icon()
        self.scheduler.start()

    def shutdown(self) -> None:
        """Stop the scheduler and take the tray icon and the window away (on quit)."""
        self.scheduler.stop()
        if self.tray is not None:
            self.tray.hide()
        self.notifications.hide()

    def quit(self) -> None:
        """Really quit (the tray's Quit): close the window (it may save its state or
        refuse), then leave the event loop."""
        if not self.window.close():
            return
        self.shutdown()
        self._quit_app()

    def keep_running_on_close(self) -> None:
        """Closing the window from its title bar hides it while the tray icon is there."""
        if self.tray is not None:
            self.tray.keep_running_on_close(self.window, can_hide=self.tray_usable)

    def tray_usable(self) -> bool:
        """Popups go to the tray (else to the notification window)."""
        if self.tray is None:
            return False
        if self._forced_tray is not None:
            return self._forced_tray
        return self._desktop_has_tray() and self.tray.tray.isVisible()

    def _desktop_has_tray(self) -> bool:
        return self._forced_tray is not False and QSystemTrayIcon.isSystemTrayAvailable()

    def _show_tray_icon(self) -> None:
        # A tray host started after us (autostart at login) is picked up on a later poll.
        tray = self.tray
        if tray is not None and not tray.tray.isVisible() and self._desktop_has_tray():
            tray.show()

    # --- what the scheduler delivers -------------------------------------------------

    def show_batch(self, batch: ReminderBatch) -> None:
        """Display a batch the poll marked shown: a tray popup, else the window."""
        self.shown_batches.append(batch)
        self.notifications.add_batch(batch)
        if self.tray is not None and self.tray_usable():
            self.tray.show_batch(batch)
        else:
            self.notifications.show_in_corner()

    def _state_changed(self, state: ReminderState) -> None:
        if self.tray is not None:
            self._show_tray_icon()
            self.tray.set_state(state)

    # --- opening things --------------------------------------------------------------

    def show_window(self) -> None:
        """Bring the main window forward (from the tray, or a second launch)."""
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def open_inquiry(self, inquiry_id: int) -> None:
        self.show_window()
        self._open_inquiry(inquiry_id)

    def open_today(self) -> None:
        self.show_window()
        self._open_today()

    def new_lead(self) -> None:
        self.show_window()
        self._new_lead()

    def show_reminders(self) -> None:
        self.notifications.show_in_corner()


def install_reminders(
    window: QWidget,
    ctx: ServiceContext,
    changes: Changes,
    *,
    open_inquiry: Callable[[int], None],
    open_today: Callable[[], None],
    new_lead: Callable[[], None],
    tray_available: bool | None = None,
    keep_running_on_close: bool = True,
    catch_up_daily: bool = True,
    start: bool = True,
    quit_app: Callable[[], None] | None = None,
) -> ReminderController:
    """Build the reminders for `window` and start them: a first poll runs at once.

    The controller is a child of `window` and stops its scheduler when the application
    quits. `tray_available` forces the tray (True) or the notification window (False);
    None asks the desktop. With a tray, closing the window from its title bar hides it
    into the tray (`keep_running_on_close`). `quit_app` is what the tray's Quit calls
    after closing the window (default `QApplication.quit`).
    """
    controller = ReminderController(
        window,
        ctx,
        changes,
        open_inquiry=open_inquiry,
        open_today=open_today,
        new_lead=new_lead,
        tray_available=tray_available,
        catch_up_daily=catch_up_daily,
        quit_app=quit_app,
    )
    if keep_running_on_close:
        controller.keep_running_on_close()
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(controller.shutdown)
    if start:
        controller.start()
    return controller
