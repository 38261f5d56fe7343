"""A real tray under Xvfb: trayer hosts the icon, the reminder pops up as Qt's balloon,
and clicking the balloon opens the inquiry. The Qt program runs in its own process on
the xcb platform (this test process is offscreen), see tray_xvfb_probe.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.reminders.service import ReminderService
from app.services.context import ServiceContext

from .conftest import add_test_lead

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("tray_xvfb_probe.py")
PROBE_TIMEOUT_S = 60
TRAYER = [
    "trayer",
    "--edge", "top",
    "--align", "right",
    "--widthtype", "pixel",
    "--width", "100",
    "--height", "24",
]  # fmt: skip

pytestmark = pytest.mark.xvfb


@pytest.fixture
def tray_host() -> Iterator[subprocess.Popen[bytes]]:
    """trayer on the test display, stopped (killed if need be) after the test."""
    if shutil.which("trayer") is None:
        pytest.skip("trayer is not installed (apt-get install trayer)")
    host = subprocess.Popen(TRAYER, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)  # it claims the tray selection; the probe waits for it anyway
    try:
        yield host
    finally:
        host.terminate()
        try:
            host.wait(timeout=5)
        except subprocess.TimeoutExpired:
            host.kill()
            host.wait(timeout=5)


def run_probe(db_path: Path, clock: FixedClock, *extra: str) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
    # Without a session bus libdbus would autolaunch one per X display, left running after
    # the test; trayer is an XEmbed tray, which needs no bus.
    env.setdefault("DBUS_SESSION_BUS_ADDRESS", f"unix:path={db_path.parent / 'no-bus'}")
    done = subprocess.run(
        [sys.executable, str(PROBE), str(db_path), clock.now().isoformat(), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=PROBE_TIMEOUT_S,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"the probe printed no result (exit {done.returncode}):\n{done.stderr[-2000:]}"
    result: dict[str, object] = json.loads(lines[-1])
    assert done.returncode == 0, f"{result}\n{done.stderr[-2000:]}"
    return result


def test_a_due_follow_up_pops_up_in_the_tray_and_clicking_opens_the_inquiry(
    ctx: ServiceContext,
    db_path: Path,
    clock: FixedClock,
    tray_host: subprocess.Popen[bytes],
) -> None:
    inquiry = add_test_lead(ctx, "Maria", "Gonzalez")  # its first call is due now
    result = run_probe(db_path, clock)
    assert result["tray_available"] is True
    assert result["tray_icon_visible"] is True
    assert result["notification_window_visible"] is False  # the tray took the popup
    assert result["balloon_found"] is True
    assert result["popup_title"] == "New lead: Maria Gonzalez — Call new lead now"
    assert result["opened"] == [inquiry]
    assert result["window_visible"] is True  # brought forward to show it
    assert result["balloon_closed"] is True
    assert str(result["tooltip"]).startswith("Leadkeeper\n0 overdue · ")
    # The window manager's close hides the window into the tray, and says so.
    assert result["hidden_by_wm_close"] is True
    assert result["still_running_told"] is True
    assert result["still_running_balloon"] is True
    # Shown once: the popup was recorded in the database file.
    assert not ReminderService(ctx).poll()
