"""Backups: consistent online copies, and a daily/weekly rotation that stays bounded."""

from __future__ import annotations

import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

from app.clock import FixedClock
from app.db import models
from app.db.backup import backup_to, backups_to_keep, ensure_daily_backup
from app.db.engine import Database
from app.db.migrate import head_revision, read_schema_state
from app.paths import backups_dir

MONDAY = date(2026, 3, 2)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def add_contacts(db: Database, clock: FixedClock, names: list[str]) -> None:
    now = clock.now()
    with db.session() as session:
        for name in names:
            session.add(
                models.Contact(
                    first_name=name,
                    last_name="Tester",
                    search_name=f"{name.lower()} tester",
                    created_at=now,
                    updated_at=now,
                )
            )


def first_names(path: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT first_name FROM contacts ORDER BY id").fetchall()
    finally:
        connection.close()
    return [row[0] for row in rows]


def test_backup_while_the_app_has_the_database_open_is_consistent(
    db: Database, db_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    committed = [f"Person{i}" for i in range(50)]
    add_contacts(db, clock, committed)
    # The app's pooled connection stays open, so those commits still live in the WAL:
    # copying only the main file would lose them.
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0

    writer = sqlite3.connect(db_path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO contacts (first_name, last_name, search_name, role, notes, "
            "do_not_contact, created_at, updated_at) VALUES ('Halfway', 'Written', "
            "'halfway written', 'borrower', '', 0, '2026-03-02 14:00:00', "
            "'2026-03-02 14:00:00')"
        )
        target = backup_to(db_path, tmp_path / "copies" / "copy.db")
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert target == tmp_path / "copies" / "copy.db"
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.db"]  # no .part left
    assert first_names(target) == committed  # all committed rows, nothing half-written
    check = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        check.close()
    assert read_schema_state(target).revision == head_revision()
    assert mode(target) == 0o600


def test_rotation_over_60_days_keeps_7_daily_and_4_weekly() -> None:
    days = [MONDAY - timedelta(days=n) for n in range(60)]  # 2026-01-02 .. 2026-03-02

    kept = backups_to_keep(days, daily=7, weekly=4)

    # Worked by hand: the 7 newest days are Tue 24 Feb .. Mon 2 Mar, covering ISO weeks
    # 9 and 10. Then the newest day of each of the 4 weeks before: the Sundays 22, 15,
    # 8 Feb and 1 Feb (week 5). Nothing older.
    assert kept == {
        date(2026, 3, 2),
        date(2026, 3, 1),
        date(2026, 2, 28),
        date(2026, 2, 27),
        date(2026, 2, 26),
        date(2026, 2, 25),
        date(2026, 2, 24),
        date(2026, 2, 22),
        date(2026, 2, 15),
        date(2026, 2, 8),
        date(2026, 2, 1),
    }


def test_rotation_keeps_everything_while_there_are_few_backups() -> None:
    days = [MONDAY - timedelta(days=n) for n in range(5)]
    assert backups_to_keep(days) == set(days)
    assert backups_to_keep([]) == set()


def test_daily_backup_twice_on_the_same_day_makes_one_file(
    db: Database, db_path: Path, clock: FixedClock
) -> None:
    folder = backups_dir(db_path)
    add_contacts(db, clock, ["Dana"])

    first = ensure_daily_backup(db_path, folder, MONDAY)
    add_contacts(db, clock, ["Eli"])
    second = ensure_daily_backup(db_path, folder, MONDAY)

    assert first == folder / "daily-2026-03-02.db"
    assert second is None
    assert [p.name for p in folder.iterdir()] == ["daily-2026-03-02.db"]
    assert first_names(first) == ["Dana"]  # the morning's copy is not overwritten


def test_forty_days_of_daily_backups_stay_bounded_and_private(
    db: Database, db_path: Path, clock: FixedClock
) -> None:
    folder = backups_dir(db_path)
    start = MONDAY - timedelta(days=39)  # Thu 22 Jan 2026

    for n in range(40):
        day = start + timedelta(days=n)
        clock.advance(timedelta(days=1))
        add_contacts(db, clock, [f"Day{n}"])
        ensure_daily_backup(db_path, folder, day)

        files = list(folder.iterdir())
        assert len(files) <= 11, f"{day}: {sorted(p.name for p in files)}"
        assert all(mode(p) == 0o600 for p in files)

    assert mode(folder) == 0o700
    assert sorted(p.name for p in folder.iterdir()) == [
        "daily-2026-02-01.db",
        "daily-2026-02-08.db",
        "daily-2026-02-15.db",
        "daily-2026-02-22.db",
        "daily-2026-02-24.db",
        "daily-2026-02-25.db",
        "daily-2026-02-26.db",
        "daily-2026-02-27.db",
        "daily-2026-02-28.db",
        "daily-2026-03-01.db",
        "daily-2026-03-02.db",
    ]
    # Each copy holds the database as it was that day.
    assert first_names(folder / "daily-2026-03-02.db")[-1] == "Day39"
    assert first_names(folder / "daily-2026-02-01.db")[-1] == "Day10"
