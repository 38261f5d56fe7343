"""One running Leadkeeper per user and database: a second launch brings the first forward.

The first instance listens on a local socket (a Unix socket in the temp folder, a named
pipe on Windows) named after the user and the database path, so two different databases
can run side by side. A later launch connects, says "raise" and exits.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

RAISE = b"raise\n"
CONNECT_TIMEOUT_MS = 500
WRITE_TIMEOUT_MS = 1000


def instance_key(db_path: Path, user: str | None = None) -> str:
    """The socket name for this user and database (a hash: no path or name leaks into
    the temp folder)."""
    who = user if user is not None else _user()
    where = str(Path(db_path).expanduser().resolve())
    digest = hashlib.sha256(f"{who}\0{where}".encode()).hexdigest()[:24]
    return f"leadkeeper-{digest}"


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (some containers)
        return str(Path.home())


class SingleInstance(QObject):
    """`claim()` once at start: True means this is the only instance (keep the object
    alive: it serves the socket); False means another one was asked to come forward."""

    raise_requested = Signal()

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._server: QLocalServer | None = None

    @property
    def is_primary(self) -> bool:
        return self._server is not None and self._server.isListening()

    def claim(self) -> bool:
        """Become the running instance, or ask the running one to raise its window."""
        if self._tell_running_instance():
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # Nobody answered, so any socket file under this name was left by a crash. With
        # UserAccessOption Qt binds in a private folder and renames over it; should listen
        # still fail (other platforms, options), remove the stale name and try once more.
        if not server.listen(self.key):
            QLocalServer.removeServer(self.key)
            if not server.listen(self.key):
                if self._tell_running_instance():  # another launch won the race
                    return False
                # Carry on without the guard rather than refuse to start.
                log.warning("single-instance socket unavailable: %s", server.errorString())
                return True
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def _tell_running_instance(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.key)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(RAISE)
        socket.waitForBytesWritten(WRITE_TIMEOUT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(WRITE_TIMEOUT_MS)
        return True

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.setParent(self)
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            if bytes(socket.readLine().data()) == RAISE:
                self.raise_requested.emit()

    def release(self) -> None:
        """Stop serving (on quit); the socket file goes with it."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
