"""Lost reasons, the referral-partner leaderboard and renewals coming due."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from app.reports import ReportFilter, lost_report, partners_report, renewals_report
from app.services.context import ServiceContext

Desk = Any  # the `desk` fixture (tests/reports/conftest.py)


def test_lost_reasons(ctx: ServiceContext, desk: Desk) -> None:
    jan = desk.at("2026-01-10")
    ids = [desk.lead(jan) for _ in range(5)]
    desk.move(ids[0], desk.at("2026-01-20"), "lost", lost_reason="Went with their bank")
    desk.move(ids[1], desk.at("2026-01-20"), "lost", lost_reason="  went with   THEIR bank ")
    desk.move(ids[2], desk.at("2026-01-20"), "lost", lost_reason="Rate too high")
    # Lost, then won back: no longer lost.
    desk.move(ids[3], desk.at("2026-01-20"), "lost", lost_reason="Rate too high")
    desk.move(ids[3], desk.at("2026-01-25"), "qualified")
    table = lost_report(ctx)
    assert table.rows == (
        {"reason": "Went with their bank", "lost": 2, "share": 0.666667},
        {"reason": "Rate too high", "lost": 1, "share": 0.333333},
        {"reason": "All reasons", "lost": 3, "share": 1.0},
    )
    assert table.row_inquiry_ids[0] == (ids[0], ids[1])
    nothing = lost_report(ctx, ReportFilter(date_from=date(2026, 2, 1)))
    assert nothing.rows == ({"reason": "All reasons", "lost": 0, "share": None},)


def test_partner_leaderboard(ctx: ServiceContext, desk: Desk) -> None:
    alice = desk.partner("Alice", "Realtor", "Acme Realty")
    bob = desk.partner("Bob", "Lawyer", "Law LLP")
    jan = desk.at("2026-01-10")
    a = [desk.lead(jan, source="referral_partner", partner_id=alice, amount="500000")]
    a += [desk.lead(jan, source="referral_partner", partner_id=alice) for _ in range(2)]
    b = [
        desk.lead(jan, source="referral_partner", partner_id=bob, amount="300000"),
        desk.lead(jan, source="referral_partner", partner_id=bob, amount="250000"),
    ]
    desk.lead(jan, source="website_form", amount="999999")  # no partner
    desk.move(a[0], desk.at("2026-02-01"), "funded")
    desk.move(a[1], desk.at("2026-02-01"), "lost")
    for inquiry in b:
        desk.move(inquiry, desk.at("2026-02-01"), "funded")
    table = partners_report(ctx)
    assert table.rows == (
        {
            "partner": "Bob Lawyer",
            "company": "Law LLP",
            "leads": 2,
            "funded": 2,
            "conversion": 1.0,
            "volume": Decimal("550000.00"),
        },
        {
            "partner": "Alice Realtor",
            "company": "Acme Realty",
            "leads": 3,
            "funded": 1,
            "conversion": 0.333333,
            "volume": Decimal("500000.00"),
        },
        {
            "partner": "All partners",
            "company": "",
            "leads": 5,
            "funded": 3,
            "conversion": 0.6,
            "volume": Decimal("1050000.00"),
        },
    )
    assert table.row_inquiry_ids[0] == tuple(b)


def test_renewals_in_the_next_six_months(ctx: ServiceContext, desk: Desk) -> None:
    made = desk.at("2025-01-10")

    def funded(maturity: date | None, *, fund: bool = True) -> int:
        inquiry = desk.lead(made, type_key="renewal", amount="300000", maturity=maturity)
        if fund:
            desk.move(inquiry, desk.at("2025-02-01"), "funded")
        return inquiry

    today = funded(date(2026, 3, 2))
    edge = funded(date(2026, 9, 2))  # today + 6 months: included
    after = funded(date(2026, 9, 3))
    funded(date(2026, 5, 1), fund=False)  # not funded
    funded(date(2026, 3, 1))  # already matured
    funded(None)
    desk.clock.set(desk.at("2026-03-02"))
    table = renewals_report(ctx)
    assert [(r["inquiry_id"], r["maturity"], r["days_left"]) for r in table.rows] == [
        (today, date(2026, 3, 2), 0),
        (edge, date(2026, 9, 2), 184),
    ]
    assert table.rows[0]["amount"] == Decimal("300000.00")
    assert table.rows[0]["outcome"] == "TD, 5-yr fixed"
    assert table.row_inquiry_ids == ((today,), (edge,))
    later = renewals_report(
        ctx, ReportFilter(date_from=date(2026, 9, 1), date_to=date(2026, 12, 31))
    )
    assert [r["inquiry_id"] for r in later.rows] == [edge, after]
