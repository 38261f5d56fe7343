"""Running `leadkeeper` in-process against a real database file."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli.main import main
from app.clock import FixedClock
from app.services.context import open_context


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    def one_line_error(self, code: int = 2) -> str:
        """Assert the command failed the way a user should see it: exit `code`, exactly
        one "leadkeeper: error:" line on stderr, no traceback. Returns that line."""
        assert self.code == code, (self.code, self.out, self.err)
        assert len(self.err_lines) == 1, self.err
        assert self.err_lines[0].startswith("leadkeeper: error: ")
        assert "Traceback" not in self.err
        return self.err_lines[0]


CliRunner = Callable[..., Run]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], clock: FixedClock, db_path: Path) -> CliRunner:
    """`cli("due", "--json")` runs `leadkeeper --db <db_path> due --json` at the test
    clock's moment; `db=None` leaves --db out, `db=path` points elsewhere."""

    def run(*args: str, db: Path | str | None = "default") -> Run:
        prefix = [] if db is None else ["--db", str(db_path if db == "default" else db)]
        capsys.readouterr()  # drop anything printed before
        code = main([*prefix, *args], clock=clock)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


DbState = Callable[[Path], tuple[str, dict[str, int]]]


@pytest.fixture
def db_state() -> DbState:
    """`db_state(path)`: the file's hash and its row counts, to prove nothing changed."""

    def state(path: Path) -> tuple[str, dict[str, int]]:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            counts = {
                table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("contacts", "inquiries", "tasks", "interactions", "audit_log")
            }
        finally:
            conn.close()
        return digest, counts

    return state


@pytest.fixture
def seeded_db(db_path: Path, clock: FixedClock) -> Path:
    """`db_path` after a first start (default stages, types, sources loaded), as a real
    broker's database is; commands on it should then change only what they say."""
    open_context(db_path, clock).db.close()
    return db_path
