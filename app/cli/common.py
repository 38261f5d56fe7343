"""What every command shares: where the database is, the clock, and output helpers."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from app.clock import Clock
from app.services.context import ServiceContext, open_context
from app.services.maintenance import require_database


@dataclass(frozen=True)
class CliEnv:
    """The database path and clock a command runs with."""

    db_path: Path
    clock: Clock

    @contextmanager
    def context(self, *, create: bool) -> Iterator[ServiceContext]:
        """An open service context, closed afterwards.

        `create=False` refuses a missing database instead of creating an empty one: a
        command that only reads should not invent a database after a typo in --db.
        """
        if not create:
            require_database(self.db_path)
        ctx = open_context(self.db_path, self.clock)
        try:
            yield ctx
        finally:
            ctx.db.close()


Handler = Callable[[argparse.Namespace, CliEnv], int]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str) -> date:
    """An argparse type: a calendar date written YYYY-MM-DD."""
    try:
        if _DATE.fullmatch(text.strip()):
            return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD")


def int_between(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number from {low} to {high}")
        return value

    return parse


def local_time(moment: datetime | None, tz: tzinfo, *, empty: str = "-") -> str:
    """A moment as the broker reads it: "Mon 2026-03-02 09:00" in their time zone."""
    if moment is None:
        return empty
    return moment.astimezone(tz).strftime("%a %Y-%m-%d %H:%M")


def iso(moment: datetime | None) -> str | None:
    """A moment as ISO 8601 in UTC, to the second (for --json)."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def print_json(value: Any) -> None:
    """Pretty JSON on stdout, non-ASCII names kept readable."""
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print the result as JSON instead of text"
    )
