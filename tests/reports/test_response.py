"""Speed to lead: first outbound contact after arrival, per source."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.reports import ReportFilter, response_report
from app.services.context import ServiceContext

Desk = Any  # the `desk` fixture (tests/reports/conftest.py)

T0 = datetime(2026, 2, 16, 10, 0, tzinfo=ZoneInfo("America/Toronto"))


@pytest.fixture
def leads(desk: Desk) -> dict[str, int]:
    minutes = lambda n: T0 + timedelta(minutes=n)  # noqa: E731
    ids = {
        "A": desk.lead(T0, source="website_form"),
        "B": desk.lead(T0, source="website_form"),
        "C": desk.lead(T0, source="website_form"),  # never answered
        "D": desk.lead(T0, source="phone"),
        "E": desk.lead(T0, source="phone"),
        "F": desk.lead(T0, source="lead_vendor"),
    }
    desk.talk(ids["A"], minutes(3))  # 3 minutes
    desk.talk(ids["A"], minutes(90))  # a later call changes nothing
    desk.talk(ids["B"], minutes(1), direction="inbound")  # their call is no response
    desk.talk(ids["B"], minutes(45), kind="email")  # 45 minutes
    desk.talk(ids["D"], minutes(120))  # 2 hours
    desk.talk(ids["E"], minutes(1), kind="note", direction="internal")  # a note is no response
    desk.talk(ids["E"], minutes(5), kind="text")  # exactly 5 minutes counts as within 5
    # Logged afterwards, back-dated to before the lead arrived: counts as instant.
    desk.talk(ids["F"], minutes(10), occurred_at=T0 - timedelta(minutes=10))
    return ids


def test_response_times_per_source(ctx: ServiceContext, leads: dict[str, int]) -> None:
    table = response_report(ctx)
    rows = {r["source"]: r for r in table.rows}
    assert list(rows) == ["Website form", "Phone call", "Lead vendor", "All sources"]
    assert rows["Website form"] == {
        "source": "Website form",
        "leads": 3,
        "answered": 2,
        "median": 1440.0,  # (180 + 2700) / 2
        "p90": 2700.0,  # nearest rank: the 2nd of 2
        "within_5m": 0.333333,
        "within_1h": 0.666667,
        "never_answered": 1,
    }
    assert rows["Phone call"] == {
        "source": "Phone call",
        "leads": 2,
        "answered": 2,
        "median": 3750.0,  # (300 + 7200) / 2
        "p90": 7200.0,
        "within_5m": 0.5,
        "within_1h": 0.5,
        "never_answered": 0,
    }
    assert rows["Lead vendor"]["median"] == 0.0
    assert rows["Lead vendor"]["within_5m"] == 1.0
    # All: 0, 180, 300, 2700, 7200 answered; one of six never.
    assert rows["All sources"] == {
        "source": "All sources",
        "leads": 6,
        "answered": 5,
        "median": 300.0,
        "p90": 7200.0,
        "within_5m": 0.5,
        "within_1h": 0.666667,
        "never_answered": 1,
    }
    assert table.row_inquiry_ids[0] == tuple(sorted((leads["A"], leads["B"], leads["C"])))


def test_nobody_answered_yet(ctx: ServiceContext, desk: Desk) -> None:
    only = desk.lead(T0, source="email")
    table = response_report(ctx)
    assert table.rows[0] == {
        "source": "Email",
        "leads": 1,
        "answered": 0,
        "median": None,
        "p90": None,
        "within_5m": 0.0,
        "within_1h": 0.0,
        "never_answered": 1,
    }
    assert table.row_inquiry_ids[0] == (only,)


def test_range_and_owner_filters(ctx: ServiceContext, desk: Desk, leads: dict[str, int]) -> None:
    desk.lead(desk.at("2026-03-01"), source="website_form")
    in_feb = response_report(
        ctx, ReportFilter(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
    )
    assert in_feb.rows[-1]["leads"] == 6
    nobody = response_report(ctx, ReportFilter(owner_ids=(desk.user("Assistant"),)))
    assert nobody.rows == (
        {
            "source": "All sources",
            "leads": 0,
            "answered": 0,
            "median": None,
            "p90": None,
            "within_5m": None,
            "within_1h": None,
            "never_answered": 0,
        },
    )
