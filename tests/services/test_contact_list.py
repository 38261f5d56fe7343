"""The contact list service: pages in name order, and what the filter box matches."""

from __future__ import annotations

import pytest

from app.services.contact_list import contact_page, count_contacts
from app.services.contacts import archive_contact, create_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.leads import add_lead


def _add(ctx: ServiceContext, first: str, last: str, email: str = "", phone: str = "") -> int:
    contact = create_contact(
        ctx,
        ContactInput(
            first_name=first,
            last_name=last,
            emails=(email,) if email else (),
            phones=(phone,) if phone else (),
        ),
    )
    return contact.id


@pytest.fixture
def people(ctx: ServiceContext) -> ServiceContext:
    _add(ctx, "zoe", "Young", "zoe@example.com", "(416) 555-0199")
    _add(ctx, "Adam", "Brooks", "adam_b@example.com")
    _add(ctx, "Maria", "Gonzalez", "maria@example.com", "604 555 0142")
    _add(ctx, "Luc", "Tremblay")
    _add(ctx, "Mario", "100% Real")
    return ctx


def _names(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [r.name for r in rows]


def test_pages_follow_name_order_without_gaps_or_repeats(people: ServiceContext) -> None:
    everyone = _names(contact_page(people, offset=0, limit=100))
    assert everyone == ["Adam Brooks", "Luc Tremblay", "Maria Gonzalez", "Mario 100% Real",
                        "zoe Young"]  # fmt: skip
    pages = [_names(contact_page(people, offset=o, limit=2)) for o in (0, 2, 4, 6)]
    assert pages == [everyone[0:2], everyone[2:4], everyone[4:5], []]
    assert count_contacts(people) == 5


def test_row_carries_primary_email_readable_phone_and_active_inquiries(
    people: ServiceContext,
) -> None:
    add_lead(
        people,
        ContactInput(first_name="Maria", last_name="Gonzalez", emails=("maria@example.com",)),
        InquiryInput(contact_id=0, type_key="purchase"),
    )
    maria = next(r for r in contact_page(people, offset=0, limit=10) if r.name.startswith("Maria"))
    assert maria.email == "maria@example.com"
    assert maria.phone == "+1 604-555-0142"
    assert maria.active_inquiries == 1
    luc = next(r for r in contact_page(people, offset=0, limit=10) if r.name == "Luc Tremblay")
    assert (luc.email, luc.phone, luc.active_inquiries) == ("", "", 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mari", ["Maria Gonzalez", "Mario 100% Real"]),
        ("  MARIA   gonzalez ", ["Maria Gonzalez"]),
        ("@example.com", ["Adam Brooks", "Maria Gonzalez", "zoe Young"]),
        ("555-0199", ["zoe Young"]),
        ("4165550199", ["zoe Young"]),
        ("100%", ["Mario 100% Real"]),
        ("o%r", []),  # % is a character here (as a wildcard it would match "mario 100% real")
        ("ada_", []),  # _ too (as a wildcard it would match "adam")
        ("adam_b", ["Adam Brooks"]),
        ("nobody", []),
    ],
)
def test_filter_matches_name_email_or_phone(
    people: ServiceContext, text: str, expected: list[str]
) -> None:
    assert _names(contact_page(people, offset=0, limit=100, text_filter=text)) == expected
    assert count_contacts(people, text) == len(expected)


def test_short_digit_runs_do_not_match_every_phone(people: ServiceContext) -> None:
    assert _names(contact_page(people, offset=0, limit=100, text_filter="55")) == []


def test_archived_contacts_are_left_out(people: ServiceContext) -> None:
    luc = next(r for r in contact_page(people, offset=0, limit=10) if r.name == "Luc Tremblay")
    archive_contact(people, luc.id)
    assert "Luc Tremblay" not in _names(contact_page(people, offset=0, limit=10))
    assert count_contacts(people) == 4


def test_negative_offset_is_refused(people: ServiceContext) -> None:
    with pytest.raises(ValueError):
        contact_page(people, offset=-1, limit=10)
