"""`leadkeeper due`: what needs the broker today (or on --date)."""

from __future__ import annotations

import argparse
from datetime import tzinfo
from typing import Any

from app.cli.common import (
    CliEnv,
    add_json_flag,
    int_between,
    iso,
    local_time,
    parse_date,
    print_json,
)
from app.services.due import DueInquiry, DueList, DueSection, DueTask, due_list

# (JSON key, heading, line shown when the section is empty)
SECTIONS = (
    ("overdue", "Overdue", "Nothing overdue."),
    ("due_today", "Due today", "Nothing due today."),
    ("unassigned", "Unassigned", "No unassigned inquiries."),
    ("stale_warm", "Stale warm", "No stale warm inquiries."),
)


def register(commands: Any) -> None:
    """Add the `due` subcommand to the `commands` subparsers action."""
    due = commands.add_parser(
        "due",
        help="list overdue and due follow-ups, unassigned and stale inquiries",
        description="What needs you today: overdue and due tasks, unassigned inquiries and "
        "warm inquiries nobody has contacted for a while.",
    )
    due.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="another day than today")
    due.add_argument(
        "--limit",
        type=int_between(1, 100_000),
        default=200,
        metavar="N",
        help="at most N items per section (counts are always complete; default 200)",
    )
    add_json_flag(due)
    due.set_defaults(handler=run_due)


def task_json(task: DueTask) -> dict[str, Any]:
    return {
        "task_id": task.task_id,
        "inquiry_id": task.inquiry_id,
        "contact_id": task.contact_id,
        "contact_name": task.contact_name,
        "kind": task.kind,
        "title": task.title,
        "due_at": iso(task.due_at),
        "owner": task.owner,
    }


def inquiry_json(item: DueInquiry) -> dict[str, Any]:
    return {
        "inquiry_id": item.inquiry_id,
        "contact_id": item.contact_id,
        "contact_name": item.contact_name,
        "type": item.type_name,
        "stage": item.stage_name,
        "last_contact_at": iso(item.last_contact_at),
        "days_without_contact": item.days_without_contact,
    }


def due_json(due: DueList) -> dict[str, Any]:
    """The --json shape of the due list (keys are part of the CLI contract)."""
    result: dict[str, Any] = {"date": due.day.isoformat()}
    counts: dict[str, int] = {}
    for key, _, _ in SECTIONS:
        section: DueSection[Any] = getattr(due, key)
        convert = task_json if key in ("overdue", "due_today") else inquiry_json
        result[key] = [convert(item) for item in section.items]
        counts[key] = section.count
    result["counts"] = counts
    return result


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _item_line(item: DueTask | DueInquiry, tz: tzinfo) -> str:
    if isinstance(item, DueTask):
        about = f" (inquiry #{item.inquiry_id})" if item.inquiry_id is not None else ""
        owner = f" [{item.owner}]" if item.owner else ""
        return (
            f"  {local_time(item.due_at, tz)}  {item.kind}: {item.title} - "
            f"{item.contact_name}{about}{owner}"
        )
    contacted = (
        f"last contact {local_time(item.last_contact_at, tz)}"
        if item.last_contact_at
        else "never contacted"
    )
    return (
        f"  #{item.inquiry_id} {item.contact_name} - {item.type_name}, {item.stage_name}: "
        f"{contacted}, {_days(item.days_without_contact)} without contact"
    )


def print_due(due: DueList, tz: tzinfo) -> None:
    """The four sections as text, each headed with its count."""
    print(f"Follow-ups for {due.day.strftime('%A')} {due.day.isoformat()}")
    for key, heading, empty in SECTIONS:
        section: DueSection[Any] = getattr(due, key)
        print(f"\n{heading} ({section.count})")
        if not section.items:
            print(f"  {empty}")
        for item in section.items:
            print(_item_line(item, tz))
        hidden = section.count - len(section.items)
        if hidden > 0:
            print(f"  ... and {hidden} more (raise --limit to see them)")


def run_due(args: argparse.Namespace, env: CliEnv) -> int:
    """Print the due list for today or --date."""
    with env.context(create=False) as ctx:
        due = due_list(ctx, args.date, limit=args.limit)
    if args.json:
        print_json(due_json(due))
    else:
        print_due(due, env.clock.tz)
    return 0
