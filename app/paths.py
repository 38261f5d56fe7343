"""Where Leadkeeper keeps its files, and keeping them private to the user."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "Leadkeeper"
DB_FILENAME = "leadkeeper.db"
DB_ENV_VAR = "LEADKEEPER_DB"


def default_data_dir() -> Path:
    """The per-user data folder (e.g. ~/.local/share/Leadkeeper)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_db_path(cli_path: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """`--db` wins, then `LEADKEEPER_DB`, then the user data dir."""
    env = os.environ if environ is None else environ
    if cli_path:
        return Path(cli_path).expanduser()
    if env.get(DB_ENV_VAR):
        return Path(env[DB_ENV_VAR]).expanduser()
    return default_data_dir() / DB_FILENAME


def ensure_private_dir(path: Path) -> None:
    """Create a folder readable only by its owner (borrowers' data is sensitive)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def make_private(path: Path) -> None:
    """Restrict an existing file to its owner; ignore filesystems without modes."""
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


def backups_dir(db_path: Path) -> Path:
    """Backups live next to the database they protect."""
    return db_path.parent / "backups"


def resources_dir() -> Path:
    """The `resources/` folder shipped with the app (source tree or frozen bundle)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "resources", here / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Leadkeeper's resources folder is missing from this installation")
