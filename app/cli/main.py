"""The `leadkeeper` command: the desktop app without a subcommand, else one headless job.

Exit status: 0 done, 1 an unexpected failure (or `check` found damage), 2 a mistake the
user can fix (bad flag or value, missing or refused database, unwritable file). Every
failure is one line on stderr starting "leadkeeper: error:"; a traceback is shown only
with LEADKEEPER_DEBUG=1. Error lines never echo personal data beyond what was typed.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, cast

from sqlalchemy.exc import DBAPIError

from app import __version__
from app.cli import commands_data, commands_due, commands_leads, commands_report
from app.cli.commands_import import add_import_parsers
from app.cli.common import CliEnv, Handler
from app.clock import Clock, SystemClock
from app.errors import LeadkeeperError
from app.paths import DB_ENV_VAR, resolve_db_path

PROG = "leadkeeper"
DEBUG_ENV_VAR = "LEADKEEPER_DEBUG"
USAGE_ERROR = 2
FAILURE = 1


class UsageError(Exception):
    """A bad command line, reported as one line (argparse would print usage too)."""


class _ParserExit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse that reports instead of exiting, so main() stays in charge of the exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:  # --help and --version print to stdout themselves; this is the rest
            sys.stderr.write(message)
        raise _ParserExit(status)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; subcommands come from the commands_* modules."""
    parser = _Parser(
        prog=PROG,
        description="Leadkeeper: a CRM for an independent mortgage broker. Without a "
        "command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"the database file (default: ${DB_ENV_VAR}, else the user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for module in (commands_leads, commands_due, commands_data, commands_report):
        module.register(commands)
    add_import_parsers(commands)
    for sub in commands.choices.values():
        # Also accept --db after the command; SUPPRESS keeps an earlier --db when absent.
        sub.add_argument(
            "--db",
            metavar="PATH",
            default=argparse.SUPPRESS,
            help="the database file (may also go before the command)",
        )
    return parser


def run_gui(env: CliEnv) -> int:
    """Open the desktop app. Imported here so other commands never load Qt."""
    try:
        module = importlib.import_module("ui.app")
    except ImportError as exc:
        qt = (exc.name or "").startswith(("PySide6", "shiboken6")) or ".so" in str(exc)
        what = "Qt could not be loaded" if qt else "its code could not be loaded"
        raise LeadkeeperError(
            f"the desktop app cannot start because {what} ({exc}); "
            "the command line still works, see `leadkeeper --help`"
        ) from exc
    launch = cast(Callable[[Path, Clock], int], module.run_gui)
    return int(launch(env.db_path, env.clock))


def _say(message: str) -> None:
    text = " ".join(str(message).split())  # exactly one line, whatever the message held
    sys.stderr.write(f"{PROG}: error: {text}\n")


def _database_error_text(exc: BaseException) -> str:
    """SQLite's own reason (e.g. "database is locked"), never the SQL or its values."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return str(orig.args[0]) if orig is not None and orig.args else type(exc).__name__


def _run(argv: Sequence[str] | None, clock: Clock | None) -> int:
    args = build_parser().parse_args(argv)
    env = CliEnv(db_path=resolve_db_path(args.db), clock=clock or SystemClock())
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        return run_gui(env)
    return handler(args, env)


def main(argv: Sequence[str] | None = None, *, clock: Clock | None = None) -> int:
    """Run the command line and return its exit status (never raises SystemExit).

    `clock` lets tests run commands at a fixed moment; the app uses the system clock.
    """
    try:
        return _run(argv, clock)
    except _ParserExit as done:
        return done.status
    except UsageError as exc:
        _say(str(exc))
        return USAGE_ERROR
    except LeadkeeperError as exc:
        _say(str(exc))
        return USAGE_ERROR
    except BrokenPipeError:
        # The reader went away (`leadkeeper export contacts | head`): stop quietly.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return FAILURE
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        return 130
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        _say(f"{exc.strerror or type(exc).__name__}{where}")
        return USAGE_ERROR
    except (DBAPIError, sqlite3.Error) as exc:
        _debug_traceback()
        _say(f"the database could not be used: {_database_error_text(exc)}")
        return FAILURE
    except Exception as exc:
        _debug_traceback()
        # The message of an unexpected error may hold record values: name the type only.
        _say(f"unexpected {type(exc).__name__}; run with {DEBUG_ENV_VAR}=1 for details")
        return FAILURE


def _debug_traceback() -> None:
    if os.environ.get(DEBUG_ENV_VAR) == "1":
        traceback.print_exc()


if __name__ == "__main__":
    raise SystemExit(main())
