"""Tagging and assigning several contacts at once, and taking it back exactly."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.models import AuditEntry, User
from app.errors import InvalidInput, NotFound
from app.services.bulk import (
    assign_inquiries_of_contacts,
    list_owners,
    restore_owners,
    tag_contacts,
    untag_contacts,
)
from app.services.contacts import create_contact, get_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import create_inquiry, get_inquiry, move_stage
from app.services.leads import add_lead
from app.services.tasks import inquiry_tasks


def person(ctx: ServiceContext, first: str, tags: tuple[str, ...] = ()) -> int:
    return create_contact(ctx, ContactInput(first_name=first, last_name="Test", tags=tags)).id


def test_tag_reports_only_who_gained_it_and_untag_takes_back_those(ctx: ServiceContext) -> None:
    ann, bob = person(ctx, "Ann", ("VIP",)), person(ctx, "Bob")
    change = tag_contacts(ctx, [ann, bob, bob], "  VIP ")
    assert change.contact_ids == (bob,) and change.tag == "VIP"
    assert get_contact(ctx, bob).tags == ("VIP",)
    untag_contacts(ctx, change.contact_ids, "VIP")  # the undo
    assert get_contact(ctx, ann).tags == ("VIP",)  # Ann had it before: she keeps it
    assert get_contact(ctx, bob).tags == ()


def test_untag_then_retag_restores(ctx: ServiceContext) -> None:
    ann, bob = person(ctx, "Ann", ("golf",)), person(ctx, "Bob")
    removed = untag_contacts(ctx, [ann, bob], "golf")
    assert removed.contact_ids == (ann,)
    tag_contacts(ctx, removed.contact_ids, "golf")
    assert get_contact(ctx, ann).tags == ("golf",) and get_contact(ctx, bob).tags == ()
    assert untag_contacts(ctx, [ann], "never-used").contact_ids == ()


def test_bad_tags_and_unknown_contacts_are_refused(ctx: ServiceContext) -> None:
    ann = person(ctx, "Ann")
    with pytest.raises(InvalidInput, match="needs a name"):
        tag_contacts(ctx, [ann], "   ")
    with pytest.raises(InvalidInput, match="60 characters"):
        tag_contacts(ctx, [ann], "x" * 61)
    with pytest.raises(NotFound):
        tag_contacts(ctx, [ann, 9999], "VIP")
    assert get_contact(ctx, ann).tags == ()  # nothing half done


def test_tagging_is_audited(ctx: ServiceContext) -> None:
    ann = person(ctx, "Ann")
    tag_contacts(ctx, [ann], "VIP")
    with ctx.db.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "tag")).one()
        assert (entry.entity, entry.entity_id, entry.new_value) == ("contact", ann, "VIP")


def test_assign_open_inquiries_and_restore_previous_owners(ctx: ServiceContext) -> None:
    with ctx.db.session() as session:
        session.add(User(name="Assistant"))
    owners = {o.name: o.id for o in list_owners(ctx)}
    lead = add_lead(
        ctx,
        ContactInput(first_name="Ann", last_name="T"),
        InquiryInput(contact_id=0, type_key="purchase"),
    )
    won = create_inquiry(ctx, InquiryInput(contact_id=lead.contact.id, type_key="refinance"))
    move_stage(ctx, won.id, "funded", outcome="Funded")
    other = add_lead(
        ctx,
        ContactInput(first_name="Bob", last_name="T"),
        InquiryInput(contact_id=0, type_key="purchase", owner_id=None),
    )

    change = assign_inquiries_of_contacts(
        ctx, [lead.contact.id, other.contact.id], owners["Assistant"]
    )
    assert set(change.inquiry_ids) == {lead.inquiry.id, other.inquiry.id}  # not the won one
    assert get_inquiry(ctx, lead.inquiry.id).owner_name == "Assistant"
    assert get_inquiry(ctx, won.id).owner_name == "Me"
    assert {t.owner_id for t in inquiry_tasks(ctx, lead.inquiry.id)} == {owners["Assistant"]}

    restore_owners(ctx, change)
    assert get_inquiry(ctx, lead.inquiry.id).owner_name == "Me"
    assert {t.owner_id for t in inquiry_tasks(ctx, lead.inquiry.id)} == {owners["Me"]}


def test_assign_to_nobody_and_unknown_owner(ctx: ServiceContext) -> None:
    lead = add_lead(
        ctx,
        ContactInput(first_name="Ann", last_name="T"),
        InquiryInput(contact_id=0, type_key="purchase"),
    )
    change = assign_inquiries_of_contacts(ctx, [lead.contact.id], None)
    assert get_inquiry(ctx, lead.inquiry.id).owner_id is None
    assert assign_inquiries_of_contacts(ctx, [lead.contact.id], None).previous == ()
    with pytest.raises(InvalidInput, match="no owner"):
        assign_inquiries_of_contacts(ctx, [lead.contact.id], 999)
    restore_owners(ctx, change)
    assert get_inquiry(ctx, lead.inquiry.id).owner_name == "Me"
