"""The kept stage facts never change an answer: warm runs equal cold ones after moves."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.db.models import Inquiry
from app.reports import ReportFilter, ReportTable, funnel_report, stage_facts
from app.reports.stage_facts import forget_all
from app.services.context import ServiceContext
from app.services.demo import generate_demo
from app.services.inquiries import move_stage

Desk = Any  # the `desk` fixture (tests/reports/conftest.py)

VARIANTS: list[tuple[ReportFilter, str]] = [
    (ReportFilter(), "all"),
    (ReportFilter(), "source"),
    (ReportFilter(type_keys=("purchase", "refinance")), "all"),
    (ReportFilter(date_from=date(2025, 9, 1)), "type"),
    (ReportFilter(source_keys=("phone",)), "source"),
]


def _all(ctx: ServiceContext) -> list[ReportTable]:
    return [funnel_report(ctx, flt, by=by) for flt, by in VARIANTS]  # type: ignore[arg-type]


def _cold(ctx: ServiceContext) -> list[ReportTable]:
    forget_all()
    return _all(ctx)


@pytest.mark.parametrize("full_read", [0, 5_000], ids=["one-pass", "per-inquiry"])
def test_warm_answers_equal_cold_ones_as_inquiries_move(
    ctx: ServiceContext, desk: Desk, monkeypatch: pytest.MonkeyPatch, full_read: int
) -> None:
    # Above `full_read` stale inquiries the whole history is read in one pass.
    monkeypatch.setattr(stage_facts, "_FULL_READ", full_read)
    desk.clock.set(desk.at("2026-02-02"))
    generate_demo(ctx, contacts=60, seed=3)
    # A filtered run first, so the kept facts cover only part of the book.
    funnel_report(ctx, ReportFilter(source_keys=("phone",)))
    before = _all(ctx)
    assert before == _cold(ctx)
    with ctx.db.session() as session:
        moving = list(
            session.scalars(
                select(Inquiry.id).where(Inquiry.status == "active").order_by(Inquiry.id).limit(6)
            )
        )
    assert len(moving) == 6
    # Forward, backward, lost, funded, reopened, and one inquiry moved twice at once.
    when = desk.at("2026-02-20")
    desk.clock.set(when)
    move_stage(ctx, moving[0], "approved")
    move_stage(ctx, moving[1], "new")
    move_stage(ctx, moving[2], "lost", lost_reason="Rate")
    move_stage(ctx, moving[3], "funded", outcome="TD")
    desk.clock.set(when + timedelta(days=3))
    move_stage(ctx, moving[2], "qualified")
    move_stage(ctx, moving[4], "lender_review")
    move_stage(ctx, moving[4], "waiting_on_client")
    warm = _all(ctx)
    assert warm != before  # the moves show
    assert warm == _cold(ctx)
