"""Global search: names, emails, phone digits and notes, grouped, with the lead to open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from app.clock import FixedClock
from app.db.models import ContactEmail
from app.services import search_notes
from app.services.contacts import archive_contact, create_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import create_inquiry, move_stage
from app.services.interactions import log_interaction
from app.services.leads import add_lead
from app.services.search import search


@pytest.fixture
def people(ctx: ServiceContext, clock: FixedClock) -> dict[str, int]:
    """Ann (lead, phone, email, a call note), Bea (no inquiry, a contact note), Carl
    (two inquiries: an old won one and a newer active one)."""
    ann = add_lead(
        ctx,
        ContactInput(
            first_name="Ann",
            last_name="Oldfield",
            emails=("ann.o@example.com",),
            phones=("(416) 555-0142",),
        ),
        InquiryInput(contact_id=0, type_key="purchase", notes="Wants a cottage near Huntsville"),
    )
    log_interaction(
        ctx,
        contact_id=ann.contact.id,
        inquiry_id=ann.inquiry.id,
        kind="call",
        direction="outbound",
        summary="Talked about variable rates",
    )
    bea = create_contact(
        ctx, ContactInput(first_name="Bea", last_name="Annesley", notes="Met at the Rotary gala")
    )
    carl_old = add_lead(
        ctx,
        ContactInput(first_name="Carl", last_name="Jung"),
        InquiryInput(contact_id=0, type_key="refinance"),
    )
    move_stage(ctx, carl_old.inquiry.id, "funded", outcome="Funded")
    clock.advance(timedelta(days=1))
    carl_new = create_inquiry(ctx, InquiryInput(contact_id=carl_old.contact.id, type_key="renewal"))
    with ctx.db.session() as session:
        session.add(ContactEmail(contact_id=carl_old.contact.id, email="carl@example.com"))
    return {
        "ann": ann.contact.id,
        "ann_inquiry": ann.inquiry.id,
        "bea": bea.id,
        "carl": carl_old.contact.id,
        "carl_active": carl_new.id,
    }


def kinds_and_titles(hits: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(h.kind, h.title) for h in hits]


def test_name_prefix_and_word_inside_the_name(ctx: ServiceContext, people: dict[str, int]) -> None:
    assert kinds_and_titles(search(ctx, "ann")) == [
        ("name", "Ann Oldfield"),
        ("name", "Bea Annesley"),  # "ann" starts her last name
        ("email", "Ann Oldfield"),
    ]
    assert [h.title for h in search(ctx, "  OLDF ")] == ["Ann Oldfield"]
    assert [h.title for h in search(ctx, "ann old")] == ["Ann Oldfield"]


def test_email_prefix_shows_the_address(ctx: ServiceContext, people: dict[str, int]) -> None:
    hits = search(ctx, "carl@")
    assert [(h.kind, h.title, h.detail) for h in hits] == [
        ("email", "Carl Jung", "carl@example.com")
    ]


@pytest.mark.parametrize("typed", ["416555", "(416) 555-01", "1416555", "+1 416 555 0142"])
def test_phone_digits_with_or_without_country_code(
    ctx: ServiceContext, people: dict[str, int], typed: str
) -> None:
    hits = [h for h in search(ctx, typed) if h.kind == "phone"]
    assert [(h.title, h.detail) for h in hits] == [("Ann Oldfield", "+1 416-555-0142")]


def test_two_digits_are_not_a_phone_search(ctx: ServiceContext, people: dict[str, int]) -> None:
    assert search(ctx, "41") == []


def test_notes_of_contacts_inquiries_and_calls(ctx: ServiceContext, people: dict[str, int]) -> None:
    rotary = search(ctx, "rotary")
    assert [(h.kind, h.contact_id, h.inquiry_id) for h in rotary] == [("note", people["bea"], None)]
    assert "Rotary gala" in rotary[0].detail
    cottage = search(ctx, "cottage")
    assert [(h.kind, h.inquiry_id) for h in cottage] == [("note", people["ann_inquiry"])]
    rates = search(ctx, "variable rate")
    assert [(h.kind, h.title) for h in rates] == [("note", "Ann Oldfield")]
    assert rates[0].detail == "Talked about variable rates"


def test_contact_hit_opens_latest_active_inquiry(
    ctx: ServiceContext, people: dict[str, int]
) -> None:
    carl = search(ctx, "carl j")
    assert [(h.kind, h.inquiry_id) for h in carl] == [("name", people["carl_active"])]
    assert search(ctx, "bea")[0].inquiry_id is None  # no inquiry: the UI offers one


def test_archived_contacts_and_empty_text_find_nothing(
    ctx: ServiceContext, people: dict[str, int]
) -> None:
    archive_contact(ctx, people["bea"])
    assert search(ctx, "bea") == []
    assert search(ctx, "rotary") == []
    assert search(ctx, "   ") == []


def test_limit_applies_per_group(ctx: ServiceContext) -> None:
    for n in range(30):
        create_contact(ctx, ContactInput(first_name="Sam", last_name=f"Smith{n:02d}"))
    hits = search(ctx, "sam", limit=5)
    assert [h.title for h in hits] == [f"Sam Smith{n:02d}" for n in range(5)]


def test_without_full_text_only_recent_notes_are_searched(
    ctx: ServiceContext, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_notes, "RECENT_ROWS", 1)
    for n in range(3):  # newer interactions push the rates call out of the window
        log_interaction(
            ctx, contact_id=people["bea"], kind="note", direction="internal", summary=f"note {n}"
        )
    assert search(ctx, "variable") == []


def test_full_text_table_finds_old_notes_and_follows_edits(
    ctx: ServiceContext, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.db.session() as session:
        for statement in search_notes.NOTES_FTS_DDL:
            session.execute(text(statement))
    monkeypatch.setattr(search_notes, "RECENT_ROWS", 1)  # the LIKE fallback would miss it
    for n in range(3):
        log_interaction(
            ctx,
            contact_id=people["bea"],
            kind="note",
            direction="internal",
            summary=f"note {n}",
            body="kept in the body of a note",
        )
    assert [h.title for h in search(ctx, "variab")] == ["Ann Oldfield"]  # a word prefix
    assert [h.title for h in search(ctx, "body of")] == ["Bea Annesley"]
    with ctx.db.session() as session:  # an edited note is found by its new words only
        session.execute(
            text("UPDATE contacts SET notes = 'Golf partner' WHERE id = :id"), {"id": people["bea"]}
        )
    assert search(ctx, "rotary") == []
    assert [h.title for h in search(ctx, "golf")] == ["Bea Annesley"]
