"""Stalled: active inquiries with no stage change and no contact for N days, per stage."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.reports import ReportFilter, stalled_list, stalled_report
from app.services.context import ServiceContext
from app.services.inquiries import set_status

Desk = Any  # the `desk` fixture (tests/reports/conftest.py)

DAY = 86400.0


@pytest.fixture
def leads(desk: Desk, ctx: ServiceContext) -> dict[str, int]:
    """Now is Monday 2 March, 09:00; 14 days back is 16 February, 09:00."""
    feb1 = desk.at("2026-02-01")
    ids = {name: desk.lead(feb1) for name in "ABCDEFG"}
    ids["H"] = desk.lead(feb1, source="phone")
    desk.move(ids["G"], desk.at("2026-02-02"), "contacted")
    desk.talk(ids["G"], desk.at("2026-02-02"))
    desk.move(ids["E"], desk.at("2026-02-03"), "lost")
    desk.move(ids["A"], desk.at("2026-02-05"), "contacted")
    desk.move(ids["B"], desk.at("2026-02-05"), "qualified")
    desk.talk(ids["A"], desk.at("2026-02-10"))
    desk.talk(ids["B"], desk.at("2026-02-20"))  # spoke recently: not stalled
    desk.move(ids["D"], desk.at("2026-02-20"), "contacted")  # moved recently: not stalled
    set_status(ctx, ids["F"], "on_hold")  # on hold is not active
    desk.clock.set(desk.at("2026-03-02"))
    return ids


def test_stalled_per_stage(ctx: ServiceContext, leads: dict[str, int]) -> None:
    table = stalled_report(ctx)
    assert table.rows == (
        # C and H never contacted since 1 February: 29 days.
        {"stage": "New", "stalled": 2, "median_idle": 29 * DAY, "longest_idle": 29 * DAY},
        # A: contact 10 February (20 days); G: 2 February (28 days).
        {"stage": "Contacted", "stalled": 2, "median_idle": 24 * DAY, "longest_idle": 28 * DAY},
        {"stage": "All stages", "stalled": 4, "median_idle": 28.5 * DAY, "longest_idle": 29 * DAY},
    )
    ids = leads
    assert table.row_inquiry_ids == (
        tuple(sorted((ids["C"], ids["H"]))),
        tuple(sorted((ids["A"], ids["G"]))),
        tuple(sorted((ids["A"], ids["C"], ids["G"], ids["H"]))),
    )


def test_more_days_and_filters(ctx: ServiceContext, leads: dict[str, int]) -> None:
    assert stalled_report(ctx, days=25).rows[-1]["stalled"] == 3  # A (20 days) drops out
    phone = stalled_report(ctx, ReportFilter(source_keys=("phone",)))
    assert phone.row_inquiry_ids[-1] == (leads["H"],)
    # The date range does not apply: stalled is about today.
    ranged = stalled_report(ctx, ReportFilter(date_from=date(2026, 3, 1)))
    assert ranged.rows[-1]["stalled"] == 4


def test_the_list_longest_idle_first(ctx: ServiceContext, leads: dict[str, int]) -> None:
    table = stalled_list(ctx)
    assert [r["inquiry_id"] for r in table.rows] == [leads["C"], leads["H"], leads["G"], leads["A"]]
    first = table.rows[0]
    assert (first["stage"], first["last_contact"], first["idle"]) == ("New", None, 29 * DAY)
    a = table.rows[-1]
    assert (a["stage_entered"], a["last_contact"]) == (date(2026, 2, 5), date(2026, 2, 10))
    assert table.row_inquiry_ids[-1] == (leads["A"],)


def test_nothing_stalled(ctx: ServiceContext) -> None:
    table = stalled_report(ctx)
    assert table.rows == (
        {"stage": "All stages", "stalled": 0, "median_idle": None, "longest_idle": None},
    )
