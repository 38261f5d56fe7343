"""The pipeline board: stage headers (counts, totals) and pages of cards in follow-up order."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app.clock import FixedClock
from app.errors import InvalidInput
from app.services.checklist import inquiry_checklist, receive_item, request_item, waive_item
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import move_stage, set_status
from app.services.leads import add_lead
from app.services.pipeline import InquiryCard, StageCount, stage_counts, stage_page


def lead(
    ctx: ServiceContext,
    name: str,
    *,
    type_key: str = "purchase",
    amount: str | None = None,
    source: str | None = "website_form",
) -> int:
    first, last = name.split()
    return add_lead(
        ctx,
        ContactInput(first_name=first, last_name=last),
        InquiryInput(
            contact_id=0,
            type_key=type_key,
            source_key=source,
            amount=Decimal(amount) if amount else None,
        ),
    ).inquiry.id


def names(cards: list[InquiryCard]) -> list[str]:
    return [c.contact_name for c in cards]


@pytest.fixture
def board(ctx: ServiceContext, clock: FixedClock) -> dict[str, int]:
    """Five new leads whose first call falls due when they arrived (so in arrival order),
    Dan and Eve at the same minute; then one lead each in Contacted, Funded and Lost, and
    one put on hold."""
    ids = {}
    ids["Cat"] = lead(ctx, "Cat Early", amount="250000")
    clock.advance(timedelta(hours=1))
    ids["Dan"] = lead(ctx, "Dan Same", amount="400000.50", type_key="refinance")
    ids["Eve"] = lead(ctx, "Eve Same", source=None)
    clock.advance(timedelta(hours=1))
    ids["Ann"] = lead(ctx, "Ann Late", amount="100000")
    ids["Hal"] = lead(ctx, "Hal Held", amount="999000")
    set_status(ctx, ids["Hal"], "on_hold")
    ids["Bob"] = lead(ctx, "Bob Talked", amount="500000")
    move_stage(ctx, ids["Bob"], "contacted")
    ids["Fay"] = lead(ctx, "Fay Funded", amount="300000")
    move_stage(ctx, ids["Fay"], "funded", outcome="TD, 5-yr fixed 4.79%")
    ids["Gus"] = lead(ctx, "Gus Gone", amount="123456.78")
    move_stage(ctx, ids["Gus"], "lost", lost_reason="Went with their bank")
    return ids


def test_cards_come_in_follow_up_order_then_by_id(
    ctx: ServiceContext, board: dict[str, int]
) -> None:
    cards = stage_page(ctx, "new")
    # Cat's call was due first; Dan and Eve share a due time, so the older inquiry leads.
    assert names(cards) == ["Cat Early", "Dan Same", "Eve Same", "Ann Late"]
    dues = [c.next_followup_at for c in cards]
    assert dues == sorted(d for d in dues if d is not None)
    assert all(c.stage_key == "new" for c in cards)


def test_card_shows_what_the_board_needs(ctx: ServiceContext, board: dict[str, int]) -> None:
    items = inquiry_checklist(ctx, board["Dan"])  # a refinance has 9 documents
    receive_item(ctx, items[0].id)
    receive_item(ctx, items[1].id)
    waive_item(ctx, items[2].id, "not needed")
    request_item(ctx, items[3].id)  # requested is still missing
    dan = next(c for c in stage_page(ctx, "new") if c.inquiry_id == board["Dan"])
    assert dan.contact_name == "Dan Same"
    assert dan.type_name == "Refinance"
    assert dan.source_name == "Website form"
    assert dan.amount == Decimal("400000.50")
    assert dan.missing_documents == 6
    assert 0 < dan.score <= 100
    eve = next(c for c in stage_page(ctx, "new") if c.inquiry_id == board["Eve"])
    assert eve.source_name is None and eve.amount is None and eve.missing_documents == 10


def test_limit_and_offset_page_through_the_same_order(
    ctx: ServiceContext, board: dict[str, int]
) -> None:
    everything = names(stage_page(ctx, "new", status=None))
    assert len(everything) == 5
    for limit in (1, 2, 3, 5):
        paged: list[str] = []
        for offset in range(0, 6, limit):
            paged += names(stage_page(ctx, "new", status=None, limit=limit, offset=offset))
        assert paged == everything
    assert stage_page(ctx, "new", offset=4) == []
    assert names(stage_page(ctx, "new", limit=2, offset=1)) == ["Dan Same", "Eve Same"]


def test_inquiries_without_a_follow_up_come_last_and_hold_is_off_the_board(
    ctx: ServiceContext, board: dict[str, int]
) -> None:
    assert "Hal Held" not in names(stage_page(ctx, "new"))
    everyone = stage_page(ctx, "new", status=None)
    assert everyone[-1].contact_name == "Hal Held"
    assert everyone[-1].next_followup_at is None  # on hold: nothing planned
    assert names(stage_page(ctx, "new", status="on_hold")) == ["Hal Held"]
    # The Lost column lists its (unplanned) inquiries; the Funded one its won deal.
    assert names(stage_page(ctx, "lost")) == ["Gus Gone"]
    assert names(stage_page(ctx, "funded")) == ["Fay Funded"]
    assert stage_page(ctx, "funded", status="active") == stage_page(ctx, "funded")
    assert stage_page(ctx, "approved") == []


def test_stage_counts_hand_checked(ctx: ServiceContext, board: dict[str, int]) -> None:
    counts = stage_counts(ctx)
    assert all(isinstance(c, StageCount) for c in counts)
    assert [c.stage_key for c in counts] == [
        "new", "contacted", "qualified", "collecting_documents", "application_submitted",
        "lender_review", "approved", "funded", "lost", "waiting_on_client",
    ]  # fmt: skip
    by_key = {c.stage_key: c for c in counts}
    assert by_key["new"].stage_name == "New"
    assert (by_key["new"].count, by_key["new"].total_amount) == (4, Decimal("750000.50"))
    assert (by_key["contacted"].count, by_key["contacted"].total_amount) == (
        1,
        Decimal("500000.00"),
    )
    assert (by_key["funded"].count, by_key["funded"].total_amount) == (1, Decimal("300000.00"))
    assert (by_key["lost"].count, by_key["lost"].total_amount) == (1, Decimal("123456.78"))
    assert (by_key["qualified"].count, by_key["qualified"].total_amount) == (0, Decimal(0))
    # Counts agree with the pages the board shows under them.
    for count in counts:
        assert count.count == len(stage_page(ctx, count.stage_key))
    every = {c.stage_key: (c.count, c.total_amount) for c in stage_counts(ctx, status=None)}
    assert every["new"] == (5, Decimal("1749000.50"))


def test_bad_stage_status_or_paging_is_refused(ctx: ServiceContext) -> None:
    with pytest.raises(InvalidInput, match="unknown stage 'nope'"):
        stage_page(ctx, "nope")
    with pytest.raises(InvalidInput, match="unknown status 'asleep'"):
        stage_page(ctx, "new", status="asleep")
    with pytest.raises(InvalidInput, match="unknown status"):
        stage_counts(ctx, status="asleep")
    with pytest.raises(InvalidInput, match="limit"):
        stage_page(ctx, "new", limit=0)
