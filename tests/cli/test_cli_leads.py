"""`add-lead` and `due` as the broker (and their scripts) read them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.clock import FixedClock
from app.services.context import open_context
from app.services.inquiries import assign_owner, move_stage

CliRunner = Callable[..., Any]  # fixture from tests/cli/conftest.py
TORONTO = ZoneInfo("America/Toronto")
LEAD_KEYS = {
    "contact_id", "inquiry_id", "existing_contact", "name", "type", "source", "stage",
    "amount", "score", "next_followup_at",
}  # fmt: skip


@pytest.fixture
def clock() -> FixedClock:
    """Monday 2 March 2026, 14:00 UTC = 09:00 in Toronto, where this broker works."""
    return FixedClock(current=datetime(2026, 3, 2, 14, 0, tzinfo=UTC), tz=TORONTO)


def add(cli: CliRunner, first: str, *extra: str, kind: str = "purchase") -> Any:
    run = cli("add-lead", "--first", first, "--last", "Test", "--type", kind, "--json", *extra)
    assert run.code == 0, run.err
    return json.loads(run.out)


def test_add_lead_prints_the_lead_and_its_first_follow_up_in_local_time(cli: CliRunner) -> None:
    run = cli(
        "add-lead", "--first", "Maria", "--last", "Gonzalez", "--email", "maria@example.com",
        "--phone", "(416) 555-0142", "--type", "purchase", "--source", "website_form",
    )  # fmt: skip
    assert run.code == 0 and run.err == ""
    assert run.out == "Lead #1 for Maria Gonzalez (Purchase), next follow-up Mon 2026-03-02 09:00\n"


def test_add_lead_json_and_reuse_of_an_existing_contact(cli: CliRunner) -> None:
    first = add(cli, "Maria", "--email", "maria@example.com", "--amount", "$350,000.50",
                "--source", "referral_partner")  # fmt: skip
    assert set(first) == LEAD_KEYS
    assert first["inquiry_id"] == 1 and first["existing_contact"] is False
    assert (first["name"], first["type"], first["source"], first["stage"]) == (
        "Maria Test", "purchase", "referral_partner", "new",
    )  # fmt: skip
    assert first["amount"] == "350000.50"
    assert isinstance(first["score"], int)
    assert first["next_followup_at"] == "2026-03-02T14:00:00+00:00"

    # The same person writes again about a renewal, with her address in capitals.
    second = add(cli, "M.", "--email", "MARIA@Example.com", kind="renewal")
    assert second["existing_contact"] is True
    assert second["contact_id"] == first["contact_id"]
    assert second["inquiry_id"] == 2 and second["name"] == "Maria Test"
    assert second["amount"] is None and second["source"] is None

    text = cli("add-lead", "--first", "X", "--last", "Y", "--phone", "416 555 0199",
               "--type", "heloc")  # fmt: skip
    again = cli("add-lead", "--first", "X", "--last", "Y", "--phone", "+1 416-555-0199",
                "--type", "refinance")  # fmt: skip
    assert text.code == again.code == 0
    assert "existing contact #" in again.out and "existing contact" not in text.out


def test_due_shows_four_headed_sections_in_local_time(cli: CliRunner) -> None:
    empty = cli("due")
    assert empty.code == 0
    assert empty.out.splitlines() == [
        "Follow-ups for Monday 2026-03-02",
        "",
        "Overdue (0)",
        "  Nothing overdue.",
        "",
        "Due today (0)",
        "  Nothing due today.",
        "",
        "Unassigned (0)",
        "  No unassigned inquiries.",
        "",
        "Stale warm (0)",
        "  No stale warm inquiries.",
    ]
    add(cli, "Maria")
    add(cli, "Olga")
    run = cli("due")
    lines = run.out.splitlines()
    today = lines.index("Due today (2)")
    assert "Mon 2026-03-02 09:00  call:" in lines[today + 1]
    assert "Maria Test (inquiry #1)" in lines[today + 1]
    assert "Overdue (0)" in lines


def test_due_on_another_date_and_a_limit(cli: CliRunner, clock: FixedClock) -> None:
    for name in ("Ann", "Bob", "Cy"):
        add(cli, name)
    run = cli("due", "--date", "2026-03-20", "--limit", "1")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == "Follow-ups for Friday 2026-03-20"
    overdue = next(line for line in lines if line.startswith("Overdue ("))
    hidden = int(overdue.removeprefix("Overdue (").rstrip(")")) - 1
    assert hidden > 0
    assert f"  ... and {hidden} more (raise --limit to see them)" in lines

    data = json.loads(cli("due", "--date", "2026-03-20", "--json", "--limit", "1").out)
    assert data["date"] == "2026-03-20"
    assert len(data["overdue"]) == 1 and data["counts"]["overdue"] == hidden + 1


def test_due_json_items(cli: CliRunner, clock: FixedClock, db_path: Path) -> None:
    add(cli, "Maria")
    ctx = open_context(db_path, clock)
    try:
        assign_owner(ctx, 1, None)
        move_stage(ctx, 1, "contacted")  # a warm stage
    finally:
        ctx.db.close()
    clock.advance(timedelta(days=40))  # and then nobody called her for weeks
    data = json.loads(cli("due", "--json").out)
    assert data["date"] == "2026-04-11"
    task = data["overdue"][0]
    assert task == {
        "task_id": task["task_id"],
        "inquiry_id": 1,
        "contact_id": 1,
        "contact_name": "Maria Test",
        "kind": task["kind"],
        "title": task["title"],
        "due_at": task["due_at"],
        "owner": None,
    }
    assert task["due_at"].endswith("+00:00")
    assert data["counts"]["overdue"] == len(data["overdue"]) > 0
    expected = {
        "inquiry_id": 1,
        "contact_id": 1,
        "contact_name": "Maria Test",
        "type": "Purchase",
        "stage": "Contacted",
        "last_contact_at": None,
        "days_without_contact": 40,
    }
    assert data["unassigned"] == [expected]
    assert data["stale_warm"] == [expected]
    assert data["counts"]["unassigned"] == data["counts"]["stale_warm"] == 1
