"""The lead detail's data: one call gives the screen everything, with time in each stage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from app.clock import FixedClock
from app.db.models import InquiryType
from app.domain.scoring import score_from_json
from app.errors import NotFound
from app.services.checklist import request_item
from app.services.context import ServiceContext
from app.services.detail import form_choices, format_duration, inquiry_detail
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import create_inquiry, inquiry_input, move_stage
from app.services.interactions import log_interaction
from app.services.leads import NewLead, add_lead


def test_stage_history_says_how_long_each_stage_lasted(
    ctx: ServiceContext, new_lead: NewLead, clock: FixedClock
) -> None:
    inquiry_id = new_lead.inquiry.id
    clock.advance(timedelta(days=3, hours=4))
    move_stage(ctx, inquiry_id, "contacted")
    clock.advance(timedelta(hours=5, minutes=20))
    move_stage(ctx, inquiry_id, "qualified", note="pre-approved at 4.79%")
    clock.advance(timedelta(minutes=12))

    spans = inquiry_detail(ctx, inquiry_id).stage_spans

    assert [(s.stage_key, format_duration(s.duration), s.current) for s in spans] == [
        ("new", "3 d 4 h", False),
        ("contacted", "5 h 20 min", False),
        ("qualified", "12 min", True),
    ]
    assert spans[0].entered_at == datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    assert spans[0].left_at == spans[1].entered_at
    assert spans[2].left_at is None and spans[2].note == "pre-approved at 4.79%"


def test_time_in_the_current_stage_grows_with_the_clock(
    ctx: ServiceContext, new_lead: NewLead, clock: FixedClock
) -> None:
    clock.advance(timedelta(days=2))
    assert format_duration(inquiry_detail(ctx, new_lead.inquiry.id).stage_spans[-1].duration) == (
        "2 d"
    )
    clock.advance(timedelta(days=1, hours=1))
    assert format_duration(inquiry_detail(ctx, new_lead.inquiry.id).stage_spans[-1].duration) == (
        "3 d 1 h"
    )


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(seconds=30), "under a minute"),
        (timedelta(minutes=59, seconds=59), "59 min"),
        (timedelta(hours=2), "2 h"),
        (timedelta(days=1), "1 d"),
        (timedelta(days=40, hours=23, minutes=59), "40 d 23 h"),
        (timedelta(seconds=-5), "under a minute"),
    ],
)
def test_durations_read_like_a_person_writes_them(span: timedelta, text: str) -> None:
    assert format_duration(span) == text


def test_detail_holds_contact_inquiry_checklist_tasks_timeline_and_score(
    ctx: ServiceContext, new_lead: NewLead, clock: FixedClock
) -> None:
    inquiry_id, contact_id = new_lead.inquiry.id, new_lead.contact.id
    first_doc = inquiry_detail(ctx, inquiry_id).checklist[0].id
    request_item(ctx, first_doc)
    clock.advance(timedelta(minutes=7))
    log_interaction(
        ctx, contact_id=contact_id, inquiry_id=inquiry_id, kind="call", direction="outbound",
        summary="Left a voicemail",
    )  # fmt: skip

    detail = inquiry_detail(ctx, inquiry_id)

    assert detail.contact.full_name == "Maria Gonzalez"
    assert detail.contact.phones == ("+14165550142",)
    assert detail.inquiry.type_key == "purchase" and detail.inquiry.stage_key == "new"
    assert detail.inquiry.first_response_at == clock.now()
    assert detail.checklist[0].status == "requested"
    assert detail.open_tasks[0].kind == "call"
    assert all(t.state == "open" for t in detail.open_tasks)
    assert [e.summary for e in detail.timeline] == ["Left a voicemail"]
    score = score_from_json(detail.score_breakdown)
    assert score.total == detail.inquiry.score
    assert {p.key for p in score.parts} == {"intent", "source", "engagement", "checklist"}
    assert detail.fields == inquiry_input(ctx, inquiry_id)


def test_other_inquiries_of_the_same_contact_are_listed_newest_first(
    ctx: ServiceContext, new_lead: NewLead, clock: FixedClock
) -> None:
    contact_id = new_lead.contact.id
    clock.advance(timedelta(days=1))
    renewal = create_inquiry(
        ctx, InquiryInput(contact_id=contact_id, type_key="renewal", amount=Decimal(300000))
    )
    clock.advance(timedelta(days=1))
    heloc = create_inquiry(ctx, InquiryInput(contact_id=contact_id, type_key="heloc"))
    add_lead(ctx, ContactInput("Someone", "Else"), InquiryInput(contact_id=0, type_key="purchase"))

    others = inquiry_detail(ctx, new_lead.inquiry.id).other_inquiries

    assert [(o.id, o.type_name, o.stage_name) for o in others] == [
        (heloc.id, "HELOC", "New"),
        (renewal.id, "Renewal", "New"),
    ]
    assert others[1].amount == Decimal(300000)
    assert new_lead.inquiry.id in {o.id for o in inquiry_detail(ctx, heloc.id).other_inquiries}


def test_timeline_is_newest_first_and_includes_the_contacts_other_inquiries(
    ctx: ServiceContext, new_lead: NewLead, clock: FixedClock
) -> None:
    contact_id = new_lead.contact.id
    other = create_inquiry(ctx, InquiryInput(contact_id=contact_id, type_key="renewal"))
    for summary, inquiry_id in (("first", new_lead.inquiry.id), ("second", other.id)):
        clock.advance(timedelta(hours=1))
        log_interaction(
            ctx, contact_id=contact_id, inquiry_id=inquiry_id, kind="email",
            direction="inbound", summary=summary,
        )  # fmt: skip
    timeline = inquiry_detail(ctx, new_lead.inquiry.id).timeline
    assert [e.summary for e in timeline] == ["second", "first"]


def test_a_missing_inquiry_is_not_found(ctx: ServiceContext) -> None:
    with pytest.raises(NotFound):
        inquiry_detail(ctx, 999)


def test_form_choices_offer_active_types_in_order_sources_and_owners(ctx: ServiceContext) -> None:
    with ctx.db.session() as session:
        session.execute(
            update(InquiryType).where(InquiryType.key == "commercial").values(active=False)
        )
    choices = form_choices(ctx)
    keys = [c.key for c in choices.inquiry_types]
    assert keys[:3] == ["purchase", "refinance", "renewal"]
    assert "commercial" not in keys and "heloc" in keys
    assert "website_form" in [c.key for c in choices.sources]
    assert [name for _, name in choices.owners] == ["Me"]
