"""Open a database safely: refuse newer schemas, back up, then migrate to head."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from app.db.backup import backup_to
from app.db.engine import Database, make_engine
from app.errors import DatabaseRefused
from app.paths import backups_dir

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest schema revision this version of Leadkeeper knows."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


@dataclass(frozen=True)
class SchemaState:
    exists: bool  # the file has any tables at all
    revision: str | None


def read_schema_state(path: Path) -> SchemaState:
    """Read the schema revision without writing anything (read-only connection)."""
    if not path.exists() or path.stat().st_size == 0:
        return SchemaState(exists=False, revision=None)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if not tables:
                return SchemaState(exists=False, revision=None)
            if "alembic_version" not in tables:
                raise DatabaseRefused(f"{path} is not a Leadkeeper database (no schema version)")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseRefused(f"{path} is not a readable SQLite database ({exc})") from exc
    return SchemaState(exists=True, revision=row[0] if row else None)


def open_database(path: Path, *, now: datetime) -> Database:
    """Open (creating or upgrading as needed) the database at `path`.

    A database written by a newer Leadkeeper is refused and left untouched; an older
    one is copied to the backups folder before it is migrated.
    """
    state = read_schema_state(path)
    head = head_revision()
    if state.exists and state.revision not in known_revisions():
        raise DatabaseRefused(
            f"{path} was written by a newer Leadkeeper (schema {state.revision}); this version "
            f"understands schema {head} at most. Update Leadkeeper to open it; the file was "
            "left untouched."
        )
    if state.exists and state.revision != head:
        stamp = now.strftime("%Y%m%d-%H%M%S")
        backup_to(path, backups_dir(path) / f"pre-migration-{state.revision}-{stamp}.db")
    engine = make_engine(path)
    if state.revision != head:
        try:
            upgrade(database=Database(path, engine))
        except Exception:
            engine.dispose()
            raise
    return Database(path, engine)


def upgrade(*, database: Database, revision: str = "head") -> None:
    """Run Alembic's upgrade to `revision` on this database."""
    config = _alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
