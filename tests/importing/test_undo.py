"""Undoing a merge and a whole import restores exactly what was there before."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.errors import LeadkeeperError
from app.importing.batch import import_records
from app.importing.duplicates import list_possible_duplicates
from app.importing.model import NormalizedRow, PersonRecord, SourceRow
from app.importing.undo import undo_import, undo_merge
from app.services.contacts import create_contact, get_contact, update_contact
from app.services.context import ServiceContext, open_context
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import create_inquiry

# Provenance is history: the batch, its rows and merges stay (marked undone) and the
# audit log records the undo. Everything else must be exactly as before the import.
HISTORY = {"import_batches", "import_rows", "merges", "audit_log"}


@pytest.fixture
def ctx(db_path: Path, clock: FixedClock) -> Iterator[ServiceContext]:
    context = open_context(db_path, clock)
    try:
        yield context
    finally:
        context.db.close()


def dump(path: Path, *, skip: set[str] = HISTORY) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
            for t in tables
            if t not in skip
        }
    finally:
        conn.close()


def rows(*people: PersonRecord) -> list[NormalizedRow]:
    return [
        NormalizedRow(SourceRow("book.vcf", i + 1, {"FN": f"{x.first_name} {x.last_name}"}), x)
        for i, x in enumerate(people)
    ]


def p(first: str, last: str, **kw: object) -> PersonRecord:
    return PersonRecord(first_name=first, last_name=last, **kw)  # type: ignore[arg-type]


@pytest.fixture
def existing(ctx: ServiceContext, clock: FixedClock) -> list[int]:
    ids = [
        create_contact(ctx, ContactInput("Robert", "Smith", emails=("bob@example.com",))).id,
        create_contact(
            ctx, ContactInput("Nadia", "Haddad", phones=("+15145550123",), city="Montréal")
        ).id,
    ]
    clock.advance(timedelta(minutes=5))
    return ids


def big_batch(ctx: ServiceContext) -> int:
    summary = import_records(
        ctx,
        rows(
            p(
                "Bob",
                "Smith",
                emails=("bob@example.com", "rs@work.example"),
                city="Toronto",
                date_of_birth=date(1979, 2, 3),
                tags=("golf", "past client"),
            ),
            p(
                "Nadia",
                "Haddad",
                phones=("+15145550123",),
                postal_code="H2X 1Y4",
                notes="met at the open house",
                tags=("golf",),
            ),
            p("Zoe", "Martin", emails=("zoe@example.com",), tags=("new tag",)),
            p("Zoé", "Martin", emails=("zoe@example.com",), phones=("+14185550000",)),
            p("Sam", "Lee", emails=("sam@example.com",)),
        ),
        kind="vcard",
        source_name="book.vcf",
    )
    assert (summary.created, summary.merged) == (2, 3)
    assert summary.batch_id is not None
    return summary.batch_id


def test_undo_import_restores_the_database_exactly(
    ctx: ServiceContext, existing: list[int], db_path: Path
) -> None:
    before = dump(db_path)
    batch_id = big_batch(ctx)
    assert dump(db_path) != before
    result = undo_import(ctx, batch_id)
    assert (result.contacts_removed, result.merges_reverted) == (2, 2)
    assert dump(db_path) == before
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT status FROM import_batches").fetchone() == ("undone",)
    assert conn.execute("SELECT count(*) FROM merges WHERE undone_at IS NULL").fetchone() == (0,)
    with pytest.raises(LeadkeeperError, match="already undone"):
        undo_import(ctx, batch_id)


def test_undo_merge_restores_the_contact_and_requeues_the_row(
    ctx: ServiceContext, existing: list[int], db_path: Path
) -> None:
    robert = existing[0]
    import_records(
        ctx,
        rows(
            p(
                "Bob",
                "Smith",
                emails=("bob@example.com",),
                phones=("+14165550101",),
                city="Toronto",
                tags=("fresh",),
            ),
            p("Ann", "Other", emails=("ann@example.com",)),
        ),
        kind="csv",
        source_name="x",
    )
    conn = sqlite3.connect(db_path)
    (merge_id,) = conn.execute("SELECT id FROM merges").fetchone()
    after_import = dump(db_path)
    undo_merge(ctx, merge_id)
    undone = dump(db_path)
    assert get_contact(ctx, robert).city is None and get_contact(ctx, robert).phones == ()
    assert undone["contacts"] != after_import["contacts"]
    # Only the merge was reverted: the other row's new contact stays.
    assert len(undone["contacts"]) == len(existing) + 1
    assert [r for r in undone["tags"] if r[1] == "fresh"] == []
    queued = list_possible_duplicates(ctx)
    assert [(q.candidate_id, q.person.first_name) for q in queued] == [(robert, "Bob")]
    with pytest.raises(LeadkeeperError, match="already undone"):
        undo_merge(ctx, merge_id)


def test_undo_merge_restores_exactly_what_was_there(
    ctx: ServiceContext, existing: list[int], db_path: Path
) -> None:
    before = dump(db_path)
    import_records(
        ctx,
        rows(
            p(
                "Nadia",
                "Haddad",
                phones=("+15145550123",),
                company="Desjardins",
                emails=("nadia@example.ca",),
            )
        ),
        kind="csv",
        source_name="x",
    )
    (merge_id,) = sqlite3.connect(db_path).execute("SELECT id FROM merges").fetchone()
    undo_merge(ctx, merge_id)
    assert dump(db_path) == before


def test_undo_is_refused_when_an_imported_contact_was_used_since(
    ctx: ServiceContext, existing: list[int], db_path: Path
) -> None:
    batch_id = big_batch(ctx)
    conn = sqlite3.connect(db_path)
    (zoe,) = conn.execute("SELECT id FROM contacts WHERE first_name = 'Zoe'").fetchone()
    create_inquiry(ctx, InquiryInput(contact_id=zoe, type_key="purchase"))
    before = dump(db_path, skip=set())
    with pytest.raises(LeadkeeperError, match=rf"not undone.*contact ids {zoe}\b"):
        undo_import(ctx, batch_id)
    assert dump(db_path, skip=set()) == before  # a refused undo changes nothing


def test_undo_merge_is_refused_when_the_merged_value_was_edited(
    ctx: ServiceContext, existing: list[int], db_path: Path
) -> None:
    robert = existing[0]
    import_records(
        ctx,
        rows(p("Bob", "Smith", emails=("bob@example.com",), city="Toronto")),
        kind="csv",
        source_name="x",
    )
    update_contact(
        ctx, robert, ContactInput("Robert", "Smith", emails=("bob@example.com",), city="Ottawa")
    )
    (merge_id,) = sqlite3.connect(db_path).execute("SELECT id FROM merges").fetchone()
    with pytest.raises(LeadkeeperError, match=r"edited since \(city\)"):
        undo_merge(ctx, merge_id)
    assert get_contact(ctx, robert).city == "Ottawa"
