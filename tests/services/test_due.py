"""Today's follow-ups as the broker sees them."""

from __future__ import annotations

from datetime import date, timedelta

from app.clock import FixedClock
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.due import due_list
from app.services.inquiries import assign_owner, move_stage
from app.services.leads import add_lead
from app.services.tasks import add_task


def _lead(ctx: ServiceContext, first: str, **inquiry: object) -> int:
    lead = add_lead(
        ctx,
        ContactInput(first_name=first, last_name="Test"),
        InquiryInput(contact_id=0, type_key="refinance", **inquiry),  # type: ignore[arg-type]
    )
    return lead.inquiry.id


def test_sections_sort_the_day(ctx: ServiceContext, clock: FixedClock) -> None:
    start = clock.now()
    old = _lead(ctx, "Olga", created_at=start - timedelta(days=30))  # cadence call overdue
    move_stage(ctx, old, "contacted")  # warm, no contact for 30 days: stale
    fresh = _lead(ctx, "Fred")
    assign_owner(ctx, fresh, None)
    add_task(
        ctx,
        inquiry_id=fresh,
        kind="call",
        title="Call back at 4",
        due_at=start + timedelta(hours=2),
    )
    add_task(
        ctx,
        inquiry_id=fresh,
        kind="email",
        title="Send rates next week",
        due_at=start + timedelta(days=7),
    )
    today = due_list(ctx)
    assert today.day == date(2026, 3, 2)
    assert [t.title for t in today.overdue.items] == []
    assert {t.title for t in today.due_today.items} >= {"Call back at 4", "Call new lead now"}
    assert [i.contact_name for i in today.unassigned.items] == ["Fred Test"]
    assert [i.contact_name for i in today.stale_warm.items] == ["Olga Test"]
    assert today.stale_warm.items[0].days_without_contact == 30
    next_week = due_list(ctx, date(2026, 3, 9))
    assert "Send rates next week" in {t.title for t in next_week.due_today.items}
    assert "Call back at 4" in {t.title for t in next_week.overdue.items}
    assert next_week.overdue.count == len(next_week.overdue.items)


def test_limit_caps_items_not_counts(ctx: ServiceContext, clock: FixedClock) -> None:
    iid = _lead(ctx, "Many")
    for n in range(5):
        add_task(
            ctx,
            inquiry_id=iid,
            kind="call",
            title=f"Call {n}",
            due_at=clock.now() - timedelta(days=1, minutes=n),
        )
    result = due_list(ctx, limit=3)
    assert result.overdue.count == 5
    assert len(result.overdue.items) == 3
    assert [t.title for t in result.overdue.items] == ["Call 4", "Call 3", "Call 2"]
