"""Reminder re-derivation at scale: 200,000 tasks, 20,000 of them due.

One pass is a full re-derivation without marking: `due_reminders` over the whole database
(in its own session), inside working hours so all 20,000 due tasks are found. `reconcile_ms`
is the median pass after one warm-up (target: <= 50 ms). Also timed once, for
information: the catch-up poll that marks all 20,000 shown, and the idle poll after it.

Prints exactly one JSON object. `cpu_ms` has the median CPU time of the same passes and
`load_avg` the machine's load: on a busy machine wall times grow with the load.

    python bench/reminders.py [--tasks N] [--due N] [--runs N] [--index pending|none]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(ROOT))

from app.clock import FixedClock  # noqa: E402
from app.reminders.batch import ReminderBatch  # noqa: E402
from app.reminders.derive import due_reminders  # noqa: E402
from app.reminders.service import ReminderService  # noqa: E402
from app.reminders.working_hours import WorkingHours  # noqa: E402
from app.services.context import ServiceContext, open_context  # noqa: E402
from bench import reminders_data  # noqa: E402
from bench.core import median_ms  # noqa: E402

TZ = ZoneInfo("America/Toronto")
NOW = datetime(2026, 3, 3, 15, 0, tzinfo=TZ)  # a Tuesday afternoon: working time
HOURS = WorkingHours.parse({"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "17:30"})

# The proposed index, created here only to measure it until the schema has it.
INDEXES = {
    "none": None,
    "pending": "CREATE INDEX IF NOT EXISTS ix_tasks_pending ON tasks "
    "(state, notified_at, due_at, id, kind, rule_key)",
}
PLAN_SQL = (
    "EXPLAIN QUERY PLAN SELECT count(*), count(*) FILTER (WHERE kind = ? AND rule_key IS NOT ?)"
    " FROM tasks WHERE state = ? AND notified_at IS NULL AND due_at <= ?"
)


def one_pass(ctx: ServiceContext) -> ReminderBatch:
    """What a re-derivation costs: its own session, every due task counted."""
    with ctx.db.session() as session:
        return due_reminders(
            session, NOW, tz=TZ, working_hours=HOURS, new_lead_breaks_through=False
        )


def _timed(action: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = action()
    return result, round((time.perf_counter() - start) * 1000, 1)


def measure(ctx: ServiceContext, runs: int) -> dict[str, Any]:
    cpu: dict[str, float] = {}
    reconcile = median_ms(lambda: one_pass(ctx), runs, cpu, "reconcile_ms")
    load = os.getloadavg()[0]
    batch = one_pass(ctx)
    service = ReminderService(ctx)
    first, first_ms = _timed(lambda: service.poll(NOW))
    idle, idle_ms = _timed(lambda: service.poll(NOW))
    with ctx.db.engine.connect() as connection:
        plan = connection.exec_driver_sql(
            PLAN_SQL, ("renewal_check", "new_lead:1", "open", "2026-03-03")
        )
        query_plan = [str(row[-1]) for row in plan]
    return {
        "reconcile_ms": reconcile,
        "target_ms": 50,
        "cpu_ms": cpu["reconcile_ms"],
        "load_avg": round(load, 2),
        "found": batch.total,
        "detailed": len(batch.items),
        "first_poll_ms": first_ms,
        "first_poll_marked": first.total,
        "idle_poll_ms": idle_ms,
        "idle_poll_marked": idle.total,
        "query_plan": query_plan,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200_000)
    parser.add_argument("--due", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--index", choices=sorted(INDEXES), default="pending")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="leadkeeper-bench-") as folder:
        path = Path(folder) / "reminders.db"
        sizes, build_ms = _timed(
            lambda: reminders_data.build(path, NOW, tasks=args.tasks, due=args.due)
        )
        ctx = open_context(path, FixedClock(current=NOW, tz=TZ))
        try:
            ddl = INDEXES[args.index]
            if ddl is not None:
                with ctx.db.engine.begin() as connection:
                    connection.exec_driver_sql(ddl)
            result = measure(ctx, args.runs)
        finally:
            ctx.db.close()
    result.update(
        {
            "tasks": sizes.tasks,
            "due": sizes.due,
            "contacts": sizes.contacts,
            "inquiries": sizes.inquiries,
            "index": args.index,
            "index_ddl": INDEXES[args.index],
            "build_s": round(build_ms / 1000, 1),
            "runs": args.runs,
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
        }
    )
    print(json.dumps(result))
    complete = result["found"] == result["first_poll_marked"] == sizes.due
    return 0 if complete and result["idle_poll_marked"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
