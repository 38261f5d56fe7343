"""The pipeline board at scale, offscreen: how long the broker waits for it.

    board_ms  board open, or a filter change, until every open column shows its first
              page (the snapshot arrived from the background worker and was painted);
              the median over an open and several filter changes         target <= 150
    drag_ms   one drag-and-drop stage move: from the drop (the target model's
              dropMimeData, as QListView calls it) until both column models are
              updated and the service call is done                       target <= 50

`measure_board(ctx)` is what `bench/ui.py` calls (on the database bench/core.py
builds); it needs a QApplication (it makes an offscreen one if there is none). Run alone:

    python bench/ui_board.py --db PATH        # an existing database (bench/core.py --keep)
    python bench/ui_board.py [--small]        # builds one with bench/core_data.py first

Prints one JSON object on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QModelIndex, Qt, QTimer, SignalInstance  # noqa: E402
from PySide6.QtGui import QUndoStack  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from app.clock import FixedClock  # noqa: E402
from app.services.board import BoardFilter, board_choices  # noqa: E402
from app.services.context import ServiceContext, open_context  # noqa: E402
from ui import background  # noqa: E402
from ui.background import Changes  # noqa: E402
from ui.board import BoardPage  # noqa: E402

TARGETS_MS = {"board_ms": 150, "drag_ms": 50}
WAIT_S = 30.0


def _wait_for(signal: SignalInstance, done: Callable[[], bool]) -> None:
    """Run the event loop (idle, not spinning) until `signal` fires and `done()` holds;
    the background worker reports through it."""
    if done():
        return
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)

    def check() -> None:
        if done():
            loop.quit()

    signal.connect(check)
    timer.start(int(WAIT_S * 1000))
    loop.exec()
    signal.disconnect(check)
    if not done():
        raise TimeoutError("the board did not answer in time")


class _Board:
    """A board page in a window the size of a laptop screen, counting its snapshots."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.window = QMainWindow()
        self.window.setMinimumSize(720, 480)
        self.stack = QUndoStack(self.window)
        self.page = BoardPage(ctx, Changes(self.window), self.stack)
        self.window.setCentralWidget(self.page)
        self.window.resize(1280, 800)
        self.loads = 0
        self.moves = 0
        self.page.loaded.connect(self._loaded)
        self.page.move_finished.connect(self._moved)

    def _loaded(self) -> None:
        self.loads += 1

    def _moved(self) -> None:
        self.moves += 1

    def timed_load(self, trigger: Callable[[], None]) -> tuple[float, float]:
        """Milliseconds from `trigger()` to the next snapshot on screen (painted): wall
        time, and the CPU time of the whole process (both threads) meanwhile."""
        before = self.loads
        start, cpu = time.perf_counter(), time.process_time()
        trigger()
        _wait_for(self.page.loaded, lambda: self.loads > before)
        # The lists lay their items out on the next turn of the event loop; then paint
        # the new cards now, inside the measured span.
        QApplication.processEvents()
        self.window.repaint()
        return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000

    def settle(self) -> None:
        """Wait until the worker has nothing queued (a move's reload, say)."""
        background.wait_for_background()
        QApplication.processEvents()
        background.wait_for_background()
        QApplication.processEvents()

    def close(self) -> None:
        self.settle()
        self.window.close()
        self.window.deleteLater()
        QApplication.processEvents()


def _filters(ctx: ServiceContext) -> list[BoardFilter]:
    """The changes a broker makes in a morning: a type, a source, their own cards, a
    name typed in, then everything again."""
    choices = board_choices(ctx)
    owner = choices.owners[0].id if choices.owners else None
    return [
        BoardFilter(type_key=choices.types[1].key if len(choices.types) > 1 else None),
        BoardFilter(source_key=choices.sources[0].key if choices.sources else None),
        BoardFilter(owner_id=owner),
        BoardFilter(text="sm"),
        BoardFilter(text="smith"),
        BoardFilter(),
    ]


def _measure_drag(board: _Board, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Drop the first card of the busiest open column on its neighbour, then back."""
    page = board.page
    keys = [k for k, c in page.columns.items() if not c.closing]
    busiest = max(keys[:-1], key=lambda k: page.columns[k].model.count)
    there = keys[keys.index(busiest) + 1]
    totals, cpus, optimistic = [], [], []
    for run in range(runs + 1):  # the first is a warm-up
        from_key, to_key = (busiest, there) if run % 2 == 0 else (there, busiest)
        board.settle()
        source, target = page.columns[from_key].model, page.columns[to_key].model
        data = source.mimeData([source.index(0)])
        moved_before = board.moves
        start, cpu = time.perf_counter(), time.process_time()
        assert target.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
        shown = (time.perf_counter() - start) * 1000  # both models already changed
        _wait_for(page.move_finished, lambda b=moved_before: board.moves > b)  # type: ignore[misc]
        total = (time.perf_counter() - start) * 1000
        if run:
            totals.append(total)
            cpus.append((time.process_time() - cpu) * 1000)
            optimistic.append(shown)
    board.settle()
    return totals, cpus, optimistic


def measure_board(ctx: ServiceContext, runs: int = 5) -> dict[str, float]:
    """`board_ms` and `drag_ms` (medians, milliseconds) on the database behind `ctx`,
    with the real background worker; plus their parts (open vs filter change, the
    optimistic part of a drag) and `*_cpu_ms`: the process's CPU time over the same
    spans, which a busy machine inflates far less than wall time."""
    app = QApplication.instance() or QApplication([])
    assert app is not None
    background.set_inline(False)
    filters = _filters(ctx)
    opens: list[tuple[float, float]] = []
    changes: list[tuple[float, float]] = []
    for run in range(runs + 1):  # the first open is a warm-up (imports, caches)
        board = _Board(ctx)
        took = board.timed_load(board.window.show)
        if run:
            opens.append(took)
        board.settle()
        if run == runs:
            page = board.page
            for flt in filters:
                changes.append(board.timed_load(lambda f=flt, p=page: p.filters.set_filter(f)))
                board.settle()
            drags, drag_cpus, optimistic = _measure_drag(board, runs * 2)
        board.close()
    both = opens + changes
    return {
        "board_ms": _median(w for w, _ in both),
        "board_open_ms": _median(w for w, _ in opens),
        "board_filter_ms": _median(w for w, _ in changes),
        "board_worst_ms": round(max(w for w, _ in both), 1),
        "board_cpu_ms": _median(c for _, c in both),
        "drag_ms": _median(drags),
        "drag_cpu_ms": _median(drag_cpus),
        "drag_models_ms": _median(optimistic),
    }


def _median(values: Iterable[float]) -> float:
    return round(statistics.median(values), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing database to measure on")
    parser.add_argument("--small", action="store_true", help="build a tenth of the size")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    folder = None
    from bench import core, core_data  # the generator, only when building

    if args.db is not None:
        ctx = open_context(args.db, FixedClock(current=core.NOW))
    else:
        folder = Path(tempfile.mkdtemp(prefix="leadkeeper-board-"))
        ctx = open_context(folder / "board.db", FixedClock(current=core.NOW))
        print("building the database", file=sys.stderr)
        core_data.build(ctx, core.SMALL if args.small else core.FULL)
    try:
        figures = measure_board(ctx, args.runs)
        missed = [k for k, limit in TARGETS_MS.items() if figures[k] > limit]
        if missed:
            print(f"over target: {', '.join(missed)}", file=sys.stderr)
        print(json.dumps(figures))
    finally:
        background.wait_for_background()
        ctx.db.close()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        QTimer.singleShot(0, app.quit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
