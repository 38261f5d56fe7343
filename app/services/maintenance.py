"""Looking after the database file: manual backups and health checks.

Both work on the file directly and read it through a read-only connection, so they never
migrate, seed or otherwise change the database they look at.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.db.backup import backup_to, ensure_daily_backup
from app.db.migrate import head_revision, known_revisions, read_schema_state
from app.errors import DatabaseRefused, LeadkeeperError, NotFound
from app.paths import backups_dir


def require_database(db_path: Path) -> None:
    """Refuse to go on when there is no database at `db_path` (commands that only read
    should not create an empty one by accident, e.g. after a typo in --db)."""
    if not db_path.exists():
        raise NotFound(
            f"no database at {db_path} (start Leadkeeper once, run `leadkeeper demo`, or pass --db)"
        )
    if db_path.is_dir():
        raise DatabaseRefused(f"{db_path} is a folder, not a Leadkeeper database")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int


def manual_backup_path(db_path: Path, now: datetime) -> Path:
    """`<backups>/manual-<UTC timestamp>.db`, with a counter if that name is taken."""
    folder = backups_dir(db_path)
    stem = f"manual-{now.strftime('%Y%m%d-%H%M%S')}"
    candidate = folder / f"{stem}.db"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}.db"
        counter += 1
    return candidate


def backup_database(db_path: Path, *, now: datetime, target: Path | None = None) -> BackupResult:
    """Copy the database with SQLite's online backup API (safe while the app runs).

    The copy goes to `target`, or to the backups folder next to the database. A database
    from a newer Leadkeeper may be backed up: copying it changes nothing.
    """
    require_database(db_path)
    read_schema_state(db_path)  # refuses files that are not SQLite databases
    dest = (target.expanduser() if target else manual_backup_path(db_path, now)).absolute()
    if dest.is_dir():
        raise LeadkeeperError(f"cannot write {dest}: it is a folder")
    if dest.exists() and dest.samefile(db_path):
        raise LeadkeeperError("a backup cannot overwrite the database it copies")
    if target is not None and not dest.parent.is_dir():
        # The default folder is created on demand; a folder the user typed must exist.
        raise LeadkeeperError(f"cannot write {target}: folder {dest.parent} does not exist")
    try:
        backup_to(db_path, dest)
    except OSError as exc:
        raise LeadkeeperError(f"cannot write {dest}: {exc.strerror or exc}") from exc
    except sqlite3.Error as exc:
        raise LeadkeeperError(f"backup to {dest} failed: {exc}") from exc
    return BackupResult(path=dest, size_bytes=dest.stat().st_size)


@dataclass(frozen=True)
class ForeignKeyProblem:
    table: str
    rowid: int | None
    parent: str


@dataclass(frozen=True)
class CheckReport:
    path: Path
    revision: str | None
    head: str
    integrity: tuple[str, ...]  # ("ok",) when healthy, else SQLite's findings
    foreign_key_problems: tuple[ForeignKeyProblem, ...]
    contacts: int
    inquiries: int
    open_tasks: int

    @property
    def integrity_ok(self) -> bool:
        return self.integrity == ("ok",)

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.head

    @property
    def ok(self) -> bool:
        return self.integrity_ok and not self.foreign_key_problems


_COUNTS = {
    "contacts": "SELECT count(*) FROM contacts",
    "inquiries": "SELECT count(*) FROM inquiries",
    "open_tasks": "SELECT count(*) FROM tasks WHERE state = 'open'",
}
_MAX_FINDINGS = 100  # integrity_check's own default; enough to act on


def check_database(db_path: Path) -> CheckReport:
    """Run SQLite's integrity and foreign-key checks and count the main records.

    A database from a newer Leadkeeper is refused (DatabaseRefused): its tables may mean
    something this version does not know. Nothing is written, not even a migration.
    """
    require_database(db_path)
    state = read_schema_state(db_path)
    head = head_revision()
    if not state.exists:
        raise DatabaseRefused(f"{db_path} is empty, not a Leadkeeper database")
    if state.revision not in known_revisions():
        raise DatabaseRefused(
            f"{db_path} was written by a newer Leadkeeper (schema {state.revision}); this "
            f"version understands schema {head} at most. The file was left untouched."
        )
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        try:
            integrity = tuple(
                str(r[0]) for r in conn.execute(f"PRAGMA integrity_check({_MAX_FINDINGS})")
            )
            fk_rows = conn.execute("PRAGMA foreign_key_check").fetchmany(_MAX_FINDINGS)
            counts = {name: int(conn.execute(sql).fetchone()[0]) for name, sql in _COUNTS.items()}
        except sqlite3.DatabaseError as exc:
            # Damage bad enough that the checks themselves cannot run.
            return CheckReport(db_path, state.revision, head, (str(exc),), (), 0, 0, 0)
        problems = tuple(ForeignKeyProblem(str(t), rowid, str(p)) for t, rowid, p, _ in fk_rows)
    finally:
        conn.close()
    return CheckReport(
        path=db_path,
        revision=state.revision,
        head=head,
        integrity=integrity,
        foreign_key_problems=problems,
        **counts,
    )


def daily_backup(db_path: Path, day: date) -> Path | None:
    """Today's automatic backup, made once a day; old ones pruned (7 daily, 4 weekly).

    Returns the new file, or None when today's backup already existed."""
    return ensure_daily_backup(db_path, backups_dir(db_path), day)
