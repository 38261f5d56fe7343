"""The desk at scale, offscreen: how long the broker waits for the main screens.

On the database bench/core.py builds (100,000 contacts, 50,000 active inquiries,
200,000 tasks, 500,000 interactions), with the real background worker:

    start_s    start in a fresh interpreter: process start until the main window is
               shown with Today loaded; bytecode cached as in an installed app
               (median of 3 after an untimed first run)                   target <= 1.5
    board_ms   board open or filter change (bench/ui_board.py)            target <= 150
    drag_ms    a drag-and-drop stage move (bench/ui_board.py)             target <= 50
    search_ms  a keystroke in the Ctrl+K popup until its results are shown
               (median over names, emails, phone digits and notes typed a
               character at a time)                                       target <= 50
    today_ms   a Today refresh: until the sections are on screen          target <= 50

Prints exactly one JSON object on stdout (the five figures, then "details": their parts
and the CPU time they took, which a busy machine does not stretch); progress goes to
stderr.

    python bench/ui.py --db PATH     # a database bench/core.py kept (--keep --db PATH)
    python bench/ui.py [--small]     # builds one first with bench/core_data.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGETS = {"start_s": 1.5, "board_ms": 150, "drag_ms": 50, "search_ms": 50, "today_ms": 50}
TYPED = ("olivia", "smith", "c1234@", "4165550", "rates")  # name, name, email, phone, note
WAIT_S = 30.0
READY = "ready"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _wait_until(done: Callable[[], bool], timeout_s: float = WAIT_S) -> None:
    """Run the event loop until `done()`: results come back through it."""
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + timeout_s
    loop = QEventLoop()
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("no answer in time")
        loop.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)


# --- start --------------------------------------------------------------------------------


def start_child(db: Path) -> None:
    """Run in the fresh interpreter: the app's own start-up, minus the daily backup."""
    from PySide6.QtWidgets import QApplication

    from app.clock import SystemClock
    from app.services.context import open_context
    from ui.app import configure_application, theme_setting
    from ui.main_window import MainWindow

    app = QApplication([])
    configure_application(app)
    ctx = open_context(db, SystemClock())
    window = MainWindow(ctx, theme=theme_setting(ctx))
    window.theme.apply()
    loaded: list[bool] = []
    window.today.loaded.connect(lambda _data: loaded.append(True))
    window.show_page("today")
    window.show()
    _wait_until(lambda: bool(loaded))
    app.processEvents()  # painted
    print(READY, flush=True)
    os._exit(0)  # the measurement is over; skip tearing down


def measure_start(db: Path, runs: int = 3) -> tuple[float, float]:
    """Seconds from launching a new interpreter until it says Today is on screen, and
    the CPU seconds the interpreter used meanwhile (medians)."""
    times, cpu = [], []
    # As installed: compiled bytecode cached (outside the tree), which a first, untimed
    # run fills in. Without it every start compiles app/ and ui/ from source again.
    cache = tempfile.mkdtemp(prefix="leadkeeper-pycache-")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPYCACHEPREFIX": cache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for run in range(runs + 1):
        begin = time.perf_counter()
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        child = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--start-child", str(db)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        if READY not in child.stdout:
            raise RuntimeError(f"the app did not start: {child.stderr[-2000:]}")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if run:
            times.append(time.perf_counter() - begin)
            cpu.append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
    shutil.rmtree(cache, ignore_errors=True)
    return round(statistics.median(times), 2), round(statistics.median(cpu), 2)


# --- search and today ---------------------------------------------------------------------


def measure_search(ctx: Any) -> dict[str, float]:
    """Type each of TYPED a character at a time; time each keystroke until shown."""
    from PySide6.QtWidgets import QApplication

    from ui.search import SearchPopup

    popup = SearchPopup(ctx)
    popup.resize(640, 480)
    popup.show()
    shown: list[str] = []
    popup.searched.connect(shown.append)
    times: list[float] = []
    cpu: list[float] = []
    worst: dict[str, float] = {}
    for word in TYPED:
        popup.edit.clear()
        _wait_until(lambda: popup.shown_text == "")
        for n in range(1, len(word) + 1):
            text = word[:n]
            start, start_cpu = time.perf_counter(), time.process_time()
            popup.edit.setText(text)
            _wait_until(lambda t=text: bool(shown) and shown[-1] == t)  # type: ignore[misc]
            QApplication.processEvents()  # painted
            took = (time.perf_counter() - start) * 1000
            if n > 1:  # the first letter is the broadest; count real typing
                times.append(took)
                cpu.append((time.process_time() - start_cpu) * 1000)
                worst[word] = max(worst.get(word, 0.0), took)
    popup.close()
    return {
        "search_ms": round(statistics.median(times), 1),
        "search_worst_ms": round(max(times), 1),
        "search_cpu_ms": round(statistics.median(cpu), 1),
        **{f"search_worst_{w.strip('@')}_ms": round(v, 1) for w, v in worst.items()},
    }


def measure_today(ctx: Any, runs: int = 9) -> dict[str, float]:
    """Today refreshes (what a completed task or a new day causes), median of `runs`."""
    from PySide6.QtGui import QUndoStack

    from ui.background import Changes
    from ui.today_view import TodayView

    view = TodayView(ctx, Changes(), QUndoStack())
    view.resize(900, 700)
    loads: list[int] = []
    view.loaded.connect(lambda _data: loads.append(1))
    view.show()
    _wait_until(lambda: len(loads) == 1)  # the first load: warm-up
    times, cpu = [], []
    for _ in range(runs):
        before = len(loads)
        start, start_cpu = time.perf_counter(), time.process_time()
        view.refresh()
        _wait_until(lambda b=before: len(loads) > b)  # type: ignore[misc]
        view.repaint()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    view.close()
    return {
        "today_ms": round(statistics.median(times), 1),
        "today_cpu_ms": round(statistics.median(cpu), 1),
    }


# --- main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing database (bench/core.py --keep)")
    parser.add_argument("--small", action="store_true", help="build a tenth of the size")
    parser.add_argument("--start-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.start_child is not None:
        start_child(args.start_child)
        return 0

    from PySide6.QtWidgets import QApplication

    from app.clock import FixedClock
    from app.services.context import open_context
    from bench import core, core_data
    from bench.ui_board import measure_board
    from ui import background

    app = QApplication.instance() or QApplication([])
    folder = None
    if args.db is not None:
        db = args.db
    else:
        folder = Path(tempfile.mkdtemp(prefix="leadkeeper-ui-"))
        db = folder / "ui.db"
        _log("building the database (bench/core_data.py)")
        built = open_context(db, FixedClock(current=core.NOW))
        core_data.build(built, core.SMALL if args.small else core.FULL)
        with built.db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        built.db.close()
    try:
        _log("start")
        start_s, start_cpu_s = measure_start(db)
        figures: dict[str, Any] = {"start_s": start_s}
        ctx = open_context(db, FixedClock(current=core.NOW))
        background.set_inline(False)
        _log("board")
        board = measure_board(ctx)
        figures.update(board_ms=board["board_ms"], drag_ms=board["drag_ms"])
        _log("search")
        search = measure_search(ctx)
        _log("today")
        today = measure_today(ctx)
        figures.update(search_ms=search["search_ms"], today_ms=today["today_ms"])
        background.wait_for_background()
        ctx.db.close()
        missed = [k for k, limit in TARGETS.items() if figures[k] > limit]
        if missed:
            _log(f"over target: {', '.join(missed)}")
        details = {"start_cpu_s": start_cpu_s, **board, **search, **today}
        result = {
            **figures,
            "load_avg": round(os.getloadavg()[0], 2),  # wall times stretch on a busy machine
            "details": {k: v for k, v in details.items() if k not in figures},
            "db_mb": round(db.stat().st_size / 1e6, 1),
            "python": platform.python_version(),
        }
        print(json.dumps(result))
    finally:
        del app
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
