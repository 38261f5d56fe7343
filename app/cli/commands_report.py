"""`leadkeeper report NAME`: the Reports page's tables on the command line."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from typing import Any

from app.cli.common import CliEnv, add_json_flag, print_json
from app.errors import InvalidInput
from app.reports import REPORTS, ReportFilter, ReportTable, run_report, table_json, text_table

# The contract names first; overdue and lost are extra reports the page also shows.
CLI_REPORTS = (
    "sources",
    "response",
    "funnel",
    "stalled",
    "roi",
    "partners",
    "renewals",
    "overdue",
    "lost",
)
# Report options and the flags that set them; a flag a report does not take is refused.
_OPTIONS = {"period": "--period", "by": "--by", "days": "--days"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def add_report_parser(commands: Any) -> None:
    """Add the `report` subcommand to the `commands` subparsers action."""
    report = commands.add_parser(
        "report",
        help="print a report: sources, response, funnel, stalled, roi, partners, renewals...",
        description="Print one report as a table (or JSON rows whose keys are the table's "
        "columns). Dates are your local days, both ends included; cohort reports look at "
        "inquiries that arrived in the range.",
    )
    report.add_argument(
        "report", choices=CLI_REPORTS, metavar="REPORT", help=", ".join(CLI_REPORTS)
    )
    report.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day")
    report.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day")
    report.add_argument(
        "--type",
        dest="types",
        action="append",
        default=[],
        metavar="TYPE",
        help="only this inquiry type (repeatable)",
    )
    report.add_argument(
        "--source",
        dest="sources",
        action="append",
        default=[],
        metavar="SOURCE",
        help="only this source (repeatable)",
    )
    report.add_argument(
        "--owner",
        dest="owners",
        action="append",
        default=[],
        type=int,
        metavar="ID",
        help="only inquiries owned by this user id (repeatable)",
    )
    report.add_argument("--period", help="sources: month or week; overdue: day or week")
    report.add_argument("--by", help="sources: source or type; funnel: all, source or type")
    report.add_argument("--days", type=int, help="stalled: days without activity (default 14)")
    report.add_argument(
        "--list", action="store_true", help="stalled: list the inquiries instead of counting"
    )
    add_json_flag(report)
    report.set_defaults(handler=run_report_command)


register = add_report_parser  # the name app/cli/main.py calls on every commands_* module


def parse_day(text: str | None, flag: str) -> date | None:
    """A YYYY-MM-DD day from a flag, or InvalidInput naming the flag."""
    if text is None:
        return None
    cleaned = text.strip()
    try:
        if _DATE.fullmatch(cleaned):
            return date.fromisoformat(cleaned)
    except ValueError:
        pass
    raise InvalidInput(f"{flag} '{text}' is not a date; use YYYY-MM-DD")


def report_filter(args: argparse.Namespace) -> ReportFilter:
    """The filter the flags describe (InvalidInput for a bad or backwards range)."""
    return ReportFilter(
        date_from=parse_day(args.date_from, "--from"),
        date_to=parse_day(args.date_to, "--to"),
        type_keys=tuple(args.types),
        source_keys=tuple(args.sources),
        owner_ids=tuple(args.owners),
    )


def _options(args: argparse.Namespace, name: str) -> dict[str, Any]:
    spec = REPORTS[name]
    given = {key: getattr(args, key) for key in _OPTIONS if getattr(args, key) is not None}
    for key in given:
        if key not in spec.options:
            raise InvalidInput(f"{_OPTIONS[key]} does not apply to the {args.report} report")
    return given


def run_report_command(args: argparse.Namespace, env: CliEnv) -> int:
    """Print the chosen report as an aligned table, or with --json as a list of rows."""
    name = args.report
    if args.list:
        if name != "stalled":
            raise InvalidInput("--list only applies to the stalled report")
        name = "stalled_list"
    flt = report_filter(args)
    options = _options(args, name)
    with env.context(create=False) as ctx:
        table = run_report(ctx, name, flt, **options)
    if args.json:
        print_json(table_json(table))
    else:
        print_table(table, REPORTS[name].title)
    return 0


def print_table(table: ReportTable, title: str) -> None:
    """A heading, the aligned table (or a line saying it is empty), and its note."""
    out = sys.stdout
    out.write(f"{title}\n\n")
    if table.rows:
        out.write(text_table(table))
    else:
        out.write("Nothing to report for this range and filter.\n")
    if table.note:
        out.write(f"\n{table.note}\n")
