"""The OS resume signal: logind's PrepareForSleep over the system bus wakes the scheduler;
without a system bus the watcher stays quiet and the wall-clock check does the job."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.services.context import ServiceContext
from ui.reminders import sleep_signal
from ui.reminders.scheduler import ReminderScheduler
from ui.reminders.sleep_signal import SleepWatcher

from .reminders_support import add_call, add_contact

ROOT = Path(__file__).resolve().parents[2]

# Runs in its own process: QtDBus connects to "the system bus" once per process.
FAKE_LOGIND = """
import json, os, sys
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtDBus import QDBusConnection, QDBusMessage
from ui.reminders.sleep_signal import SleepWatcher

app = QCoreApplication(sys.argv[:1])
watcher = SleepWatcher()
seen = []
watcher.sleeping.connect(lambda: seen.append("sleeping"))
watcher.resumed.connect(lambda: seen.append("resumed"))
logind = QDBusConnection.connectToBus(os.environ["DBUS_SYSTEM_BUS_ADDRESS"], "fake-logind")
owned = logind.registerService("org.freedesktop.login1")

def emit(going_to_sleep):
    message = QDBusMessage.createSignal(
        "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep"
    )
    message.setArguments([going_to_sleep])
    logind.send(message)

def report():
    print(json.dumps({"active": watcher.active, "owned": owned, "seen": seen}), flush=True)
    app.exit(0)

QTimer.singleShot(100, lambda: emit(True))
QTimer.singleShot(200, lambda: emit(False))
QTimer.singleShot(1500, report)
app.exec()
"""


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[str]:
    """A throwaway D-Bus daemon standing in for the system bus."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed")
    address_file = tmp_path / "bus-address"
    with address_file.open("w") as out:
        daemon = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + 10
        while not address_file.read_text().strip() and time.monotonic() < deadline:
            time.sleep(0.05)
        address = address_file.read_text().strip()
        assert address, "dbus-daemon did not start"
        yield address
    finally:
        daemon.terminate()
        daemon.wait(timeout=5)


def test_logind_prepare_for_sleep_false_means_resumed(private_bus: str) -> None:
    env = dict(
        os.environ,
        DBUS_SYSTEM_BUS_ADDRESS=private_bus,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(
        [sys.executable, "-c", FAKE_LOGIND],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result == {"active": True, "owned": True, "seen": ["sleeping", "resumed"]}


def test_without_a_system_bus_the_watcher_is_inactive(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot: QtBot
) -> None:
    monkeypatch.delenv("DBUS_SYSTEM_BUS_ADDRESS", raising=False)
    monkeypatch.setattr(sleep_signal, "SYSTEM_BUS_SOCKET", tmp_path / "no-such-socket")
    assert not SleepWatcher().active


def test_the_resume_signal_makes_the_scheduler_show_what_came_due(
    ctx: ServiceContext, clock: FixedClock, qtbot: QtBot
) -> None:
    add_call(ctx, add_contact(ctx), clock.now() + timedelta(minutes=30), "Due while asleep")
    scheduler = ReminderScheduler(ctx, watch_os_sleep=True)
    assert scheduler.sleep_watcher is not None
    try:
        scheduler.start()
        clock.advance(timedelta(hours=3))
        with qtbot.waitSignal(scheduler.batch_ready, timeout=3000) as got:
            scheduler.sleep_watcher.resumed.emit()  # what logind's signal leads to
    finally:
        scheduler.stop()
    assert [item.title for item in got.args[0].items] == ["Due while asleep"]
