"""The kanban board's queries: columns in board order, filters, pages, one snapshot."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app.clock import FixedClock
from app.errors import InvalidInput
from app.services.board import (
    BoardFilter,
    ColumnSummary,
    board_choices,
    board_columns,
    board_page,
    board_snapshot,
)
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import assign_owner, move_stage, set_status
from app.services.leads import add_lead
from app.services.pipeline import InquiryCard, stage_page


def lead(
    ctx: ServiceContext,
    name: str,
    *,
    type_key: str = "purchase",
    amount: str | None = None,
    source: str | None = "website_form",
    email: str = "",
    phone: str = "",
) -> int:
    first, last = name.split()
    return add_lead(
        ctx,
        ContactInput(
            first_name=first,
            last_name=last,
            emails=(email,) if email else (),
            phones=(phone,) if phone else (),
        ),
        InquiryInput(
            contact_id=0,
            type_key=type_key,
            source_key=source,
            amount=Decimal(amount) if amount else None,
        ),
    ).inquiry.id


def names(cards: list[InquiryCard]) -> list[str]:
    return [c.contact_name for c in cards]


def by_key(columns: list[ColumnSummary]) -> dict[str, ColumnSummary]:
    return {c.stage_key: c for c in columns}


@pytest.fixture
def board(ctx: ServiceContext, clock: FixedClock) -> dict[str, int]:
    """New: Ann, Bob (refinance, from a referral), Cy (unassigned), Di (on hold);
    Contacted: Eve; Funded: Fay; Lost: Gus; Nurture in Qualified: Hal."""
    ids = {}
    ids["Ann"] = lead(ctx, "Ann Smith", amount="500000", email="ann.smith@example.com")
    clock.advance(timedelta(minutes=5))
    ids["Bob"] = lead(
        ctx,
        "Bob Jones",
        type_key="refinance",
        amount="250000.50",
        source="referral_partner",
        phone="(416) 555-0199",
    )
    clock.advance(timedelta(minutes=5))
    ids["Cy"] = lead(ctx, "Cy Smithers", amount="100000")
    assign_owner(ctx, ids["Cy"], None)
    ids["Di"] = lead(ctx, "Di Held", amount="900000")
    set_status(ctx, ids["Di"], "on_hold")
    ids["Eve"] = lead(ctx, "Eve Adams", amount="300000", email="eve@adams.ca")
    move_stage(ctx, ids["Eve"], "contacted")
    ids["Fay"] = lead(ctx, "Fay Funded", amount="400000")
    move_stage(ctx, ids["Fay"], "funded", outcome="TD, 5-yr fixed")
    ids["Gus"] = lead(ctx, "Gus Gone", amount="200000")
    move_stage(ctx, ids["Gus"], "lost", lost_reason="Went with their bank")
    ids["Hal"] = lead(ctx, "Hal Later", amount="50000")
    move_stage(ctx, ids["Hal"], "qualified")
    set_status(ctx, ids["Hal"], "nurture")
    return ids


def test_columns_come_in_board_order_with_counts_and_totals(
    ctx: ServiceContext, board: dict[str, int]
) -> None:
    columns = board_columns(ctx, BoardFilter())
    # Waiting on client sits with the open stages; Funded and Lost close the row.
    assert [c.stage_key for c in columns] == [
        "new", "contacted", "qualified", "collecting_documents", "application_submitted",
        "lender_review", "approved", "waiting_on_client", "funded", "lost",
    ]  # fmt: skip
    cols = by_key(columns)
    assert (cols["new"].count, cols["new"].total_amount) == (3, Decimal("850000.50"))
    assert (cols["contacted"].count, cols["contacted"].total_amount) == (1, Decimal("300000.00"))
    assert cols["qualified"].count == 0  # Hal is in nurture: off the active board
    assert (cols["funded"].count, cols["funded"].kind) == (1, "won")
    assert (cols["lost"].count, cols["lost"].kind) == (1, "lost")
    assert cols["new"].stage_name == "New"


def test_status_filter_shows_held_nurtured_or_everything(
    ctx: ServiceContext, board: dict[str, int]
) -> None:
    held = by_key(board_columns(ctx, BoardFilter(status="on_hold")))
    assert (held["new"].count, held["new"].total_amount) == (1, Decimal("900000.00"))
    assert held["funded"].count == 0 and held["lost"].count == 0
    assert names(board_page(ctx, "new", BoardFilter(status="on_hold"))) == ["Di Held"]
    assert names(board_page(ctx, "qualified", BoardFilter(status="nurture"))) == ["Hal Later"]
    everything = by_key(board_columns(ctx, BoardFilter(status="all")))
    assert everything["new"].count == 4 and everything["qualified"].count == 1
    assert sum(c.count for c in everything.values()) == 8
    with pytest.raises(InvalidInput, match="unknown status"):
        board_columns(ctx, BoardFilter(status="won"))


def test_type_source_and_owner_filters_narrow_columns_and_cards(
    ctx: ServiceContext, board: dict[str, int]
) -> None:
    refinance = BoardFilter(type_key="refinance")
    assert by_key(board_columns(ctx, refinance))["new"].count == 1
    assert names(board_page(ctx, "new", refinance)) == ["Bob Jones"]
    referral = BoardFilter(source_key="referral_partner")
    assert names(board_page(ctx, "new", referral)) == ["Bob Jones"]
    assert by_key(board_columns(ctx, referral))["contacted"].count == 0
    nobody = BoardFilter(unassigned=True)
    assert names(board_page(ctx, "new", nobody)) == ["Cy Smithers"]
    choices = board_choices(ctx)
    me = choices.owners[0].id
    mine = board_page(ctx, "new", BoardFilter(owner_id=me))
    assert names(mine) == ["Ann Smith", "Bob Jones"]
    with pytest.raises(InvalidInput, match="unknown inquiry type"):
        board_columns(ctx, BoardFilter(type_key="yacht"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ann", ["Ann Smith"]),  # first name prefix
        ("SMITH", ["Ann Smith", "Cy Smithers"]),  # last name prefix, any case
        ("smithe", ["Cy Smithers"]),
        ("ann smi", ["Ann Smith"]),  # "first last" prefix
        ("mith", []),  # inside a word: not a match
        ("ann.smith@", ["Ann Smith"]),  # email prefix
        ("555 0199", ["Bob Jones"]),  # phone digits, typed any way
        ("4165550199", ["Bob Jones"]),
        ("55", []),  # too few digits to mean a phone number
        ("%", []),  # LIKE's wildcards are taken literally
        ("  ", ["Ann Smith", "Bob Jones", "Cy Smithers"]),  # blank: no filter
    ],
)
def test_text_filter_matches_names_emails_and_phone_digits(
    ctx: ServiceContext, board: dict[str, int], text: str, expected: list[str]
) -> None:
    flt = BoardFilter(text=text)
    assert names(board_page(ctx, "new", flt)) == expected
    assert by_key(board_columns(ctx, flt))["new"].count == len(expected)


def test_text_filter_reaches_closed_columns(ctx: ServiceContext, board: dict[str, int]) -> None:
    snapshot = board_snapshot(ctx, BoardFilter(text="eve@ad"))
    assert {c.stage_key: c.count for c in snapshot.columns if c.count} == {"contacted": 1}
    assert names(snapshot.cards["contacted"]) == ["Eve Adams"]
    assert snapshot.cards["new"] == []


def test_pages_follow_the_pipeline_order_and_page_through(
    ctx: ServiceContext, board: dict[str, int]
) -> None:
    everyone = BoardFilter(status="all")
    expected = stage_page(ctx, "new", status=None)
    assert board_page(ctx, "new", everyone) == expected
    paged: list[InquiryCard] = []
    for offset in range(0, 5):
        paged += board_page(ctx, "new", everyone, offset=offset, limit=1)
    assert paged == expected
    assert paged[-1].contact_name == "Di Held"  # on hold: nothing planned, so last
    with pytest.raises(InvalidInput):
        board_page(ctx, "new", everyone, offset=-1)


def test_snapshot_reads_columns_and_first_pages_together(
    ctx: ServiceContext, board: dict[str, int]
) -> None:
    snapshot = board_snapshot(ctx, BoardFilter(), closed=False, page_size=2)
    assert snapshot.filter == BoardFilter()
    assert names(snapshot.cards["new"]) == ["Ann Smith", "Bob Jones"]  # two of three
    assert "funded" not in snapshot.cards and "lost" not in snapshot.cards  # folded
    assert by_key(list(snapshot.columns))["funded"].count == 1  # but counted
    wider = board_snapshot(ctx, BoardFilter(), {"new": 5, "lost": 1}, closed=False)
    assert len(wider.cards["new"]) == 3
    assert names(wider.cards["lost"]) == ["Gus Gone"]
    assert "funded" not in wider.cards
    assert len(board_snapshot(ctx, BoardFilter()).cards) == 10


def test_choices_offer_the_brokers_own_lost_reasons_first(
    ctx: ServiceContext, board: dict[str, int]
) -> None:
    for name in ("Lou Lost", "Max Lost"):
        move_stage(ctx, lead(ctx, name), "lost", lost_reason="Credit too thin")
    choices = board_choices(ctx)
    assert choices.lost_reasons[:2] == ("Credit too thin", "Went with their bank")
    assert len(choices.lost_reasons) == len(set(r.casefold() for r in choices.lost_reasons))
    assert [t.key for t in choices.types][:2] == ["purchase", "refinance"]
    assert "referral_partner" in {s.key for s in choices.sources}
    assert [o.name for o in choices.owners] == ["Me"]


def test_text_filters_one_after_another_do_not_leak(
    ctx: ServiceContext, board: dict[str, int]
) -> None:
    assert names(board_page(ctx, "new", BoardFilter(text="ann"))) == ["Ann Smith"]
    assert names(board_page(ctx, "new", BoardFilter(text="bob"))) == ["Bob Jones"]
    assert by_key(board_columns(ctx, BoardFilter(text="zed")))["new"].count == 0
    assert len(board_page(ctx, "new", BoardFilter())) == 3
