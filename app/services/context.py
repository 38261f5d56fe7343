"""What every service needs: the database and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.clock import Clock
from app.db.engine import Database
from app.db.migrate import open_database
from app.services.defaults import seed_defaults


@dataclass(frozen=True)
class ServiceContext:
    db: Database
    clock: Clock


def open_context(path: Path, clock: Clock) -> ServiceContext:
    """Open (creating, migrating and seeding on first run) the database at `path`."""
    db = open_database(path, now=clock.now())
    with db.session() as session:
        seed_defaults(session, now=clock.now())
    return ServiceContext(db=db, clock=clock)
