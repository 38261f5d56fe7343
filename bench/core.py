"""Core screens at scale: 100,000 contacts, 50,000 inquiries, 200,000 tasks, 500,000 interactions.

Builds a fresh database through the real schema (bulk Core inserts, then ANALYZE) and
times, as the median of several runs after one warm-up, what the broker waits for:

    due_ms         today's follow-ups (app.services.due.due_list)          target <= 20
    stage_page_ms  the first 200 cards of the busiest stage (pipeline)     target <= 20
    timeline_ms    a contact's timeline, ~20 interactions                  target <= 5
    stage_move_ms  moving one inquiry to another stage (alternating)       target <= 10
    stage_counts_ms  the board's stage headers (count and total per stage), for information

Prints exactly one JSON object on stdout; progress goes to stderr. `cpu_ms` has the
median CPU time of the same calls and `load_avg` the machine's load while measuring: on a
busy machine wall times grow with the load, CPU times much less.

    python bench/core.py [--small] [--db PATH] [--keep] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(ROOT))

from app.clock import FixedClock  # noqa: E402
from app.services.context import ServiceContext, open_context  # noqa: E402
from app.services.due import due_list  # noqa: E402
from app.services.inquiries import move_stage  # noqa: E402
from app.services.interactions import timeline  # noqa: E402
from app.services.pipeline import stage_counts, stage_page  # noqa: E402
from bench import core_data  # noqa: E402

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # a Monday afternoon
FULL = core_data.Sizes(contacts=100_000, inquiries=50_000, tasks=200_000, interactions=500_000)
SMALL = core_data.Sizes(contacts=10_000, inquiries=5_000, tasks=20_000, interactions=50_000)
TARGETS_MS = {"due_ms": 20, "stage_page_ms": 20, "timeline_ms": 5, "stage_move_ms": 10}


def median_ms(action: Callable[[], object], runs: int, cpu: dict[str, float], name: str) -> float:
    """Median wall time of `runs` calls, after one warm-up call; the median CPU time of the
    same calls goes into `cpu` (a shared machine inflates wall time, CPU time much less)."""
    action()
    wall, used = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        used.append((time.process_time() - start_cpu) * 1000)
    cpu[name] = round(statistics.median(used), 2)
    return round(statistics.median(wall), 2)


def measure(ctx: ServiceContext, built: core_data.Built, runs: int) -> dict[str, Any]:
    busiest = max(
        (c for c in stage_counts(ctx) if c.stage_key not in ("funded", "lost")),
        key=lambda c: c.count,
    )
    targets = iter(["collecting_documents", "qualified"] * (runs + 1))
    cpu: dict[str, float] = {}
    actions: dict[str, Callable[[], object]] = {
        "due_ms": lambda: due_list(ctx),
        "stage_page_ms": lambda: stage_page(ctx, busiest.stage_key),
        "timeline_ms": lambda: timeline(ctx, built.timeline_contact),
        "stage_move_ms": lambda: move_stage(ctx, built.move_inquiry, next(targets)),
        "stage_counts_ms": lambda: stage_counts(ctx),  # the board's headers, for information
    }
    load = os.getloadavg()[0]
    results: dict[str, Any] = {k: median_ms(a, runs, cpu, k) for k, a in actions.items()}
    assert len(timeline(ctx, built.timeline_contact)) == core_data.TIMELINE_SIZE
    assert len(stage_page(ctx, busiest.stage_key)) == min(200, busiest.count)
    return {**results, "cpu_ms": cpu, "load_avg": round(max(load, os.getloadavg()[0]), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a tenth of every count")
    parser.add_argument(
        "--db", type=Path, help="build here (must not exist) instead of a temp file"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database file afterwards")
    parser.add_argument("--runs", type=int, default=9, help="timed runs per figure (default 9)")
    args = parser.parse_args(argv)
    sizes = SMALL if args.small else FULL
    folder = None
    if args.db is not None:
        if args.db.exists():
            parser.error(f"{args.db} exists; the benchmark builds a fresh database")
        path: Path = args.db
    else:
        folder = Path(tempfile.mkdtemp(prefix="leadkeeper-bench-"))
        path = folder / "core.db"
    try:
        ctx = open_context(path, FixedClock(current=NOW))
        start = time.perf_counter()
        built = core_data.build(ctx, sizes)
        generate_s = round(time.perf_counter() - start, 1)
        with ctx.db.engine.connect() as connection:
            # A database the app opens has no building backlog in its write-ahead log.
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.commit()
        print(f"built {path} in {generate_s} s; measuring", file=sys.stderr)
        figures = measure(ctx, built, args.runs)
        with ctx.db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        ctx.db.close()
        result: dict[str, Any] = {
            **figures,
            "db_mb": round(path.stat().st_size / 1e6, 1),
            "generate_s": generate_s,
            "contacts": sizes.contacts,
            "inquiries": sizes.inquiries,
            "tasks": sizes.tasks,
            "interactions": sizes.interactions,
            "python": platform.python_version(),
            "platform": platform.platform(),
        }
        missed = [k for k, limit in TARGETS_MS.items() if figures[k] > limit]
        if missed and not args.small:
            print(f"over target: {', '.join(missed)}", file=sys.stderr)
        print(json.dumps(result))
    finally:
        if folder is not None and not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        elif args.keep or args.db is not None:
            print(f"database kept at {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
