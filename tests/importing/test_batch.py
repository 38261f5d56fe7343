"""Importing a batch: every row accounted for, merges that never overwrite, one transaction."""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.cli.commands_import import add_import_parsers
from app.cli.common import CliEnv
from app.clock import FixedClock
from app.errors import LeadkeeperError
from app.importing.batch import CANCELLED, import_records
from app.importing.duplicates import list_possible_duplicates, resolve_possible_duplicate
from app.importing.model import NormalizedRow, PersonRecord, SourceRow
from app.services.contacts import create_contact, get_contact
from app.services.context import ServiceContext, open_context
from app.services.dto import ContactInput


@pytest.fixture
def ctx(db_path: Path, clock: FixedClock) -> Iterator[ServiceContext]:
    context = open_context(db_path, clock)
    try:
        yield context
    finally:
        context.db.close()


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
    finally:
        conn.close()


def row(number: int, person: PersonRecord | None, reason: str = "") -> NormalizedRow:
    values = {"name": f"{person.first_name} {person.last_name}"} if person else {"name": ""}
    return NormalizedRow(SourceRow("contacts.csv", number, values), person, reason)


def p(first: str, last: str, **kw: object) -> PersonRecord:
    return PersonRecord(first_name=first, last_name=last, **kw)  # type: ignore[arg-type]


@pytest.fixture
def robert(ctx: ServiceContext) -> int:
    return create_contact(
        ctx,
        ContactInput(
            "Robert",
            "Smith",
            emails=("bob@example.com",),
            phones=("416-555-0101",),
            address_line1="12 Maple Street",
            city="Toronto",
        ),
    ).id


def sample_rows() -> list[NormalizedRow]:
    return [
        row(2, p("Bob", "Smith", emails=("bob@example.com",), postal_code="M4C 1A1")),
        row(3, None, "row 3: no name, email or phone"),
        row(4, p("Alice", "Wong", emails=("alice@example.com",))),
        row(5, p("Alicia", "Wong", emails=("alice@example.com",), phones=("+16045550000",))),
        row(6, p("R.", "Smith", emails=("bob@example.com",))),
        row(7, p("Robert", "Smith", emails=("bob@example.com",))),
        row(8, p("Peter", "Chan", phones=("+16045550001",))),
    ]


def test_every_row_is_accounted_for(ctx: ServiceContext, robert: int, db_path: Path) -> None:
    summary = import_records(ctx, sample_rows(), kind="csv", source_name="contacts.csv")
    assert (summary.rows, summary.created, summary.merged, summary.review, summary.skipped) == (
        7,
        2,
        2,
        1,
        1,
    )
    assert [(r.row, r.reason) for r in summary.rejected] == [(3, "row 3: no name, email or phone")]
    total = summary.created + summary.merged + summary.review + summary.skipped
    assert total + len(summary.rejected) == summary.rows
    conn = sqlite3.connect(db_path)
    actions = conn.execute(
        "SELECT row_number, action, contact_id FROM import_rows WHERE batch_id = ? "
        "ORDER BY row_number",
        (summary.batch_id,),
    ).fetchall()
    alice = actions[2][2]
    assert actions == [
        (2, "merged", robert),
        (3, "rejected", None),
        (4, "imported", alice),
        (5, "merged", alice),  # the same person as row 4: folded into it
        (6, "review", robert),
        (7, "skipped", robert),  # already there, nothing new
        (8, "imported", alice + 1),
    ]
    batch = conn.execute("SELECT status, summary FROM import_batches").fetchone()
    assert batch[0] == "done" and json.loads(batch[1])["rows"] == 7
    raw = json.loads(conn.execute("SELECT raw FROM import_rows WHERE row_number = 3").fetchone()[0])
    assert raw["values"] == {"name": ""}
    assert get_contact(ctx, alice).emails == ("alice@example.com",)
    assert get_contact(ctx, alice).phones == ("+16045550000",)


def test_a_merge_fills_empty_fields_and_never_overwrites(ctx: ServiceContext, robert: int) -> None:
    incoming = p(
        "Bobby",
        "Smith",
        emails=("bob@example.com", "rsmith@work.example"),
        phones=("+14165550199",),
        date_of_birth=date(1980, 5, 17),
        address_line1="99 Other Road",
        city="Ottawa",
        company="Smith & Co",
        tags=("vip",),
    )
    summary = import_records(ctx, [row(2, incoming)], kind="csv", source_name="x")
    assert summary.merged == 1
    contact = get_contact(ctx, robert)
    assert (contact.first_name, contact.city, contact.address_line1) == (
        "Robert",
        "Toronto",
        "12 Maple Street",
    )
    assert contact.emails == ("bob@example.com", "rsmith@work.example")
    assert contact.phones == ("+14165550101", "+14165550199")
    assert contact.date_of_birth == date(1980, 5, 17) and contact.company == "Smith & Co"
    assert contact.tags == ("vip",)
    conn = sqlite3.connect(ctx.db.path)
    (reason,) = conn.execute("SELECT reason FROM import_rows").fetchone()
    assert "kept the existing address" in reason
    snapshot = json.loads(conn.execute("SELECT snapshot FROM merges").fetchone()[0])
    assert set(snapshot["fields"]) == {"date_of_birth", "company"}
    assert snapshot["emails"] == ["rsmith@work.example"]
    assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'merge'").fetchone() == (1,)


def test_a_failure_midway_leaves_the_database_as_it_was(
    ctx: ServiceContext, robert: int, db_path: Path
) -> None:
    before = dump(db_path)
    calls: list[int] = []

    def explode(done: int, total: int) -> None:
        calls.append(done)
        if done > total // 2:  # after the contacts were written
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        import_records(ctx, sample_rows(), kind="csv", source_name="x", progress=explode)
    assert len(calls) > 2
    assert dump(db_path) == before


def test_cancel_rolls_everything_back(ctx: ServiceContext, robert: int, db_path: Path) -> None:
    before = dump(db_path)
    asked: list[bool] = []

    def cancel() -> bool:
        asked.append(True)
        return len(asked) > 3

    with pytest.raises(LeadkeeperError, match=CANCELLED):
        import_records(ctx, sample_rows(), kind="csv", source_name="x", cancel=cancel)
    assert dump(db_path) == before


def test_a_dry_run_reports_and_changes_nothing(
    ctx: ServiceContext, robert: int, db_path: Path
) -> None:
    before = dump(db_path)
    summary = import_records(ctx, sample_rows(), kind="csv", source_name="x", dry_run=True)
    assert (summary.batch_id, summary.created, summary.merged, summary.dry_run) == (
        None,
        2,
        2,
        True,
    )
    assert dump(db_path) == before


def test_importing_the_same_file_twice_adds_nothing(ctx: ServiceContext, robert: int) -> None:
    rows = [row(2, p("Dana", "Scully", emails=("dana@fbi.example",), city="Washington"))]
    first = import_records(ctx, rows, kind="csv", source_name="x")
    second = import_records(ctx, rows, kind="csv", source_name="x")
    assert (first.created, second.created, second.skipped) == (1, 0, 1)


def test_review_skip_leaves_possible_duplicates_out(ctx: ServiceContext, robert: int) -> None:
    rows = [row(2, p("R.", "Smith", emails=("bob@example.com",)))]
    summary = import_records(ctx, rows, kind="csv", source_name="x", review="skip")
    assert (summary.review, summary.skipped, summary.created) == (0, 1, 0)
    assert list_possible_duplicates(ctx) == []


def test_possible_duplicates_can_be_listed_and_resolved(ctx: ServiceContext, robert: int) -> None:
    rows = [
        row(
            2,
            p("R.", "Smith", emails=("bob@example.com",), city="Toronto", phones=("+14165550177",)),
        ),
        row(3, p("B.", "Smith", emails=("bob@example.com",))),
        row(
            4,
            p(
                "Rob",
                "Smith",
                phones=("+14165550101",),
                address_line1="Elsewhere 1",
                city="Ottawa",
                date_of_birth=date(1980, 1, 2),
                postal_code="K1A 0A1",
            ),
        ),
    ]
    summary = import_records(ctx, rows, kind="csv", source_name="x")
    queued = list_possible_duplicates(ctx)
    assert summary.review == len(queued) >= 2
    assert all(q.candidate_id == robert for q in queued)
    assert queued[0].person.emails == ("bob@example.com",)
    merged = resolve_possible_duplicate(ctx, queued[0].import_row_id, "merge")
    kept = resolve_possible_duplicate(ctx, queued[1].import_row_id, "keep_both")
    assert merged.contact_id == robert and kept.contact_id not in (None, robert)
    assert get_contact(ctx, kept.contact_id or 0).last_name == "Smith"
    assert [q.import_row_id for q in list_possible_duplicates(ctx)] == [
        q.import_row_id for q in queued[2:]
    ]
    with pytest.raises(LeadkeeperError, match="not waiting for a decision"):
        resolve_possible_duplicate(ctx, queued[0].import_row_id, "skip")
    conn = sqlite3.connect(ctx.db.path)
    counts = json.loads(conn.execute("SELECT summary FROM import_batches").fetchone()[0])
    assert counts["rows"] == 3 and counts["imported"] + counts["merged"] >= 2


def _cli(db_path: Path, clock: FixedClock, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_import_parsers(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    return int(args.handler(args, CliEnv(db_path=db_path, clock=clock)))


def test_cli_import_json_lists_rejected_rows_and_exits_zero(
    db_path: Path, clock: FixedClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "leads.csv"
    csv.write_text(
        "First Name,Last Name,Email,Phone\n"
        "Ana,Lima,ana@example.com,416-555-0123\n"
        ",,,\n"
        ",,not-an-email,\n"
        "Ana,Lima,ANA@example.com,(416) 555-0123\n",
        encoding="utf-8",
    )
    assert _cli(db_path, clock, "import", str(csv), "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert {"batch_id", "rows", "created", "merged", "review", "rejected"} <= set(result)
    assert result["created"] == 1 and result["merged"] + result.get("skipped", 0) >= 1
    assert [r["file"] for r in result["rejected"]] == ["leads.csv"] * len(result["rejected"])
    assert (
        result["rows"]
        == result["created"]
        + result["merged"]
        + result["review"]
        + len(result["rejected"])
        + result["skipped"]
    )
    assert _cli(db_path, clock, "import", str(csv)) == 0
    text = capsys.readouterr().out
    assert "queued for review" in text and "undo-import" in text
    assert _cli(db_path, clock, "undo-import", str(result["batch_id"])) == 0
    assert "undone" in capsys.readouterr().out
