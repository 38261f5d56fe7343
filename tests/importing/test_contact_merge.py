"""Merging two existing contacts (Find duplicates) and undoing it exactly."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.errors import InvalidInput, LeadkeeperError
from app.importing.duplicates import find_duplicates, merge_contacts
from app.importing.undo import undo_merge
from app.services.contacts import create_contact, get_contact, set_consent, update_contact
from app.services.context import ServiceContext, open_context
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import create_inquiry
from app.services.interactions import log_interaction

HISTORY = {"merges", "audit_log"}


@pytest.fixture
def ctx(db_path: Path, clock: FixedClock) -> Iterator[ServiceContext]:
    context = open_context(db_path, clock)
    try:
        yield context
    finally:
        context.db.close()


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
            for t in tables
            if t not in HISTORY
        }
    finally:
        conn.close()


@pytest.fixture
def pair(ctx: ServiceContext, clock: FixedClock) -> tuple[int, int]:
    """Robert Smith (email, phone) and, a day later, Bob Smith with an inquiry, a call
    and an email consent, same phone, another email and an address."""
    robert = create_contact(
        ctx,
        ContactInput("Robert", "Smith", emails=("bob@example.com",), phones=("416-555-0101",)),
    ).id
    clock.advance(timedelta(days=1))
    bob = create_contact(
        ctx,
        ContactInput(
            "Bob",
            "Smith",
            emails=("rsmith@work.example",),
            phones=("(416) 555-0101",),
            address_line1="12 Maple Street",
            city="Toronto",
            postal_code="M4C 1A1",
            tags=("Referral",),
        ),
    ).id
    create_inquiry(
        ctx,
        InquiryInput(
            contact_id=bob, type_key="refinance", source_key="website_form",
            amount=Decimal("300000"),
        ),
    )  # fmt: skip
    set_consent(ctx, bob, "email", "express", "web form")
    clock.advance(timedelta(hours=1))
    return robert, bob


def test_find_duplicates_lists_the_pair(ctx: ServiceContext, pair: tuple[int, int]) -> None:
    found = find_duplicates(ctx)
    assert [(p.first_id, p.second_id) for p in found] == [pair]


def test_merge_moves_everything_and_undo_restores_it(
    ctx: ServiceContext, pair: tuple[int, int], db_path: Path
) -> None:
    robert, bob = pair
    before = dump(db_path)
    merged = merge_contacts(ctx, robert, bob)
    survivor = get_contact(ctx, robert)
    assert survivor.emails == ("bob@example.com", "rsmith@work.example")
    assert survivor.address_line1 == "12 Maple Street" and survivor.tags == ("Referral",)
    assert [c.channel for c in survivor.consents] == ["email"]
    assert get_contact(ctx, bob).archived_at is not None
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT DISTINCT contact_id FROM inquiries").fetchall() == [(robert,)]
    assert conn.execute("SELECT COUNT(*) FROM tasks WHERE contact_id = ?", (bob,)).fetchone() == (
        0,
    )
    audit = conn.execute(
        "SELECT entity_id, action FROM audit_log WHERE action IN ('merge', 'merged_into')"
    ).fetchall()
    conn.close()
    assert sorted(audit) == [(robert, "merge"), (bob, "merged_into")]
    assert find_duplicates(ctx) == []  # the archived contact is not compared

    undo_merge(ctx, merged.merge_id)
    assert dump(db_path) == before


def test_undo_is_refused_when_the_survivor_was_edited_since(
    ctx: ServiceContext, pair: tuple[int, int], db_path: Path
) -> None:
    robert, bob = pair
    merged = merge_contacts(ctx, robert, bob)
    view = get_contact(ctx, robert)
    update_contact(
        ctx,
        robert,
        ContactInput(
            view.first_name, view.last_name, emails=view.emails, phones=view.phones,
            address_line1="99 Other Road", city=view.city, postal_code=view.postal_code,
        ),
    )  # fmt: skip
    after = dump(db_path)
    with pytest.raises(LeadkeeperError, match="edited since"):
        undo_merge(ctx, merged.merge_id)
    assert dump(db_path) == after


def test_merging_refuses_itself_and_archived_contacts(
    ctx: ServiceContext, pair: tuple[int, int]
) -> None:
    robert, bob = pair
    with pytest.raises(InvalidInput):
        merge_contacts(ctx, robert, robert)
    merge_contacts(ctx, robert, bob)
    with pytest.raises(LeadkeeperError, match="archived"):
        merge_contacts(ctx, robert, bob)


def test_interactions_follow_the_survivor(
    ctx: ServiceContext, pair: tuple[int, int], db_path: Path
) -> None:
    robert, bob = pair
    log_interaction(ctx, contact_id=bob, kind="call", direction="outbound", summary="hi")
    merge_contacts(ctx, robert, bob)
    conn = sqlite3.connect(db_path)
    owners = conn.execute("SELECT DISTINCT contact_id FROM interactions").fetchall()
    conn.close()
    assert owners == [(robert,)]
