"""The OS "resumed from sleep" signal, where there is one (Linux: logind over D-Bus).

logind emits `PrepareForSleep(true)` before suspending and `PrepareForSleep(false)` after
waking. Without a system bus (containers, CI, Windows, macOS) this does nothing: the
scheduler's wall-clock gap detector notices a resume anyway, within a tick.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import SLOT, QObject, Signal, Slot

log = logging.getLogger(__name__)

LOGIND = ("org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager")
SYSTEM_BUS_SOCKET = Path("/run/dbus/system_bus_socket")


def system_bus_reachable() -> bool:
    """Looked up before touching QtDBus, which would otherwise try (and log) in vain."""
    return bool(os.environ.get("DBUS_SYSTEM_BUS_ADDRESS")) or SYSTEM_BUS_SOCKET.exists()


class SleepWatcher(QObject):
    """Emits `resumed` when logind says the machine woke up. `active` says whether it
    is listening at all."""

    resumed = Signal()
    sleeping = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.active = False
        if not system_bus_reachable():
            return
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt build without D-Bus (Windows, macOS)
            return
        bus = QDBusConnection.systemBus()
        if not bus.isConnected():
            return
        service, path, interface = LOGIND
        self.active = bus.connect(
            service,
            path,
            interface,
            "PrepareForSleep",
            self,
            SLOT("on_prepare_for_sleep(bool)"),  # type: ignore[call-overload]
        )
        if not self.active:
            log.info("logind sleep signal not available; relying on the wall-clock check")

    @Slot(bool)
    def on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.sleeping.emit()
        else:
            self.resumed.emit()
