"""Fixtures every test can use: an isolated home, a fixed clock, a ready database.

Add shared fixtures here in their own section; fixtures for one area (services, UI)
belong in that folder's conftest.py.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.db.engine import Database
from app.db.migrate import open_database
from app.paths import DB_ENV_VAR

# --- Qt platform -------------------------------------------------------------------
# Every test runs on Qt's offscreen platform, even under `xvfb-run` (which sets DISPLAY):
# offscreen is faster, draws the same pixels on every machine, and one process can only
# ever have one QApplication on one platform. Tests marked `xvfb` need a real X server
# (tray, window manager, screenshots): they start their Qt program in a subprocess with
# QT_QPA_PLATFORM=xcb and are skipped when there is no DISPLAY. LEADKEEPER_TEST_XVFB=1
# runs the whole session on the real display instead (for looking at a failure).
if os.environ.get("LEADKEEPER_TEST_XVFB") != "1":
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

# Monday 2 March 2026, 14:00 UTC: mid-afternoon on a working day.
TEST_NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("DISPLAY"):
        return
    skip = pytest.mark.skip(reason="needs an X display: run through scripts/run-tests.sh")
    for item in items:
        if item.get_closest_marker("xvfb") is not None:
            item.add_marker(skip)


# --- Isolation ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point home and the XDG folders at a fresh folder for each test, so nothing a test
    does reaches the real user's data, config or cache (platformdirs reads these each
    call). It is not inside `tmp_path`, which stays empty for the test's own files."""
    home = tmp_path_factory.mktemp("home")
    home.chmod(0o700)
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        folder = home / sub
        folder.mkdir(parents=True)
        monkeypatch.setenv(var, str(folder))
    monkeypatch.delenv(DB_ENV_VAR, raising=False)
    return home


# --- Time --------------------------------------------------------------------------


@pytest.fixture
def clock() -> FixedClock:
    """A clock stopped at TEST_NOW; tests move it with advance()/set()."""
    return FixedClock(current=TEST_NOW)


# --- Database ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One empty database migrated to head, built once per session; copy it, never open it."""
    path = tmp_path_factory.mktemp("db-template") / "template.db"
    database = open_database(path, now=TEST_NOW)
    with database.engine.connect() as connection:
        # Fold the WAL into the main file so the one file is the whole database.
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def db_path(db_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the empty template, private like a real database file."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    path = folder / "leadkeeper.db"
    shutil.copyfile(db_template, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def db(db_path: Path, clock: FixedClock) -> Iterator[Database]:
    """The database at `db_path`, open; closed after the test."""
    database = open_database(db_path, now=clock.now())
    try:
        yield database
    finally:
        database.close()
