"""Source ROI: per-lead and monthly costs, funded loans and volume, no division errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.reports import ReportFilter, roi_report
from app.reports.periods import add_months, months_in_range
from app.services.context import ServiceContext

Desk = Any  # the `desk` fixture (tests/reports/conftest.py)

JAN_FEB = ReportFilter(date_from=date(2026, 1, 1), date_to=date(2026, 2, 28))


@pytest.fixture
def leads(desk: Desk) -> dict[str, int]:
    """Rate comparison $45 a lead and lead vendor $35 a lead (the defaults), social
    media $300 a month, the website free."""
    desk.price("social", per_lead=None, monthly="300.00")
    jan = desk.at("2026-01-15")
    ids = {
        "R1": desk.lead(jan, source="rate_comparison", amount="400000"),
        "R2": desk.lead(jan, source="rate_comparison", amount="300000"),
        "R3": desk.lead(jan, source="rate_comparison"),
        "V1": desk.lead(jan, source="lead_vendor", amount="200000"),
        "V2": desk.lead(jan, source="lead_vendor"),
        "W1": desk.lead(jan, source="website_form", amount="250000.50"),
        "W2": desk.lead(jan, source="website_form"),  # funded, amount unknown
        "W3": desk.lead(jan, source="website_form", amount="900000"),
        "late": desk.lead(desk.at("2026-03-01"), source="rate_comparison", amount="1"),
    }
    desk.move(ids["R1"], desk.at("2026-02-10"), "funded")
    desk.move(ids["R2"], desk.at("2026-02-10"), "lost")
    desk.move(ids["W1"], desk.at("2026-02-11"), "funded")
    desk.move(ids["W2"], desk.at("2026-02-11"), "funded")
    # W3 was funded, then the deal fell apart and it was reopened: not funded now.
    desk.move(ids["W3"], desk.at("2026-02-12"), "funded")
    desk.move(ids["W3"], desk.at("2026-02-13"), "approved")
    desk.move(ids["late"], desk.at("2026-03-01", 12), "funded")
    desk.clock.set(desk.at("2026-03-02"))
    return ids


def test_roi_per_source(ctx: ServiceContext, leads: dict[str, int]) -> None:
    table = roi_report(ctx, JAN_FEB)
    rows = {r["source"]: r for r in table.rows}
    assert list(rows) == [
        "Website form",
        "Social media",
        "Rate comparison site",
        "Lead vendor",
        "All sources",
    ]
    assert rows["Website form"] == {
        "source": "Website form",
        "leads": 3,
        "funded": 2,
        "conversion": 0.666667,
        "cost": Decimal("0.00"),
        "cost_per_lead": Decimal("0.00"),  # free: 0, not a division error
        "cost_per_funded": Decimal("0.00"),
        "funded_volume": Decimal("250000.50"),
    }
    # Paid for two months and sent nothing: shown, with nothing to divide by.
    assert rows["Social media"] == {
        "source": "Social media",
        "leads": 0,
        "funded": 0,
        "conversion": None,
        "cost": Decimal("600.00"),
        "cost_per_lead": None,
        "cost_per_funded": None,
        "funded_volume": Decimal("0.00"),
    }
    rate = rows["Rate comparison site"]
    assert (rate["leads"], rate["funded"], rate["cost"]) == (3, 1, Decimal("135.00"))
    assert (rate["cost_per_lead"], rate["cost_per_funded"]) == (Decimal("45.00"), Decimal("135.00"))
    assert rate["funded_volume"] == Decimal("400000.00")
    vendor = rows["Lead vendor"]
    assert (vendor["cost"], vendor["cost_per_lead"], vendor["cost_per_funded"]) == (
        Decimal("70.00"),
        Decimal("35.00"),
        None,
    )
    assert rows["All sources"] == {
        "source": "All sources",
        "leads": 8,
        "funded": 3,
        "conversion": 0.375,
        "cost": Decimal("805.00"),
        "cost_per_lead": Decimal("100.63"),  # 805 / 8 = 100.625, rounded half up
        "cost_per_funded": Decimal("268.33"),
        "funded_volume": Decimal("650000.50"),
    }
    assert table.row_inquiry_ids[1] == ()
    assert table.has_total


def test_part_of_a_month_costs_its_share(ctx: ServiceContext, desk: Desk) -> None:
    desk.price("social", per_lead=None, monthly="310.00")
    half = ReportFilter(date_from=date(2026, 3, 1), date_to=date(2026, 3, 15))
    rows = {r["source"]: r for r in roi_report(ctx, half).rows}
    assert rows["Social media"]["cost"] == Decimal("150.00")  # 310 x 15/31


def test_source_filter_keeps_only_that_source(ctx: ServiceContext, leads: dict[str, int]) -> None:
    table = roi_report(ctx, ReportFilter(date_from=date(2026, 1, 1), source_keys=("lead_vendor",)))
    assert [r["source"] for r in table.rows] == ["Lead vendor", "All sources"]


def test_month_arithmetic() -> None:
    assert months_in_range(date(2026, 1, 1), date(2026, 3, 31)) == 3.0
    assert months_in_range(date(2026, 2, 15), date(2026, 2, 28)) == 0.5
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 2), 6) == date(2026, 9, 2)
