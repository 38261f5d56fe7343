"""Lead volume per month or week, by source or type, bucketed by the broker's local day."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.errors import InvalidInput
from app.reports import ReportFilter, sources_report
from app.services.context import ServiceContext
from app.services.inquiries import assign_owner

Desk = Any  # the `desk` fixture (tests/reports/conftest.py)


@pytest.fixture
def leads(desk: Desk) -> dict[str, int]:
    """Five leads; B arrives at 23:30 on 31 January in Toronto, already 1 February in
    UTC, so it must count for January."""
    return {
        "A": desk.lead(desk.at("2026-01-05", 10), source="website_form", type_key="purchase"),
        "B": desk.lead(desk.at("2026-01-31", 23, 30), source="website_form", type_key="refinance"),
        "C": desk.lead(desk.at("2026-02-10"), source="referral_partner", type_key="purchase"),
        "D": desk.lead(desk.at("2026-02-28"), source="phone", type_key="renewal"),
        "E": desk.lead(desk.at("2026-03-01", 0, 30), source="website_form", type_key="purchase"),
    }


def test_months_by_source_with_totals(ctx: ServiceContext, leads: dict[str, int]) -> None:
    table = sources_report(ctx)
    assert table.column_keys == (
        "period",
        "period_start",
        "website_form",
        "phone",
        "referral_partner",
        "total",
    )
    assert [c.label for c in table.columns][2:5] == [
        "Website form",
        "Phone call",
        "Referral partner",
    ]
    counts = [
        (r["period"], r["website_form"], r["phone"], r["referral_partner"], r["total"])
        for r in table.rows
    ]
    assert counts == [
        ("2026-01", 2, 0, 0, 2),  # B is January in Toronto although February in UTC
        ("2026-02", 0, 1, 1, 2),
        ("2026-03", 1, 0, 0, 1),
        ("Total", 3, 1, 1, 5),
    ]
    assert table.rows[0]["period_start"] == date(2026, 1, 1)
    assert table.has_total
    ids = leads
    assert table.row_inquiry_ids == (
        tuple(sorted((ids["A"], ids["B"]))),
        tuple(sorted((ids["C"], ids["D"]))),
        (ids["E"],),
        tuple(sorted(ids.values())),
    )


def test_by_type(ctx: ServiceContext, leads: dict[str, int]) -> None:
    table = sources_report(ctx, by="type")
    assert table.column_keys[2:-1] == ("purchase", "refinance", "renewal")
    assert table.rows[-1] == {
        "period": "Total",
        "period_start": None,
        "purchase": 3,
        "refinance": 1,
        "renewal": 1,
        "total": 5,
    }


def test_weeks_in_a_range_show_empty_weeks(ctx: ServiceContext, leads: dict[str, int]) -> None:
    table = sources_report(
        ctx, ReportFilter(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)), period="week"
    )
    # 1 February is a Sunday: its week starts Monday 26 January (ISO week 5). B arrived on
    # 31 January local time, before the range, so week 5 is empty.
    assert [(r["period"], r["total"]) for r in table.rows] == [
        ("2026-W05", 0),
        ("2026-W06", 0),
        ("2026-W07", 1),
        ("2026-W08", 0),
        ("2026-W09", 1),
        ("Total", 2),
    ]
    assert table.column_keys[2:-1] == ("phone", "referral_partner")


def test_filters_by_source_type_and_owner(
    ctx: ServiceContext, desk: Desk, leads: dict[str, int]
) -> None:
    assistant = desk.user("Assistant")
    assign_owner(ctx, leads["B"], assistant)
    by_source = sources_report(ctx, ReportFilter(source_keys=("website_form",)))
    assert by_source.rows[-1]["total"] == 3
    by_type = sources_report(ctx, ReportFilter(type_keys=("purchase", "renewal")))
    assert by_type.rows[-1]["total"] == 4
    by_owner = sources_report(ctx, ReportFilter(owner_ids=(assistant,)))
    assert by_owner.rows[-1]["total"] == 1
    assert by_owner.row_inquiry_ids[-1] == (leads["B"],)


def test_a_reopened_inquiry_is_one_lead(
    ctx: ServiceContext, desk: Desk, leads: dict[str, int]
) -> None:
    desk.move(leads["C"], desk.at("2026-02-11"), "lost")
    desk.move(leads["C"], desk.at("2026-02-20"), "qualified")
    desk.move(leads["C"], desk.at("2026-02-25"), "funded")
    assert sources_report(ctx).rows[-1]["total"] == 5


def test_empty_range_and_empty_book(ctx: ServiceContext, leads: dict[str, int]) -> None:
    empty = sources_report(ctx, ReportFilter(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31)))
    assert empty.rows == (
        {"period": "2025-01", "period_start": date(2025, 1, 1), "total": 0},
        {"period": "Total", "period_start": None, "total": 0},
    )
    assert empty.row_inquiry_ids == ((), ())


def test_no_leads_at_all(ctx: ServiceContext) -> None:
    table = sources_report(ctx)
    assert table.rows == ({"period": "Total", "period_start": None, "total": 0},)


def test_bad_options_and_unknown_keys_are_readable(ctx: ServiceContext) -> None:
    with pytest.raises(InvalidInput, match="period"):
        sources_report(ctx, period="day")
    with pytest.raises(InvalidInput, match="unknown source 'billboard'"):
        sources_report(ctx, ReportFilter(source_keys=("billboard",)))
    with pytest.raises(InvalidInput, match="after it ends"):
        ReportFilter(date_from=date(2026, 3, 2), date_to=date(2026, 3, 1))
