"""Opening a database: schema matches the ORM, old files upgrade with their data,
files we do not understand are refused and left byte-for-byte alone."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.clock import FixedClock
from app.db import models
from app.db.base import Base
from app.db.engine import Database, make_engine
from app.db.migrate import head_revision, open_database, read_schema_state, upgrade
from app.errors import DatabaseRefused


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def make_database_at(path: Path, revision: str) -> None:
    """A database file migrated only as far as `revision`, as an older release left it."""
    database = Database(path, make_engine(path))
    try:
        upgrade(database=database, revision=revision)
    finally:
        database.close()


# Raw SQL on purpose: the ORM describes head, these rows must fit the 0001 schema.
SEED_0001 = """
INSERT INTO contacts (id, first_name, last_name, search_name, role, notes, do_not_contact,
                      created_at, updated_at)
VALUES (1, 'Dana', 'Okafor', 'dana okafor', 'borrower', 'prefers email', 0,
        '2026-02-27 09:30:00.000000', '2026-02-27 09:30:00.000000');
INSERT INTO inquiry_types (id, key, name, position, active)
VALUES (1, 'purchase', 'Purchase', 0, 1);
INSERT INTO stages (id, key, name, position, kind, is_warm, followup_days, active)
VALUES (1, 'new', 'New', 0, 'open', 1, 1, 1);
INSERT INTO inquiries (id, contact_id, type_id, stage_id, status, priority, score,
                       score_breakdown, amount, property_address, property_type, timeline,
                       outcome, lost_reason, notes, created_at, updated_at, stage_entered_at,
                       cadence_stop_reason)
VALUES (1, 1, 1, 1, 'active', 'high', 40, '', 450000.00, '12 Elm St', 'condo', '3 months',
        '', '', '', '2026-02-27 09:31:00.000000', '2026-02-27 09:31:00.000000',
        '2026-02-27 09:31:00.000000', '');
INSERT INTO tasks (id, inquiry_id, contact_id, kind, title, notes, state, origin, due_at,
                   original_due_at, snooze_count, created_at)
VALUES (1, 1, 1, 'call', 'Call Dana about pre-approval', '', 'open', 'manual',
        '2026-03-02 15:00:00.000000', '2026-03-02 15:00:00.000000', 0,
        '2026-02-27 09:32:00.000000');
"""


def test_empty_file_migrates_to_exactly_the_orm_schema(tmp_path: Path, clock: FixedClock) -> None:
    database = open_database(tmp_path / "fresh.db", now=clock.now())
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            diff = compare_metadata(context, Base.metadata)
    finally:
        database.close()
    assert diff == []
    assert read_schema_state(tmp_path / "fresh.db").revision == head_revision()


def test_upgrade_from_0001_keeps_data_and_backs_up_first(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "data" / "leadkeeper.db"
    make_database_at(path, "0001")
    with sqlite3.connect(path) as connection:
        connection.executescript(SEED_0001)
    connection.close()
    assert read_schema_state(path).revision == "0001"
    assert head_revision() != "0001"

    database = open_database(path, now=clock.now())
    try:
        with database.session() as session:
            contact = session.get(models.Contact, 1)
            assert contact is not None
            assert (contact.first_name, contact.notes) == ("Dana", "prefers email")
            assert contact.created_at.isoformat() == "2026-02-27T09:30:00+00:00"
            inquiry = session.get(models.Inquiry, 1)
            assert inquiry is not None
            assert inquiry.contact_id == 1
            assert str(inquiry.amount) == "450000.00"
            assert session.get(models.InquiryType, 1) is not None
            assert session.get(models.Stage, 1) is not None
            titles = session.scalars(select(models.Task.title)).all()
            assert titles == ["Call Dana about pre-approval"]
            # Tables added after 0001 exist and are usable.
            assert session.scalars(select(models.ImportBatch)).all() == []
    finally:
        database.close()
    assert read_schema_state(path).revision == head_revision()

    backups = sorted((path.parent / "backups").glob("pre-migration-0001-*.db"))
    assert [b.name for b in backups] == ["pre-migration-0001-20260302-140000.db"]
    backup = backups[0]
    assert mode(backup) == 0o600
    assert mode(backup.parent) == 0o700
    with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert old.execute("SELECT first_name FROM contacts").fetchall() == [("Dana",)]
        assert old.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    old.close()


def test_database_from_a_newer_release_is_refused_untouched(
    db_path: Path, clock: FixedClock
) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = sha256(db_path)

    with pytest.raises(DatabaseRefused, match="newer") as refused:
        open_database(db_path, now=clock.now())

    assert "9999" in str(refused.value)
    assert sha256(db_path) == before
    assert not (db_path.parent / "backups").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"Name,Email\nDana Okafor,dana@example.com\n" * 200, "not a readable SQLite database"),
        (b"SQLite format 3\x00" + b"\xff" * 2000, "not a readable SQLite database"),
    ],
    ids=["csv-file", "corrupt-header"],
)
def test_a_file_that_is_not_sqlite_is_refused_untouched(
    tmp_path: Path, clock: FixedClock, content: bytes, expected: str
) -> None:
    path = tmp_path / "leadkeeper.db"
    path.write_bytes(content)
    before = sha256(path)

    with pytest.raises(DatabaseRefused) as refused:
        open_database(path, now=clock.now())

    message = str(refused.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message  # shown as one line by the CLI and in a dialog
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leadkeeper.db"]


def test_another_programs_sqlite_file_is_refused_untouched(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    connection.close()
    before = sha256(path)

    with pytest.raises(DatabaseRefused, match="not a Leadkeeper database"):
        open_database(path, now=clock.now())

    assert sha256(path) == before


def test_wal_and_foreign_keys_are_on(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO contact_emails (contact_id, email, label, position) "
            "VALUES (424242, 'ghost@example.com', '', 0)"
        )


def test_new_database_file_and_folder_are_private(tmp_path: Path, clock: FixedClock) -> None:
    folder = tmp_path / "share" / "Leadkeeper"
    path = folder / "leadkeeper.db"
    database = open_database(path, now=clock.now())
    try:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO tags (name) VALUES ('vip')")
        assert mode(folder) == 0o700
        assert mode(path) == 0o600
        # SQLite gives its side files the database file's permissions.
        for side in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            assert side.exists()
            assert mode(side) == 0o600
    finally:
        database.close()


def test_an_existing_readable_file_is_made_private(db_path: Path, clock: FixedClock) -> None:
    db_path.chmod(0o644)
    open_database(db_path, now=clock.now()).close()
    assert mode(db_path) == 0o600


def test_revision_ids_read_from_the_scripts_agree_with_alembic() -> None:
    """open_database reads revision ids without importing Alembic; they must match."""
    from alembic.script import ScriptDirectory

    from app.db.migrate import _alembic_config, head_revision, known_revisions

    script = ScriptDirectory.from_config(_alembic_config())
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {rev.revision for rev in script.walk_revisions()}
