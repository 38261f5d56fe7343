"""Benchmark of importing contacts: de-duplication quality and end-to-end speed, on
generated CRM-like contact lists with known truth (bench/dedup_data.py).

    python bench/dedup.py            # 100,000 existing contacts, a 10k and a 100k file
    python bench/dedup.py --small    # 10,000 existing contacts, a 2k and a 10k file

Each file is written as a CSV and imported END TO END through the command line
(`leadkeeper --db DB import FILE --json`: read, map, normalize, match, write), in a
fresh process per import, against a database already holding the existing contacts.
Prints one JSON object:

- auto_precision: pairwise precision of automatic merges (largest file);
- recall_with_review: true pairs found by automatic merges or queued for review;
- cluster_f1: pairwise F1 of the automatic clustering (review rows count as not merged);
- import_10k_s, import_100k_s: wall seconds of the import command (inside its process,
  so interpreter start-up is not counted); *_cpu_s: the CPU seconds of the same, since
  a shared machine stretches wall time;
- wizard_*_s: the same import as the import wizard runs it (normalize_file);
- peak_mb: the peak resident memory of the import processes (the largest file's).

Phase timings (reading, normalizing, matching, writing) go to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.clock import FixedClock  # noqa: E402
from app.importing.batch_plan import blank_state  # noqa: E402
from app.importing.batch_write import ensure_tags, insert_contacts  # noqa: E402
from app.importing.merge import MergeChanges, fold  # noqa: E402
from app.importing.model import NormalizedRow, SourceRow  # noqa: E402
from app.importing.normalize import normalize_row  # noqa: E402
from app.services.context import open_context  # noqa: E402
from bench.dedup_data import MAPPING, build  # noqa: E402

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def normalize(rows: list[tuple[int, dict[str, str]]], file_name: str) -> list[NormalizedRow]:
    """The rows through the importer's own normalizer (phones, emails, names, dates)."""
    return [
        normalize_row(SourceRow(file_name, i + 2, cells), MAPPING, region="CA")
        for i, (_, cells) in enumerate(rows)
    ]


def seed_database(path: Path, rows: list[NormalizedRow]) -> list[int]:
    """A database holding `rows` as contacts (inserted directly, no matching)."""
    ctx = open_context(path, FixedClock(current=NOW))
    states = []
    for i, row in enumerate(rows):
        assert row.person is not None
        state = blank_state(i + 1)
        fold(state, row.person, MergeChanges())
        states.append(state)
    with ctx.db.session() as session:
        tag_ids, _ = ensure_tags(session, (t for s in states for t in s.tags))
        insert_contacts(session, states, tag_ids, now=NOW)
    with ctx.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.db.close()
    return [s.contact_id for s in states]


def write_csv(path: Path, rows: list[tuple[int, dict[str, str]]]) -> None:
    """The rows as a spreadsheet export would have them."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(MAPPING))
        writer.writeheader()
        for _, cells in rows:
            writer.writerow({h: cells.get(h, "") for h in MAPPING})


# --- Measuring ------------------------------------------------------------------------


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def evaluate(
    contact_person: dict[int, int], row_person: list[int], outcomes: list[tuple[str, int | None]]
) -> dict[str, float]:
    """Pairwise precision/recall/F1 of the clustering the import produced."""
    truth: Counter[int] = Counter(contact_person.values())
    truth.update(row_person)
    true_pairs = sum(pairs(n) for n in truth.values())
    auto: dict[object, Counter[int]] = defaultdict(Counter)
    loose: dict[object, Counter[int]] = defaultdict(Counter)
    for cid, pid in contact_person.items():
        auto[cid][pid] += 1
        loose[cid][pid] += 1
    for i, ((action, cid), pid) in enumerate(zip(outcomes, row_person, strict=True)):
        joined = action in ("imported", "merged", "skipped") and cid is not None
        auto[cid if joined else ("row", i)][pid] += 1
        loose[cid if cid is not None else ("row", i)][pid] += 1
    predicted = sum(pairs(sum(c.values())) for c in auto.values())
    correct = sum(pairs(n) for c in auto.values() for n in c.values())
    found = sum(pairs(n) for c in loose.values() for n in c.values())
    precision = correct / predicted if predicted else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    return {
        "auto_precision": round(precision, 4),
        "auto_recall": round(recall, 4),
        "recall_with_review": round(found / true_pairs if true_pairs else 1.0, 4),
        "cluster_f1": round(2 * precision * recall / (precision + recall), 4),
    }


def child_import(db: Path, file: Path, how: str) -> None:
    """In a fresh process: import `file` into `db` and print the timings as JSON."""
    started, cpu = time.perf_counter(), time.process_time()
    phases: dict[str, float] = {}
    if how == "cli":
        from app.cli.main import main

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = main(["--db", str(db), "import", str(file), "--json"])
        assert status == 0, out.getvalue()
    else:
        from app.importing.batch import import_records
        from app.importing.mapping import propose_mapping, recall_mapping
        from app.importing.normalize import normalize_file
        from app.importing.reading import read_file
        from app.services.settings import phone_region

        ctx = open_context(db, FixedClock(current=NOW))
        read = read_file(file)
        phases["read"] = time.perf_counter() - started
        with ctx.db.session() as session:
            region = phone_region(session)
            mapping = recall_mapping(session, read.headers)
        rows = normalize_file(read, mapping or propose_mapping(read.headers).mapping, region=region)
        phases["normalize"] = time.perf_counter() - started - phases["read"]
        import_records(ctx, rows, kind="csv", source_name=file.name)
        phases["import"] = time.perf_counter() - started - phases["read"] - phases["normalize"]
        ctx.db.close()
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"wall": wall, "cpu": used, **phases}))


def run_child(db: Path, file: Path, how: str) -> dict[str, float]:
    """Run `child_import` in a new Python process; its timings."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(db), str(file), how],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def outcomes_of(db: Path) -> list[tuple[str, int | None]]:
    """Each row's action and contact, in file order (the last batch)."""
    ctx = open_context(db, FixedClock(current=NOW))
    with ctx.db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT action, contact_id FROM import_rows WHERE batch_id = "
            "(SELECT MAX(id) FROM import_batches) ORDER BY row_number"
        ).all()
    ctx.db.close()
    return [(str(a), c) for a, c in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick run on smaller lists")
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--child", nargs=3, metavar=("DB", "FILE", "HOW"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_import(Path(args.child[0]), Path(args.child[1]), args.child[2])
        return
    n_existing, sizes = (10_000, [2_000, 10_000]) if args.small else (100_000, [10_000, 100_000])
    t0 = time.perf_counter()
    data = build(args.seed, n_existing, sizes)
    existing_rows = normalize(data.existing, "existing.csv")
    print(f"generate and seed: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    result: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = folder / "existing.db"
        ids = seed_database(template, existing_rows)
        contact_person = {cid: pid for cid, (pid, _) in zip(ids, data.existing, strict=True)}
        quality: dict[str, float] = {}
        for size in sizes:
            name = f"{size // 1000}k"
            file = folder / f"import-{name}.csv"
            write_csv(file, data.files[size])
            for how, key in (("cli", "import"), ("wizard", "wizard")):
                db = folder / f"{how}-{name}.db"
                shutil.copyfile(template, db)
                timing = run_child(db, file, how)
                result[f"{key}_{name}_s"] = round(timing["wall"], 2)
                result[f"{key}_{name}_cpu_s"] = round(timing["cpu"], 2)
                phases = {k: round(v, 2) for k, v in timing.items() if k not in ("wall", "cpu")}
                print(f"{how} {size:,} rows: {timing['wall']:.2f} s wall, "
                      f"{timing['cpu']:.2f} s CPU {phases or ''}", file=sys.stderr)  # fmt: skip
                if how == "cli":
                    row_person = [pid for pid, _ in data.files[size]]
                    quality = evaluate(contact_person, row_person, outcomes_of(db))
                    print(f"  quality: {quality}", file=sys.stderr)
                db.unlink()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = {
        "auto_precision": quality["auto_precision"],
        "recall_with_review": quality["recall_with_review"],
        "cluster_f1": quality["cluster_f1"],
        **{k: v for k, v in result.items() if k.startswith("import_")},
        "peak_mb": round(peak, 1),
        **{k: v for k, v in result.items() if k.startswith("wizard_")},
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
