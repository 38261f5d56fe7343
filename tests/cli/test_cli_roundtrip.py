"""The command line end to end: demo data in, due list, every export, backup, check."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app import __version__
from app.services.export import DATASETS

CliRunner = Callable[..., Any]  # the `cli` fixture (tests/cli/conftest.py)
ROOT = Path(__file__).resolve().parents[2]


def _rows(path: Path, table: str, where: str = "") -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table} {where}").fetchone()[0])
    finally:
        conn.close()


def test_demo_due_export_backup_check(cli: CliRunner, db_path: Path, tmp_path: Path) -> None:
    demo = cli("demo", "--contacts", "40", "--json")
    assert demo.code == 0, demo.err
    summary = json.loads(demo.out)
    assert set(summary) == {"contacts", "inquiries", "tasks", "interactions", "partners"}
    assert summary["contacts"] >= 40
    assert _rows(db_path, "contacts") >= 40
    assert _rows(db_path, "inquiries") == summary["inquiries"] > 0
    again = cli("demo", "--contacts", "40")  # demo data never mixes into a used database
    again.one_line_error(2)
    assert _rows(db_path, "inquiries") == summary["inquiries"]

    due = cli("due", "--json")
    assert due.code == 0, due.err
    listing = json.loads(due.out)
    assert listing["date"] == "2026-03-02"
    sections = ("overdue", "due_today", "unassigned", "stale_warm")
    assert set(listing) == {"date", "counts", *sections}
    for key in sections:
        assert listing["counts"][key] >= len(listing[key])
    open_tasks = _rows(db_path, "tasks", "WHERE state = 'open'")
    assert listing["counts"]["overdue"] + listing["counts"]["due_today"] <= open_tasks
    assert listing["counts"]["overdue"] + listing["counts"]["due_today"] > 0
    task = (listing["overdue"] + listing["due_today"])[0]
    assert set(task) == {
        "task_id", "inquiry_id", "contact_id", "contact_name", "kind", "title", "due_at",
        "owner",
    }  # fmt: skip

    table_of = {
        "contacts": "contacts",
        "inquiries": "inquiries",
        "tasks": "tasks",
        "interactions": "interactions",
        "provenance": "import_rows",
    }
    for name, table in table_of.items():
        expected = _rows(db_path, table)
        csv_file = tmp_path / f"{name}.csv"
        run = cli("export", name, "-o", str(csv_file))
        assert run.code == 0, run.err
        assert str(expected) in run.out
        with csv_file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            assert tuple(reader.fieldnames or ()) == DATASETS[name].columns
            assert len(list(reader)) == expected
        assert stat.S_IMODE(csv_file.stat().st_mode) == 0o600

        json_file = tmp_path / f"{name}.json"
        assert cli("export", name, "--format", "json", "-o", str(json_file)).code == 0
        records = json.loads(json_file.read_text(encoding="utf-8"))
        assert len(records) == expected
        assert all(tuple(r) == DATASETS[name].columns for r in records)
    assert summary["contacts"] > 0 and _rows(db_path, "interactions") == summary["interactions"]

    backup = cli("backup")
    assert backup.code == 0, backup.err
    copy = Path(backup.out.strip())
    assert copy.parent == db_path.parent / "backups" and copy.name.startswith("manual-")
    assert _rows(copy, "contacts") == _rows(db_path, "contacts")

    check = cli("check", "--json")
    assert check.code == 0, check.err
    report = json.loads(check.out)
    assert report["ok"] is True and report["integrity"] == ["ok"]
    assert report["revision"] == report["head"] and report["up_to_date"] is True
    assert report["counts"] == {
        "contacts": _rows(db_path, "contacts"),
        "inquiries": summary["inquiries"],
        "open_tasks": open_tasks,
    }
    text = cli("check")
    assert text.code == 0 and text.out.splitlines()[-1] == "ok"


def test_the_same_demo_seed_makes_the_same_data(
    cli: CliRunner, db_template: Path, tmp_path: Path
) -> None:
    exports = []
    for name in ("one", "two"):
        path = tmp_path / f"{name}.db"
        path.write_bytes(db_template.read_bytes())
        assert cli("demo", "--contacts", "40", "--seed", "5", db=path).code == 0
        run = cli("export", "contacts", db=path)
        exports.append(run.out)
    assert exports[0] == exports[1]
    assert exports[0].count("\r\n") > 40  # header plus at least the 40 contacts


def _subprocess(
    *args: str, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_entry_point_runs_as_a_program(db_path: Path, tmp_path: Path) -> None:
    version = _subprocess("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"leadkeeper {__version__}")

    # LEADKEEPER_DB is honoured when there is no --db.
    lead = _subprocess(
        "add-lead", "--first", "Ana", "--last", "Silva", "--type", "renewal", "--json",
        env_extra={"LEADKEEPER_DB": str(db_path)},
    )  # fmt: skip
    assert lead.returncode == 0, lead.stderr
    assert json.loads(lead.stdout)["name"] == "Ana Silva"

    check = _subprocess("--db", str(db_path), "check")
    assert check.returncode == 0 and "Contacts: 1 " in check.stdout

    exported = subprocess.run(
        [sys.executable, "-m", "app.cli.main", "--db", str(db_path), "export", "contacts"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=120,
        check=False,
    )
    # stdout gets the very bytes a file would: BOM and CRLF untouched.
    assert exported.stdout.startswith(b"\xef\xbb\xbfid,first_name,")
    assert b"\r\n1,Ana,Silva," in exported.stdout

    # Headless commands never load Qt (the CLI must work where Qt libraries are missing).
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from app.cli.main import main; "
            f"code = main(['--db', {str(db_path)!r}, 'due', '--json']); "
            "print(code, 'PySide6' in sys.modules)",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert probe.stdout.splitlines()[-1] == "0 False", probe.stderr

    bad = _subprocess("--db", str(tmp_path / "missing.db"), "due")
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and bad.stderr.startswith("leadkeeper: error: no database")


def test_help_lists_every_command(cli: CliRunner) -> None:
    run = cli("--help", db=None)
    assert run.code == 0 and run.err == ""
    for command in ("demo", "add-lead", "due", "export", "backup", "check"):
        assert command in run.out
    sub = cli("export", "--help")
    assert sub.code == 0 and "provenance" in sub.out


def test_version(cli: CliRunner) -> None:
    run = cli("--version", db=None)
    assert (run.code, run.out) == (0, f"leadkeeper {__version__}\n")


@pytest.mark.parametrize("where", ["before", "after"])
def test_db_flag_before_or_after_the_command(cli: CliRunner, db_path: Path, where: str) -> None:
    args = ["--db", str(db_path), "check"] if where == "before" else ["check", "--db", str(db_path)]
    run = cli(*args, db=None)
    assert run.code == 0, run.err
    assert f"Database: {db_path}" in run.out


def test_export_to_stdout_is_the_same_as_to_a_file(cli: CliRunner, tmp_path: Path) -> None:
    cli("add-lead", "--first", "Zoë", "--last", "Ångström", "--type", "purchase")
    target = tmp_path / "c.csv"
    assert cli("export", "contacts", "-o", str(target)).code == 0
    stdout = cli("export", "contacts")
    assert stdout.out.encode("utf-8") == target.read_bytes()
    rows = list(csv.DictReader(io.StringIO(stdout.out.removeprefix("\ufeff"), newline="")))
    assert rows[0]["first_name"] == "Zoë"
