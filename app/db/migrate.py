"""Open a database safely: refuse newer schemas, back up, then migrate to head."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.db.backup import backup_to
from app.db.engine import Database, make_engine
from app.errors import DatabaseRefused
from app.paths import backups_dir

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Alembic costs about half a second to import; opening an up-to-date database needs
# only the revision ids, read straight from the scripts (a test checks they agree).
_REVISION_LINE = re.compile(
    r"^(revision|down_revision)\s*=\s*(?:'([^']*)'|\"([^\"]*)\"|None)", re.M
)


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def revision_graph() -> dict[str, str | None]:
    """Each migration script's revision id and the one it revises."""
    graph: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = {
            match.group(1): match.group(2) or match.group(3) or None
            for match in _REVISION_LINE.finditer(script.read_text(encoding="utf-8"))
        }
        revision = found.get("revision")
        if revision:
            graph[revision] = found.get("down_revision")
    return graph


def head_revision() -> str:
    """The newest schema revision this version of Leadkeeper knows."""
    graph = revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"migration scripts must form one line, found heads {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(revision_graph())


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
    from alembic import command

    config = _alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
