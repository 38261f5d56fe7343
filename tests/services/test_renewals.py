"""Renewals coming due: funded loans maturing within 120 days, with their renewal task."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import move_stage
from app.services.leads import add_lead
from app.services.renewals import renewals_due


def funded(ctx: ServiceContext, name: str, maturity: date | None, status: str = "won") -> int:
    lead = add_lead(
        ctx,
        ContactInput(first_name=name, last_name="Client"),
        InquiryInput(
            contact_id=0, type_key="purchase", amount=Decimal("500000"), term_maturity_date=maturity
        ),
    )
    if status == "won":
        move_stage(ctx, lead.inquiry.id, "funded", outcome="Funded with a big bank")
    return lead.inquiry.id


def test_window_order_and_renewal_task(ctx: ServiceContext) -> None:
    today = date(2026, 3, 2)
    soon = funded(ctx, "Soon", today + timedelta(days=30))
    edge = funded(ctx, "Edge", today + timedelta(days=120))
    funded(ctx, "Later", today + timedelta(days=121))
    funded(ctx, "Past", today - timedelta(days=1))
    funded(ctx, "Active", today + timedelta(days=10), status="active")  # not funded yet
    funded(ctx, "Unknown", None)

    renewals = renewals_due(ctx)
    assert renewals.count == 2
    assert [(r.inquiry_id, r.days_left) for r in renewals.items] == [(soon, 30), (edge, 120)]
    first = renewals.items[0]
    assert first.contact_name == "Soon Client" and first.amount == Decimal("500000")
    # The renewal rule planned its checks; the open one is shown with the renewal.
    assert first.task_id is not None and first.task_title.startswith("Renewal check")


def test_limit_keeps_the_count(ctx: ServiceContext) -> None:
    for n in range(3):
        funded(ctx, f"P{n}", date(2026, 4, 1) + timedelta(days=n))
    renewals = renewals_due(ctx, limit=1)
    assert renewals.count == 3 and len(renewals.items) == 1
    assert renewals_due(ctx, within_days=30).count == 1  # 1 April is 30 days away
