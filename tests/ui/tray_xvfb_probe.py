"""Run by test_tray_xvfb.py in its own process on a real X display with a tray host:
install the reminders on a database file, wait for the tray popup, click Qt's balloon,
and print what happened as one JSON line.

    python tests/ui/tray_xvfb_probe.py DB_PATH NOW_ISO [--screenshot PNG]
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from app.clock import FixedClock
from app.services.context import open_context
from ui.background import Changes
from ui.reminders import install_reminders

TRAY_WAIT_MS = 15_000
POPUP_WAIT_MS = 10_000
STEP_MS = 50


def _balloons() -> list[QWidget]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.metaObject().className() == "QBalloonTip" and w.isVisible()
    ]


class Probe:
    def __init__(self, app: QApplication, db_path: Path, now: datetime, screenshot: Path | None):
        self.app = app
        self.db_path = db_path
        self.now = now
        self.screenshot = screenshot
        self.result: dict[str, Any] = {"opened": [], "today": 0}
        self.waited_ms = 0
        self.reported = False
        app.aboutToQuit.connect(self.quit_early)

    def finish(self, code: int = 0) -> None:
        if not self.reported:
            self.reported = True
            print(json.dumps(self.result), flush=True)
        self.app.exit(code)

    def quit_early(self) -> None:
        """The app quit on its own (closing the window must not do that): say how far
        it got."""
        if not self.reported:
            self.result["quit_early"] = True
            self.finish(1)

    def wait_for_tray(self) -> None:
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.result["tray_available"] = True
            self.install()
        elif self.waited_ms >= TRAY_WAIT_MS:
            self.result["tray_available"] = False
            self.finish(1)
        else:
            self.waited_ms += STEP_MS
            QTimer.singleShot(STEP_MS, self.wait_for_tray)

    def install(self) -> None:
        self.ctx = open_context(self.db_path, FixedClock(current=self.now))
        self.window = QWidget()
        self.window.setWindowTitle("Leadkeeper")
        self.controller = install_reminders(
            self.window,
            self.ctx,
            Changes(self.window),
            open_inquiry=self.result["opened"].append,
            open_today=self.opened_today,
            new_lead=lambda: None,
        )
        self.result["tray_icon_visible"] = (
            self.controller.tray is not None and self.controller.tray.tray.isVisible()
        )
        self.result["notification_window_visible"] = self.controller.notifications.isVisible()
        self.waited_ms = 0
        QTimer.singleShot(STEP_MS, self.wait_for_balloon)

    def opened_today(self) -> None:
        self.result["today"] += 1

    def wait_for_balloon(self) -> None:
        balloons = _balloons()
        if not balloons:
            if self.waited_ms >= POPUP_WAIT_MS:
                self.result["balloon_found"] = False
                self.finish(1)
                return
            self.waited_ms += STEP_MS
            QTimer.singleShot(STEP_MS, self.wait_for_balloon)
            return
        balloon = balloons[0]
        tray = self.controller.tray
        self.result["balloon_found"] = True
        self.result["popup_title"] = tray.last_popup.title if tray and tray.last_popup else None
        self.result["tooltip"] = tray.tray.toolTip() if tray else None
        self.result["batches"] = [list(b.marked_ids) for b in self.controller.shown_batches]
        if self.screenshot is not None:
            QApplication.processEvents()
            screen = balloon.screen().grabWindow(0)
            screen.copy(balloon.geometry().adjusted(-300, -8, 8, 60)).save(str(self.screenshot))
        # Click the text, away from the balloon's own close button in the top-right corner.
        QTest.mouseClick(balloon, Qt.MouseButton.LeftButton, pos=QPoint(40, balloon.height() - 12))
        QTimer.singleShot(300, self.after_click)

    def after_click(self) -> None:
        self.result["balloon_closed"] = not _balloons()
        self.result["window_visible"] = self.window.isVisible()
        # Close the window the way a window manager does (its title bar's ×).
        send_wm_delete(int(self.window.winId()))
        QTimer.singleShot(500, self.after_wm_close)

    def after_wm_close(self) -> None:
        tray = self.controller.tray
        self.result["hidden_by_wm_close"] = not self.window.isVisible()
        self.result["still_running_told"] = bool(tray and tray.told_still_running)
        self.result["still_running_balloon"] = bool(_balloons())
        self.controller.shutdown()
        self.ctx.db.close()
        self.finish(0)


class _ClientMessage(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    )


class _XEvent(ctypes.Union):
    _fields_ = (("client", _ClientMessage), ("pad", ctypes.c_long * 24))


def send_wm_delete(window_id: int) -> None:
    """Send WM_DELETE_WINDOW, as a window manager does when its close button is clicked
    (Qt turns it into a spontaneous close event)."""
    xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = (ctypes.c_char_p,)
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
    xlib.XSendEvent.argtypes = (
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_int,
        ctypes.c_long,
        ctypes.POINTER(_XEvent),
    )
    xlib.XFlush.argtypes = (ctypes.c_void_p,)
    xlib.XCloseDisplay.argtypes = (ctypes.c_void_p,)
    display = xlib.XOpenDisplay(None)
    event = _XEvent()
    event.client.type = 33  # ClientMessage
    event.client.window = window_id
    event.client.message_type = xlib.XInternAtom(display, b"WM_PROTOCOLS", 0)
    event.client.format = 32
    event.client.data[0] = xlib.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
    xlib.XSendEvent(display, window_id, 0, 0, ctypes.byref(event))
    xlib.XFlush(display)
    xlib.XCloseDisplay(display)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db_path", type=Path)
    parser.add_argument("now", type=datetime.fromisoformat)
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    probe = Probe(app, args.db_path, args.now, args.screenshot)
    QTimer.singleShot(0, probe.wait_for_tray)
    code = app.exec()
    return 1 if probe.result.get("quit_early") else code


if __name__ == "__main__":
    raise SystemExit(main())
