"""The tray icon: popups for due reminders, a menu rebuilt each time it opens, counts in
the tooltip, and hiding (not quitting) when the main window is closed.

Tray balloons cannot carry buttons, so the menu's top section holds the last popup's
actions (done, snooze), and "Show reminders" opens the notification window, which has
buttons for every item.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from app.clock import Clock
from app.paths import APP_NAME, resources_dir
from app.reminders.batch import Reminder, ReminderBatch
from app.services.due import DueTask
from ui.reminders.actions import SNOOZE_CHOICES, TaskActions
from ui.reminders.scheduler import EMPTY_STATE, ReminderState
from ui.reminders.text import Popup, popup_for, reminder_line, tooltip_text, when_due

POPUP_MS = 15_000
PAUSE_MINUTES = 60
STILL_RUNNING = (
    f"{APP_NAME} is still running in the tray",
    "Reminders keep coming while the window is closed. Quit from this icon's menu.",
)


def app_icon() -> QIcon:
    icon = QApplication.windowIcon()
    if icon.isNull():
        icon = QIcon(str(resources_dir() / "icons" / "leadkeeper.svg"))
    return icon


def _menu_text(text: str) -> str:
    return text.replace("&", "&&")  # a literal ampersand, not a shortcut marker


class _HideOnClose(QObject):
    """Turns the window manager's close (the title bar's ×) into hide. Programmatic
    closes (File > Quit calls `close()`) and a logout's close go through."""

    def __init__(
        self, window: QWidget, can_hide: Callable[[], bool], on_hidden: Callable[[], None]
    ) -> None:
        super().__init__(window)
        self._can_hide = can_hide
        self._on_hidden = on_hidden

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Close or not event.spontaneous():
            return False
        if not self._can_hide():
            return False  # no tray icon to come back from: closing quits
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication) and app.isSavingSession():
            return False  # logging out: let the session close us
        assert isinstance(watched, QWidget)
        event.ignore()
        watched.hide()
        self._on_hidden()
        return True


class TrayController(QObject):
    """The tray icon and its menu. It asks for things through signals; the reminder
    controller decides how (open the inquiry in the window, pause the scheduler...)."""

    open_inquiry_requested = Signal(int)
    open_today_requested = Signal()
    new_lead_requested = Signal()
    show_window_requested = Signal()
    show_reminders_requested = Signal()
    pause_requested = Signal(int)  # minutes
    resume_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        actions: TaskActions,
        clock: Clock,
        *,
        icon: QIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._clock = clock
        self.state = EMPTY_STATE
        self.last_popup: Popup | None = None
        self.last_item: Reminder | None = None  # the last single-item popup, until acted on
        self.last_batch: ReminderBatch | None = None
        self._balloon_click: Callable[[], None] = self.show_window_requested.emit
        self.told_still_running = False
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.tray = QSystemTrayIcon(icon or app_icon(), self)
        self.tray.setContextMenu(self.menu)
        self.tray.messageClicked.connect(self._message_clicked)
        self.tray.activated.connect(self._activated)
        actions.finished.connect(self._acted_on)
        self.set_state(EMPTY_STATE)
        self.rebuild_menu()

    def show(self) -> None:
        self.tray.show()

    def hide(self) -> None:
        self.tray.hide()

    # --- state and popups ------------------------------------------------------------

    def set_state(self, state: ReminderState) -> None:
        """New counts, pause and next items: the tooltip now, the menu when next opened."""
        self.state = state
        self.tray.setToolTip(tooltip_text(state.counts, state.paused_until, self._clock.tz))

    def show_batch(self, batch: ReminderBatch) -> Popup:
        """One popup for the batch: a single item with its actions in the menu, or one
        grouped popup. Clicking opens the inquiry (or Today for a grouped popup)."""
        popup = popup_for(batch, self._clock.now(), self._clock.tz)
        self.last_popup, self.last_batch = popup, batch
        self.last_item = None if popup.grouped else batch.items[0]
        if popup.grouped:
            self._balloon_click = self.open_today_requested.emit
        else:
            self._balloon_click = lambda: self._open(popup.inquiry_id)
        icon = QSystemTrayIcon.MessageIcon.Information
        self.tray.showMessage(popup.title, popup.body, icon, POPUP_MS)
        return popup

    def show_info(self, title: str, body: str) -> None:
        """A balloon that only informs; clicking it shows the window."""
        self._balloon_click = self.show_window_requested.emit
        self.tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, POPUP_MS)

    def _message_clicked(self) -> None:
        self._balloon_click()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_window_requested.emit()

    def _open(self, inquiry_id: int | None) -> None:
        if inquiry_id is None:  # a contact's own task: it is on Today
            self.open_today_requested.emit()
        else:
            self.open_inquiry_requested.emit(inquiry_id)

    def _acted_on(self, task_id: int, _text: str) -> None:
        if self.last_item is not None and self.last_item.task_id == task_id:
            self.last_item = None

    # --- the menu --------------------------------------------------------------------

    def _add(self, text: str, slot: Callable[[], None], enabled: bool = True) -> QAction:
        action = self.menu.addAction(_menu_text(text))
        action.triggered.connect(lambda _checked=False: slot())
        action.setEnabled(enabled)
        return action

    def _header(self, text: str) -> None:
        self.menu.addAction(_menu_text(text)).setEnabled(False)

    def rebuild_menu(self) -> None:
        """Fill the menu from the current state (runs each time it is about to show)."""
        self.menu.clear()
        self._last_popup_section()
        self._upcoming_section()
        self.menu.addSeparator()
        self._add(f"Open {APP_NAME}", self.show_window_requested.emit)
        self._add("Today", self.open_today_requested.emit)
        self._add("New lead…", self.new_lead_requested.emit)
        self._add("Show reminders", self.show_reminders_requested.emit)
        paused = self.state.paused_until
        if paused is not None and paused > self._clock.now():
            local = paused.astimezone(self._clock.tz)
            self._add(f"Resume reminders (paused until {local:%H:%M})", self.resume_requested.emit)
        else:
            self._add(
                "Pause reminders for 1 hour", lambda: self.pause_requested.emit(PAUSE_MINUTES)
            )
        self.menu.addSeparator()
        self._add(f"Quit {APP_NAME}", self.quit_requested.emit)

    def _last_popup_section(self) -> None:
        item = self.last_item
        if item is not None:
            self._header(reminder_line(item))
            self._add("Open", lambda: self._open(item.inquiry_id))
            self._add("Mark done", lambda: self._actions.complete(item.task_id))
            for choice in SNOOZE_CHOICES:
                self._add(choice.label, partial(self._actions.snooze, item.task_id, choice))
            self.menu.addSeparator()
        elif self.last_popup is not None and self.last_popup.grouped:
            self._header(self.last_popup.title)
            self._add("Show them with Done and Snooze…", self.show_reminders_requested.emit)
            self.menu.addSeparator()

    def _upcoming_section(self) -> None:
        items = self.state.upcoming
        if not items:
            self._header("Nothing due today")
            return
        self._header("Next due")
        now = self._clock.now()
        for task in items:
            self._add(self._upcoming_text(task, now), partial(self._open, task.inquiry_id))

    def _upcoming_text(self, task: DueTask, now: datetime) -> str:
        who = f"{task.contact_name} — " if task.contact_name else ""
        return f"{who}{task.title} ({when_due(task.due_at, now, self._clock.tz)})"

    # --- closing the window ----------------------------------------------------------

    def keep_running_on_close(
        self, window: QWidget, can_hide: Callable[[], bool] | None = None
    ) -> None:
        """Closing `window` from its title bar hides it and keeps the app in the tray
        (told once per run) while `can_hide()` (default: the icon is visible); File > Quit
        (a programmatic `close()`) and the tray's Quit still quit."""
        self.close_filter = _HideOnClose(
            window, can_hide or self.tray.isVisible, self._hidden_to_tray
        )
        window.installEventFilter(self.close_filter)

    def _hidden_to_tray(self) -> None:
        if not self.told_still_running:
            self.told_still_running = True
            self.show_info(*STILL_RUNNING)
