"""Mistakes get one readable line and exit status 2, and change nothing."""

from __future__ import annotations

import sqlite3
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.cli import commands_due
from app.cli import main as main_module

CliRunner = Callable[..., Any]  # fixtures from tests/cli/conftest.py
DbState = Callable[[Path], Any]

LEAD = ("add-lead", "--first", "Ada", "--last", "Byron")

MISTAKES = {
    "date out of range": ("due", "--date", "2026-02-30"),
    "date in words": ("due", "--date", "tomorrow"),
    "date other format": ("due", "--date", "02/03/2026"),
    "unknown type": (*LEAD, "--type", "houseboat"),
    "unknown source": (*LEAD, "--type", "purchase", "--source", "billboard"),
    "invalid email": (*LEAD, "--type", "purchase", "--email", "ada.example.com"),
    "invalid phone": (*LEAD, "--type", "purchase", "--phone", "12"),
    "negative amount": (*LEAD, "--type", "purchase", "--amount", "-12.5"),
    "amount in words": (*LEAD, "--type", "purchase", "--amount", "lots"),
    "amount too precise": (*LEAD, "--type", "purchase", "--amount", "10.005"),
    "missing type": LEAD,
    "unknown dataset": ("export", "everything"),
    "unknown format": ("export", "contacts", "--format", "xlsx"),
    "export into a missing folder": ("export", "contacts", "-o", "{tmp}/nope/c.csv"),
    "export onto a folder": ("export", "contacts", "-o", "{tmp}"),
    "export over the database": ("export", "contacts", "-o", "{db}"),
    "backup into a missing folder": ("backup", "-o", "{tmp}/nope/b.db"),
    "backup over the database": ("backup", "-o", "{db}"),
    "zero demo contacts": ("demo", "--contacts", "0"),
    "too many demo contacts": ("demo", "--contacts", "200001"),
    "demo contacts in words": ("demo", "--contacts", "ten"),
    "unknown command": ("frobnicate",),
    "unknown global flag": ("--verbose",),
    "unknown command flag": ("check", "--verbose"),
    "flag without value": ("due", "--date"),
}


@pytest.mark.parametrize("args", MISTAKES.values(), ids=MISTAKES.keys())
def test_a_mistake_is_one_line_exit_2_and_changes_nothing(
    cli: CliRunner, db_state: DbState, seeded_db: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    db_path = seeded_db
    before = db_state(db_path)
    files_before = sorted(tmp_path.rglob("*"))
    argv = [a.format(tmp=tmp_path, db=db_path) for a in args]
    run = cli(*argv)
    run.one_line_error(2)
    assert run.out == ""
    assert "usage:" not in run.err
    assert db_state(db_path) == before
    assert sorted(tmp_path.rglob("*")) == files_before


def test_readable_reasons(cli: CliRunner) -> None:
    line = cli(*LEAD, "--type", "houseboat").one_line_error()
    assert "unknown inquiry type 'houseboat'" in line and "purchase" in line
    assert "YYYY-MM-DD" in cli("due", "--date", "2026-02-30").one_line_error()
    assert "negative" in cli(*LEAD, "--type", "purchase", "--amount", "-1").one_line_error()
    assert "40 to 200000" in cli("demo", "--contacts", "0").one_line_error()
    assert "frobnicate" in cli("frobnicate").one_line_error()


@pytest.fixture
def newer_db(db_path: Path) -> Path:
    """The test database, stamped as written by a future Leadkeeper."""
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    return db_path


COMMANDS = {
    "demo": ("demo", "--contacts", "40"),
    "add-lead": (*LEAD, "--type", "purchase"),
    "due": ("due",),
    "export": ("export", "contacts"),
    "export to file": ("export", "contacts", "-o", "{tmp}/c.csv"),
    "check": ("check",),
}


@pytest.mark.parametrize("args", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_newer_schema_is_refused_and_left_untouched(
    cli: CliRunner, db_state: DbState, newer_db: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    before = db_state(newer_db)
    run = cli(*[a.format(tmp=tmp_path) for a in args])
    assert "newer Leadkeeper" in run.one_line_error(2)
    assert db_state(newer_db) == before
    assert not (newer_db.parent / "backups").exists()
    assert not (tmp_path / "c.csv").exists()


def test_a_newer_schema_can_still_be_backed_up(
    cli: CliRunner, db_state: DbState, newer_db: Path, tmp_path: Path
) -> None:
    before = db_state(newer_db)
    target = tmp_path / "copy.db"
    run = cli("backup", "-o", str(target))
    assert run.code == 0, run.err
    assert db_state(target)[1] == before[1] and db_state(newer_db) == before


@pytest.mark.parametrize(
    "args", [("due",), ("export", "tasks"), ("backup",), ("check",)], ids=lambda a: a[0]
)
def test_a_missing_database_is_not_created_by_commands_that_read(
    cli: CliRunner, tmp_path: Path, args: tuple[str, ...]
) -> None:
    missing = tmp_path / "elsewhere" / "typo.db"
    line = cli(*args, db=missing).one_line_error(2)
    assert f"no database at {missing}" in line
    assert not missing.parent.exists()


@pytest.mark.parametrize("args", [("due",), ("backup",), ("check",), ("export", "contacts")])
def test_a_file_that_is_not_a_database_is_refused(
    cli: CliRunner, tmp_path: Path, args: tuple[str, ...]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Call Maria back about the renewal\n" * 200)
    before = notes.read_bytes()
    cli(*args, db=notes).one_line_error(2)
    assert notes.read_bytes() == before


def test_an_unexpected_failure_is_one_line_without_personal_data(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("Maria Gonzalez +14165550142 maria@example.com")

    monkeypatch.setattr(commands_due, "due_list", broken)
    monkeypatch.delenv("LEADKEEPER_DEBUG", raising=False)
    line = cli("due").one_line_error(1)
    assert "RuntimeError" in line and "LEADKEEPER_DEBUG=1" in line
    assert "Maria" not in line and "4165550142" not in line


def test_debug_shows_the_traceback(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(commands_due, "due_list", broken)
    monkeypatch.setenv("LEADKEEPER_DEBUG", "1")
    run = cli("due")
    assert run.code == 1
    assert "Traceback" in run.err and "RuntimeError: boom" in run.err
    assert run.err_lines[-1].startswith("leadkeeper: error: unexpected RuntimeError")


def test_a_locked_database_says_so(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(*_: object, **__: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(commands_due, "due_list", locked)
    assert "database is locked" in cli("due").one_line_error(1)


def test_without_qt_the_app_says_so_in_one_line(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ui.app", None)  # makes `import ui.app` fail
    assert "command line still works" in cli().one_line_error(2)

    def no_qt(name: str) -> types.ModuleType:
        raise ImportError("libEGL.so.1: cannot open shared object file", name="PySide6.QtGui")

    monkeypatch.setattr(main_module, "importlib", types.SimpleNamespace(import_module=no_qt))
    line = cli().one_line_error(2)
    assert "Qt could not be loaded" in line and "libEGL.so.1" in line


def test_no_command_hands_the_database_and_clock_to_the_app(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, db_path: Path, clock: Any
) -> None:
    calls: list[tuple[Path, Any]] = []
    fake = types.ModuleType("ui.app")

    def run_gui(path: Path, given_clock: Any) -> int:
        calls.append((path, given_clock))
        return 0

    fake.run_gui = run_gui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.app", fake)
    assert cli().code == 0
    assert calls == [(db_path, clock)]
