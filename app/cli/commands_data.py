"""`leadkeeper export`, `backup` and `check`: getting data out and looking after the file."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any

from app.cli.common import CliEnv, add_json_flag, print_json
from app.errors import LeadkeeperError
from app.services.export import DATASETS, FORMATS, export_file, export_stream
from app.services.maintenance import CheckReport, backup_database, check_database


def register(commands: Any) -> None:
    """Add `export`, `backup` and `check` to the `commands` subparsers action."""
    export = commands.add_parser(
        "export",
        help="export contacts, inquiries, tasks, interactions or import provenance",
        description="Export one dataset as CSV (UTF-8 with BOM, opens right in Excel; text "
        "cells starting with = + - @ get a leading ' so they never run as formulas) or JSON.",
    )
    export.add_argument("dataset", choices=list(DATASETS), help="what to export")
    export.add_argument("--format", choices=FORMATS, default="csv", help="default: csv")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (private, atomic) not stdout"
    )
    export.set_defaults(handler=run_export)

    backup = commands.add_parser(
        "backup",
        help="copy the database safely, even while the app is running",
        description="Copy the database with SQLite's online backup API, to FILE or to "
        "backups/manual-<time>.db next to the database, and print the copy's path.",
    )
    backup.add_argument("-o", "--output", metavar="FILE", help="where to write the copy")
    add_json_flag(backup)
    backup.set_defaults(handler=run_backup)

    check = commands.add_parser(
        "check",
        help="check the database's integrity and print its schema and counts",
        description="Run SQLite's integrity and foreign-key checks (read-only). Exit status "
        "1 when a problem is found.",
    )
    add_json_flag(check)
    check.set_defaults(handler=run_check)


def _refuse_database_as_output(output: Path, db_path: Path) -> None:
    if output.exists() and db_path.exists() and output.samefile(db_path):
        raise LeadkeeperError(f"refusing to overwrite the database itself with {output}")


def run_export(args: argparse.Namespace, env: CliEnv) -> int:
    """Export to -o FILE, or to stdout as the same UTF-8 bytes a file would get."""
    output = Path(args.output).expanduser() if args.output else None
    if output is not None:
        _refuse_database_as_output(output, env.db_path)
    with env.context(create=False) as ctx:
        if output is not None:
            result = export_file(ctx, args.dataset, args.format, output)
            print(f"Exported {result.rows:,} {result.dataset} to {result.path} ({result.format})")
            return 0
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # stdout replaced by a plain text stream
            export_stream(ctx, args.dataset, args.format, sys.stdout)
            return 0
        sys.stdout.flush()
        # UTF-8 without newline translation, so CRLF and the BOM reach the pipe unchanged.
        out = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
        try:
            export_stream(ctx, args.dataset, args.format, out)
            out.flush()
        finally:
            out.detach()  # leave sys.stdout's own buffer open
    return 0


def run_backup(args: argparse.Namespace, env: CliEnv) -> int:
    """Back up and print where the copy went."""
    target = Path(args.output) if args.output else None
    result = backup_database(env.db_path, now=env.clock.now(), target=target)
    if args.json:
        print_json({"path": str(result.path), "size_bytes": result.size_bytes})
    else:
        print(result.path)
    return 0


def check_json(report: CheckReport) -> dict[str, Any]:
    """The --json shape of a check (keys are part of the CLI contract)."""
    return {
        "path": str(report.path),
        "ok": report.ok,
        "revision": report.revision,
        "head": report.head,
        "up_to_date": report.up_to_date,
        "integrity": list(report.integrity),
        "foreign_key_violations": [
            {"table": p.table, "rowid": p.rowid, "parent": p.parent}
            for p in report.foreign_key_problems
        ],
        "counts": {
            "contacts": report.contacts,
            "inquiries": report.inquiries,
            "open_tasks": report.open_tasks,
        },
    }


def print_check(report: CheckReport) -> None:
    print(f"Database: {report.path}")
    state = "up to date" if report.up_to_date else "will be upgraded when next opened"
    print(f"Schema: {report.revision} (newest known: {report.head}; {state})")
    if report.integrity_ok:
        print("Integrity: ok")
    else:
        print(f"Integrity: {len(report.integrity)} problem(s)")
        for finding in report.integrity:
            print(f"  - {finding}")
    if not report.foreign_key_problems:
        print("Foreign keys: ok")
    else:
        print(f"Foreign keys: {len(report.foreign_key_problems)} broken reference(s)")
        for p in report.foreign_key_problems:
            print(f"  - {p.table} row {p.rowid} points to a missing {p.parent} row")
    print(
        f"Contacts: {report.contacts:,}  Inquiries: {report.inquiries:,}  "
        f"Open tasks: {report.open_tasks:,}"
    )
    print("ok" if report.ok else "FAILED")


def run_check(args: argparse.Namespace, env: CliEnv) -> int:
    """Check the database; exit status 1 when it is damaged."""
    report = check_database(env.db_path)
    if args.json:
        print_json(check_json(report))
    else:
        print_check(report)
    return 0 if report.ok else 1
