"""Overdue follow-ups over time, derived from due, done and cancelled times."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.reports import ReportFilter, overdue_report
from app.services.context import ServiceContext
from app.services.tasks import add_task, cancel_task, complete_task

Desk = Any  # the `desk` fixture (tests/reports/conftest.py)

WEEK = ReportFilter(date_from=date(2026, 2, 24), date_to=date(2026, 3, 2))


@pytest.fixture
def inquiries(desk: Desk, ctx: ServiceContext) -> dict[str, int]:
    """Rules off, so the only tasks are these seven (times are Toronto wall-clock):

    T1 due 25 Feb 10:00, done 27 Feb 12:00      T5 due 5 Mar (future)
    T2 due 23 Feb 08:00, still open              T6 made 26 Feb, due 25 Feb, open
    T3 due 28 Feb 12:00, cancelled 1 Mar 08:00   T7 due 24 Feb 12:00, done early
    T4 due 2 Mar 08:00, open (now is 2 Mar 09:00)
    """
    desk.no_rules()
    made = desk.at("2026-02-20")
    ids = {
        "X": desk.lead(made, source="website_form"),
        "Y": desk.lead(made, source="phone"),
        "Z": desk.lead(made, source="website_form"),
    }

    def task(inquiry: str, due: Any) -> int:
        return add_task(ctx, inquiry_id=ids[inquiry], kind="call", title="Call", due_at=due).id

    t1 = task("X", desk.at("2026-02-25", 10))
    task("X", desk.at("2026-02-23", 8))
    t3 = task("Y", desk.at("2026-02-28", 12))
    task("Y", desk.at("2026-03-02", 8))
    task("X", desk.at("2026-03-05"))
    t7 = task("X", desk.at("2026-02-24", 12))
    desk.clock.set(desk.at("2026-02-24", 11))
    complete_task(ctx, t7)
    desk.clock.set(desk.at("2026-02-26"))
    task("Z", desk.at("2026-02-25"))
    desk.clock.set(desk.at("2026-02-27", 12))
    complete_task(ctx, t1)
    desk.clock.set(desk.at("2026-03-01", 8))
    cancel_task(ctx, t3)
    desk.clock.set(desk.at("2026-03-02"))
    return ids


def test_overdue_at_the_end_of_each_day(ctx: ServiceContext, inquiries: dict[str, int]) -> None:
    table = overdue_report(ctx, WEEK)
    assert [(r["period"], r["overdue"], r["inquiries"]) for r in table.rows] == [
        ("2026-02-24", 1, 1),  # T2
        ("2026-02-25", 2, 1),  # T2, T1
        ("2026-02-26", 3, 2),  # T2, T1, T6
        ("2026-02-27", 2, 2),  # T2, T6 (T1 done at noon)
        ("2026-02-28", 3, 3),  # T2, T6, T3
        ("2026-03-01", 2, 2),  # T2, T6 (T3 cancelled)
        ("2026-03-02", 3, 3),  # so far today: T2, T6, T4
    ]
    assert table.rows[0]["as_of"] == date(2026, 2, 24)
    x, y, z = inquiries["X"], inquiries["Y"], inquiries["Z"]
    assert table.row_inquiry_ids[4] == tuple(sorted((x, y, z)))
    assert table.row_inquiry_ids[5] == tuple(sorted((x, z)))


def test_weeks_and_a_source_filter(ctx: ServiceContext, inquiries: dict[str, int]) -> None:
    weeks = overdue_report(
        ctx, ReportFilter(date_from=date(2026, 2, 16), date_to=date(2026, 3, 2)), period="week"
    )
    assert [(r["period"], r["overdue"]) for r in weeks.rows] == [
        ("2026-W08", 0),  # at the end of Sunday 22 Feb nothing was late yet
        ("2026-W09", 2),  # end of Sunday 1 March: T2, T6
        ("2026-W10", 3),  # this week so far
    ]
    phone = ReportFilter(date_from=WEEK.date_from, date_to=WEEK.date_to, source_keys=("phone",))
    counts = [r["overdue"] for r in overdue_report(ctx, phone).rows]
    assert counts == [0, 0, 0, 0, 1, 0, 1]


def test_default_range_is_the_last_30_days(ctx: ServiceContext, inquiries: dict[str, int]) -> None:
    table = overdue_report(ctx)
    assert len(table.rows) == 30
    assert table.rows[-1]["as_of"] == date(2026, 3, 2)
    assert table.rows[0]["as_of"] == date(2026, 2, 1)
    # Days after today are not counted.
    future = overdue_report(ctx, ReportFilter(date_from=date(2026, 3, 3)))
    assert future.rows == ()
