"""Report speed: every report over 50,000 inquiries and 500,000 interactions.

Builds the workload (bench/reports_data.py) in a temporary folder, runs each report once
to warm caches, then `--runs` more times, and prints ONE JSON object with the median
milliseconds per report (`<report>_ms`) and the workload's size. Target: <= 300 ms each.
Reports run with no filter (all years, the heaviest case), as the command line does.
`funnel_cold_ms` is the funnel's first run in the process, which reads the whole stage
history (later runs re-read only inquiries that moved; see app/reports/stage_facts.py).

    python bench/reports.py [--small] [--runs N] [--keep PATH] [--index proposed|none]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(ROOT))

from app.clock import FixedClock  # noqa: E402
from app.reports import run_report  # noqa: E402
from app.services.context import open_context  # noqa: E402
from bench import reports_data  # noqa: E402

TZ = ZoneInfo("America/Toronto")
NOW = datetime(2026, 3, 3, 15, 0, tzinfo=TZ)
REPORTS = (
    "sources",
    "response",
    "funnel",
    "stalled",
    "overdue",
    "roi",
    "lost",
    "partners",
    "renewals",
)
TARGET_MS = 300

# Indexes proposed for the schema (tasks by closing time, for the overdue report), made
# here only to measure them; IF NOT EXISTS keeps this harmless once models carry them.
INDEXES = {
    "none": (),
    "proposed": (
        "CREATE INDEX IF NOT EXISTS ix_tasks_done_at ON tasks (done_at)",
        "CREATE INDEX IF NOT EXISTS ix_tasks_cancelled_at ON tasks (cancelled_at)",
    ),
}


def time_reports(path: Path, runs: int, index: str) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall-clock milliseconds per report after one warm-up run each, and the
    median CPU milliseconds of this process (what a busy machine does not inflate)."""
    ctx = open_context(path, FixedClock(current=NOW, tz=TZ))
    result: dict[str, float] = {}
    cpu: dict[str, float] = {}
    try:
        with ctx.db.engine.begin() as connection:
            for ddl in INDEXES[index]:
                connection.exec_driver_sql(ddl)
            connection.exec_driver_sql("ANALYZE")
        for name in REPORTS:
            timings, cpu_times = [], []
            for _ in range(runs + 1):
                start, start_cpu = time.perf_counter(), time.process_time()
                run_report(ctx, name)
                timings.append((time.perf_counter() - start) * 1000)
                cpu_times.append((time.process_time() - start_cpu) * 1000)
            result[f"{name}_ms"] = round(statistics.median(timings[1:]), 1)
            cpu[name] = round(statistics.median(cpu_times[1:]), 1)
            if name == "funnel":
                result["funnel_cold_ms"] = round(timings[0], 1)
    finally:
        ctx.db.close()
    return result, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a tenth of the workload")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the database at PATH")
    parser.add_argument("--index", choices=sorted(INDEXES), default="proposed")
    args = parser.parse_args(argv)
    scale = 10 if args.small else 1
    with tempfile.TemporaryDirectory(prefix="leadkeeper-bench-") as folder:
        path = args.keep or Path(folder) / "reports.db"
        build_start = time.perf_counter()
        if not path.exists():
            reports_data.build(path, NOW, inquiries=50_000 // scale, interactions=500_000 // scale)
        build_s = time.perf_counter() - build_start
        load = os.getloadavg()[0]
        timings, cpu = time_reports(path, args.runs, args.index)
        sizes = _sizes(path)
    print(
        json.dumps(
            {
                **timings,
                "max_ms": max(v for k, v in timings.items() if k != "funnel_cold_ms"),
                "target_ms": TARGET_MS,
                "cpu_ms": cpu,
                "load_1m": round(load, 2),
                **sizes,
                "runs": args.runs,
                "index": args.index,
                "build_s": round(build_s, 1),
                "python": platform.python_version(),
                "sqlite": sqlite3.sqlite_version,
            }
        )
    )
    return 0


def _sizes(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("inquiries", "interactions", "stage_history", "tasks")
        }
    finally:
        conn.close()


if __name__ == "__main__":
    raise SystemExit(main())
