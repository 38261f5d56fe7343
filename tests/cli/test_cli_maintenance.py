"""`backup` and `check`: a copy you can trust, and damage that gets noticed."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.db.migrate import head_revision

CliRunner = Callable[..., Any]  # fixtures from tests/cli/conftest.py
DbState = Callable[[Path], Any]
HEAD = head_revision()


def add_leads(cli: CliRunner, *names: str) -> None:
    for name in names:
        assert cli("add-lead", "--first", name, "--last", "T", "--type", "renewal").code == 0


def names_in(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT first_name FROM contacts ORDER BY id")]
    finally:
        conn.close()


def test_backup_goes_next_to_the_database_with_a_time_stamp(cli: CliRunner, db_path: Path) -> None:
    add_leads(cli, "Ann", "Bob")
    first = cli("backup")
    second = cli("backup", "--json")
    assert first.code == second.code == 0
    folder = db_path.parent / "backups"
    assert first.out == f"{folder / 'manual-20260302-140000.db'}\n"
    info = json.loads(second.out)
    assert info["path"] == str(folder / "manual-20260302-140000-2.db")  # same second
    for path in (Path(first.out.strip()), Path(info["path"])):
        assert names_in(path) == ["Ann", "Bob"]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert info["size_bytes"] == Path(info["path"]).stat().st_size


def test_backup_while_the_app_holds_the_database_open(
    cli: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    add_leads(cli, "Ann")
    app = sqlite3.connect(db_path)  # the desktop app, mid-session
    app.execute("INSERT INTO tags (name) VALUES ('hot')")
    app.commit()  # committed, still only in the WAL
    try:
        target = tmp_path / "copy.db"
        run = cli("backup", "-o", str(target))
        assert run.code == 0 and run.out.strip() == str(target)
        conn = sqlite3.connect(target)
        assert conn.execute("SELECT name FROM tags").fetchall() == [("hot",)]
        conn.close()
    finally:
        app.close()


def test_check_reports_a_healthy_database(cli: CliRunner, db_path: Path) -> None:
    add_leads(cli, "Ann", "Bob")
    run = cli("check")
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        f"Database: {db_path}",
        f"Schema: {HEAD} (newest known: {HEAD}; up to date)",
        "Integrity: ok",
        "Foreign keys: ok",
        "Contacts: 2  Inquiries: 2  Open tasks: 2",
        "ok",
    ]


def test_check_finds_broken_references(cli: CliRunner, db_path: Path) -> None:
    add_leads(cli, "Ann")
    conn = sqlite3.connect(db_path)  # foreign keys off, as in a careless manual edit
    conn.execute("UPDATE tasks SET contact_id = 999")
    conn.commit()
    conn.close()
    run = cli("check")
    assert run.code == 1
    assert "Foreign keys: 1 broken reference(s)" in run.out
    assert "  - tasks row 1 points to a missing contacts row" in run.out
    assert run.out.splitlines()[-1] == "FAILED"
    report = json.loads(cli("check", "--json").out)
    assert report["ok"] is False and report["integrity"] == ["ok"]
    assert report["foreign_key_violations"] == [
        {"table": "tasks", "rowid": 1, "parent": "contacts"}
    ]


def test_check_finds_a_damaged_index_and_changes_nothing(
    cli: CliRunner, db_path: Path, db_state: DbState
) -> None:
    add_leads(cli, "Ann", "Bob")
    conn = sqlite3.connect(db_path)
    # Make the index's definition disagree with its contents: what a torn write can do.
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_contacts_search_name "
        "ON contacts (first_name)' WHERE name = 'ix_contacts_search_name'"
    )
    conn.commit()
    conn.close()
    before = db_state(db_path)
    run = cli("check", "--json")
    assert run.code == 1, run.err
    report = json.loads(run.out)
    assert report["ok"] is False and report["integrity"] != ["ok"]
    assert any("ix_contacts_search_name" in finding for finding in report["integrity"])
    assert db_state(db_path) == before


def test_check_tells_an_older_schema_and_does_not_upgrade_it(
    cli: CliRunner, db_path: Path, db_state: DbState
) -> None:
    add_leads(cli, "Ann")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.commit()
    conn.close()
    before = db_state(db_path)
    run = cli("check")
    assert run.code == 0
    assert f"Schema: 0001 (newest known: {HEAD}; will be upgraded when next opened)" in run.out
    assert db_state(db_path) == before
    assert not (db_path.parent / "backups").exists()
