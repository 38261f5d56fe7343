"""The funnel: furthest stage reached (skips count as passed), conversions, time in stage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from app.reports import funnel_report
from app.services.context import ServiceContext

Desk = Any  # the `desk` fixture (tests/reports/conftest.py)

HOUR = 3600.0
DAY = 24 * HOUR
STAGES = [
    "New",
    "Contacted",
    "Qualified / Pre-approval",
    "Collecting documents",
    "Application submitted",
    "Lender review",
    "Approved",
    "Funded",
]


@pytest.fixture
def leads(desk: Desk) -> dict[str, int]:
    t0 = desk.at("2026-02-02", 10)

    def after(days: int, hours: int) -> Any:
        return t0 + timedelta(days=days, hours=hours)

    ids = {
        "A": desk.lead(t0, source="website_form"),
        "B": desk.lead(t0, source="website_form"),
        "C": desk.lead(t0, source="phone"),  # still New
        "D": desk.lead(t0, source="phone"),
    }
    # A skips four stages straight to Funded.
    desk.move(ids["A"], after(0, 1), "contacted")
    desk.move(ids["A"], after(1, 1), "qualified")
    desk.move(ids["A"], after(5, 1), "funded")
    desk.move(ids["B"], after(0, 2), "contacted")
    desk.move(ids["B"], after(3, 2), "lost")
    # D is lost, reopened, waits on the client, and comes back to Qualified.
    desk.move(ids["D"], after(0, 4), "contacted")
    desk.move(ids["D"], after(1, 4), "lost")
    desk.move(ids["D"], after(2, 4), "qualified")
    desk.move(ids["D"], after(3, 4), "waiting_on_client")
    desk.move(ids["D"], after(4, 4), "qualified")
    return ids


def test_reach_conversion_and_time_in_stage(ctx: ServiceContext, leads: dict[str, int]) -> None:
    table = funnel_report(ctx)
    assert [r["stage"] for r in table.rows] == STAGES
    assert all(r["group"] == "All" for r in table.rows)
    assert [r["reached"] for r in table.rows] == [4, 3, 2, 1, 1, 1, 1, 1]
    assert [r["conversion"] for r in table.rows] == [None, 0.75, 0.666667, 0.5, 1, 1, 1, 1]
    assert [r["of_total"] for r in table.rows] == [1, 0.75, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25]
    medians = [r["median_in_stage"] for r in table.rows]
    # New: A 1 h, B 2 h, D 4 h (C is still there). Contacted: 24 h, 72 h, 24 h.
    # Qualified: A 96 h, D's first stay 24 h (its second is not finished).
    assert medians == [2 * HOUR, DAY, 60 * HOUR, None, None, None, None, None]
    ids = leads
    assert table.row_inquiry_ids[1] == tuple(sorted((ids["A"], ids["B"], ids["D"])))
    assert table.row_inquiry_ids[2] == tuple(sorted((ids["A"], ids["D"])))
    assert table.row_inquiry_ids[7] == (ids["A"],)
    assert not table.has_total


def test_by_source(ctx: ServiceContext, leads: dict[str, int]) -> None:
    table = funnel_report(ctx, by="source")
    web = [r for r in table.rows if r["group"] == "Website form"]
    phone = [r for r in table.rows if r["group"] == "Phone call"]
    assert [r["reached"] for r in web] == [2, 2, 1, 1, 1, 1, 1, 1]
    assert [r["reached"] for r in phone] == [2, 1, 1, 0, 0, 0, 0, 0]
    assert [r["conversion"] for r in phone] == [None, 0.5, 1, 0, None, None, None, None]
    assert web[0]["median_in_stage"] == 1.5 * HOUR
    assert phone[0]["median_in_stage"] == 4 * HOUR
    assert len(table.rows) == 16


def test_a_later_move_shows_up(ctx: ServiceContext, desk: Desk, leads: dict[str, int]) -> None:
    assert funnel_report(ctx).rows[1]["reached"] == 3
    desk.move(leads["C"], desk.at("2026-02-20"), "contacted")
    again = funnel_report(ctx)
    assert again.rows[1]["reached"] == 4
    # C's stay in New (18 days) is now finished: New stays are 1 h, 2 h, 4 h, 18 d.
    assert again.rows[0]["median_in_stage"] == 3 * HOUR


def test_empty_book_still_lists_the_steps(ctx: ServiceContext) -> None:
    table = funnel_report(ctx)
    assert [r["reached"] for r in table.rows] == [0] * 8
    assert table.rows[0]["of_total"] is None
    assert funnel_report(ctx, by="type").rows == ()
