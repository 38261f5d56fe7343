"""`leadkeeper import` and `undo-import`: contacts from CSV and vCard files, and back out.

Each file is read, its columns mapped (a remembered mapping for the same headers, else the
known export layouts, else header synonyms) and every row normalized; then all files are
imported as one batch. Rows that cannot be imported are listed with their reason; the
command still succeeds (exit 0) when some rows were rejected.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.common import CliEnv, add_json_flag, print_json
from app.importing.batch import REVIEW_MODES, ImportSummary, import_records
from app.importing.dedup import paused_gc
from app.importing.mapping import propose_mapping, recall_mapping
from app.importing.model import NormalizedRow
from app.importing.normalize import normalize_file
from app.importing.reading import ReadFile, read_file
from app.importing.undo import undo_import
from app.services.context import ServiceContext
from app.services.settings import phone_region


def add_import_parsers(commands: Any) -> None:
    """Add `import` and `undo-import` to the `commands` subparsers action."""
    parser = commands.add_parser(
        "import",
        help="import contacts from CSV or vCard files (one undoable batch)",
        description="Import contacts from CSV (any common dialect and encoding) and vCard "
        "files as one batch. Duplicates of existing contacts are merged (filling empty "
        "fields, never overwriting) or queued for review; every row is accounted for.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="CSV or vCard files")
    parser.add_argument(
        "--source", metavar="NAME", help="a name for this import (default: the file names)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would happen; change nothing"
    )
    parser.add_argument(
        "--review",
        choices=REVIEW_MODES,
        default="queue",
        help="possible duplicates: queue them for review (default) or skip them",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run_import)

    undo = commands.add_parser(
        "undo-import",
        help="undo an import batch: remove the contacts it created, revert its merges",
        description="Undo an import batch. Refused, with the contacts named, when a contact "
        "it created has been used since (an inquiry, a task, an edit...).",
    )
    undo.add_argument("batch_id", type=int, metavar="BATCH_ID", help="the batch to undo")
    add_json_flag(undo)
    undo.set_defaults(handler=run_undo_import)


def normalized_rows(ctx: ServiceContext, read: ReadFile) -> list[NormalizedRow]:
    """Every record of a read file as a NormalizedRow (unreadable ones rejected), in file
    order, mapped with the remembered mapping for its headers or the proposed one."""
    with ctx.db.session() as session:
        region = phone_region(session)
        mapping = recall_mapping(session, read.headers)
    if mapping is None:
        mapping = propose_mapping(read.headers).mapping
    return normalize_file(read, mapping, region=region)  # the wizard's path too


def run_import(args: argparse.Namespace, env: CliEnv) -> int:
    """Read, normalize and import the files; print the counts and rejected rows."""
    with paused_gc():  # a large file is 100,000s of new objects: see dedup.paused_gc
        files = [read_file(Path(name).expanduser()) for name in args.files]
    with env.context(create=True) as ctx:
        rows = [row for read in files for row in normalized_rows(ctx, read)]
        kinds = {read.kind for read in files}
        summary = import_records(
            ctx,
            rows,
            kind=kinds.pop() if len(kinds) == 1 else "mixed",
            source_name=args.source or ", ".join(read.file_name for read in files),
            review=args.review,
            dry_run=args.dry_run,
        )
    if args.json:
        print_json(summary_json(summary))
    else:
        _print_summary(summary)
    return 0


def summary_json(summary: ImportSummary) -> dict[str, Any]:
    """The `--json` object: batch_id, rows, created, merged, review, rejected (+ skipped)."""
    return {
        "batch_id": summary.batch_id,
        "rows": summary.rows,
        "created": summary.created,
        "merged": summary.merged,
        "review": summary.review,
        "rejected": [{"file": r.file, "row": r.row, "reason": r.reason} for r in summary.rejected],
        "skipped": summary.skipped,
        "dry_run": summary.dry_run,
    }


def _print_summary(summary: ImportSummary) -> None:
    out = sys.stdout
    if summary.dry_run:
        out.write("Dry run: nothing was saved.\n")
    out.write(
        f"Rows: {summary.rows:,}\n"
        f"  created:           {summary.created:,}\n"
        f"  merged:            {summary.merged:,}\n"
        f"  queued for review: {summary.review:,}\n"
        f"  skipped:           {summary.skipped:,}\n"
        f"  rejected:          {len(summary.rejected):,}\n"
    )
    if summary.rejected:
        out.write("Rejected rows:\n")
        for rejected in summary.rejected:
            out.write(f"  {rejected.file} row {rejected.row}: {rejected.reason}\n")
    if summary.batch_id is not None:
        out.write(
            f"Import batch {summary.batch_id} "
            f"(undo with: leadkeeper undo-import {summary.batch_id})\n"
        )


def run_undo_import(args: argparse.Namespace, env: CliEnv) -> int:
    """Undo one batch, or say why it cannot be undone."""
    with env.context(create=False) as ctx:
        result = undo_import(ctx, args.batch_id)
    if args.json:
        print_json(
            {
                "batch_id": result.batch_id,
                "contacts_removed": result.contacts_removed,
                "merges_reverted": result.merges_reverted,
            }
        )
    else:
        print(
            f"Import batch {result.batch_id} undone: removed {result.contacts_removed:,} "
            f"contacts, reverted {result.merges_reverted:,} merges."
        )
    return 0
