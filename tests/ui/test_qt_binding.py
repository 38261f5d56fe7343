"""The installed Qt binding must not corrupt Python's reference counts.

PySide6 6.12.0 on Python 3.11 drops one reference to None each time C++ calls a Python
override that returns None (a model's data() for a role it does not handle, a
QRunnable's run(), a queued slot), and one reference to True on every Signal.emit().
None and True start with a few thousand references, so the desktop app aborts within
seconds of scrolling a list ("Fatal Python error: none_dealloc"). 6.11.2 is fine.
From Python 3.12 on, None and True are immortal and the bug is harmless.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtCore import Signal as QtSignal

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None and True are immortal from Python 3.12 on"
)
CALLS = 200  # enough to tell, too few to exhaust None and abort the whole run
SLACK = 50  # unrelated objects come and go while the loop runs


class _Model(QAbstractListModel):
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        return None  # what every model returns for the roles it does not handle


class _Emitter(QObject):
    fired = QtSignal(int)


def test_overrides_returning_none_keep_none_alive() -> None:
    model = _Model()
    index = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        index.data(Qt.ItemDataRole.ToolTipRole)
    assert sys.getrefcount(None) > before - SLACK, "this PySide6 build drops references to None"


def test_emit_keeps_true_alive() -> None:
    emitter = _Emitter()
    emitter.fired.connect(lambda _n: None)
    before = sys.getrefcount(True)
    for n in range(CALLS):
        emitter.fired.emit(n)
    assert sys.getrefcount(True) > before - SLACK, "this PySide6 build drops references to True"
