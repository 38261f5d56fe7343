"""Who the new lead may already be: similar names, same email, same phone digits."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from itertools import product

import pytest
from sqlalchemy import event, insert

from app.db.models import Contact, ContactEmail, ContactPhone
from app.services.contacts import archive_contact, create_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput
from app.services.leads import NewLead
from app.services.similar import similar_contacts


def names(found: list) -> list[str]:  # type: ignore[type-arg]
    return [m.name for m in found]


@pytest.fixture
def people(ctx: ServiceContext, new_lead: NewLead) -> ServiceContext:
    """Maria Gonzalez (from new_lead) plus a few people who must not be confused with her."""
    for first, last in (("Mark", "Gonzalez"), ("Maria", "Fernandes"), ("Mario", "Gomez")):
        create_contact(ctx, ContactInput(first, last))
    create_contact(
        ctx, ContactInput("Robert", "Tremblay", emails=("rt@example.ca",), phones=("514-555-0199",))
    )
    return ctx


@pytest.mark.parametrize(
    ("first", "last", "reason"),
    [
        ("Maria", "Gonzalez", "same name"),
        ("maria", "GONZALEZ", "same name"),
        ("Maria", "Gonzales", "similar name"),  # a typo in the last name
        ("Marie", "Gonzalez", "similar name"),  # ... or in the first
        ("Gonzalez", "Maria", "same name (first and last swapped)"),
        ("Gonzales", "Maria", "similar name (first and last swapped)"),
    ],
)
def test_a_similar_name_finds_the_contact_without_nicknames(
    people: ServiceContext, first: str, last: str, reason: str
) -> None:
    found = similar_contacts(people, first, last)
    assert names(found)[:1] == ["Maria Gonzalez"]
    assert found[0].reason == reason
    assert found[0].emails == ("maria.gonzalez@example.com",)
    assert found[0].phones == ("+14165550142",)


def test_a_different_person_with_a_similar_name_is_not_offered(people: ServiceContext) -> None:
    assert "Mark Gonzalez" not in names(similar_contacts(people, "Maria", "Gonzalez"))
    assert names(similar_contacts(people, "Maria", "Lopez")) == []
    assert similar_contacts(people, "Ana", "Smith") == []


def test_a_nickname_finds_the_formal_name(people: ServiceContext) -> None:
    found = similar_contacts(people, "Bob", "Tremblay")
    assert names(found) == ["Robert Tremblay"]
    assert found[0].reason == "same name with a nickname"


def test_the_same_email_matches_in_any_case_whatever_the_name(people: ServiceContext) -> None:
    found = similar_contacts(people, "M", "G", email="  MARIA.Gonzalez@EXAMPLE.com ")
    assert names(found) == ["Maria Gonzalez"]
    assert found[0].score == 100 and found[0].reason == "same email"
    assert similar_contacts(people, "", "", email="maria.gonzalez@example") == []  # half-typed


@pytest.mark.parametrize(
    ("phone", "reason"),
    [
        ("(416) 555-0142", "same phone number"),
        ("+1 416 555 0142", "same phone number"),
        ("555-0142", "phone ends in the same 7 digits"),
    ],
)
def test_phone_digits_match_with_or_without_area_code(
    people: ServiceContext, phone: str, reason: str
) -> None:
    found = similar_contacts(people, "", "", phone=phone)
    assert [(m.name, m.reason) for m in found] == [("Maria Gonzalez", reason)]


def test_too_few_digits_or_another_area_code_match_nobody(people: ServiceContext) -> None:
    assert similar_contacts(people, "", "", phone="555-01") == []
    assert similar_contacts(people, "", "", phone="(905) 555-0142") == []


def test_evidence_adds_up_in_the_reason_and_the_best_comes_first(people: ServiceContext) -> None:
    found = similar_contacts(people, "Maria", "Gonzales", phone="416 555 0142")
    assert found[0].name == "Maria Gonzalez"
    assert found[0].reason == "same phone number · similar name"


def test_archived_contacts_are_not_offered(people: ServiceContext, new_lead: NewLead) -> None:
    archive_contact(people, new_lead.contact.id)
    assert similar_contacts(people, "Maria", "Gonzalez", email="maria.gonzalez@example.com") == []


def test_limit_keeps_the_best_matches(ctx: ServiceContext) -> None:
    for number in range(8):
        create_contact(ctx, ContactInput("Jean", "Tremblay", emails=(f"jt{number}@example.ca",)))
    create_contact(ctx, ContactInput("Jeanne", "Tremblay", emails=("jeanne@example.ca",)))
    found = similar_contacts(ctx, "Jeanne", "Tremblay", limit=3)
    assert len(found) == 3
    assert found[0].name == "Jeanne Tremblay" and found[0].reason == "same name"
    assert found[0].score > found[1].score
    assert similar_contacts(ctx, "Jeanne", "Tremblay", limit=0) == []


FIRST = [
    "Maria",
    "Mark",
    "Marie",
    "Jean",
    "Jeanne",
    "Li",
    "Wei",
    "Priya",
    "Omar",
    "Sofia",
    "Lucas",
    "Noah",
    "Emma",
    "Olivia",
    "Liam",
    "Chloe",
    "Ethan",
    "Amir",
    "Fatima",
    "Hiro",
]
LAST = ["Gonzalez", "Tremblay", "Smith", "Nguyen", "Patel", "Roy", "Gagnon", "Wong", "Singh",
        "Martin", "Brown", "Lee", "Cote", "Bouchard", "Kim", "Chen", "Khan", "Silva", "Ali",
        "Girard"]  # fmt: skip


def test_stays_fast_with_thousands_of_contacts(ctx: ServiceContext) -> None:
    """4,000 contacts sharing a few names: candidates come from indexes, not a full scan."""
    now = datetime(2026, 3, 2, tzinfo=UTC)
    rows = [(first, last, n) for n, (first, last) in enumerate(product(FIRST, LAST * 10), start=1)]
    with ctx.db.session() as session:
        session.execute(
            insert(Contact),
            [
                {"id": n, "first_name": given, "last_name": family,
                 "search_name": f"{given} {family}".lower(), "created_at": now, "updated_at": now}
                for given, family, n in rows
            ],
        )  # fmt: skip
        session.execute(
            insert(ContactEmail),
            [{"contact_id": n, "email": f"p{n}@example.com", "position": 0} for *_, n in rows],
        )
        session.execute(
            insert(ContactPhone),
            [
                {"contact_id": n, "e164": f"+1416{n:07d}", "digits": f"1416{n:07d}",
                 "raw": "", "position": 0}
                for *_, n in rows
            ],
        )  # fmt: skip
    similar_contacts(ctx, "Maria", "Gonzalez")  # warm the statement cache
    started = time.perf_counter()
    for _ in range(5):
        found = similar_contacts(ctx, "Maria", "Gonzalez", email="p77@example.com",
                                 phone="416 000 0042")  # fmt: skip
    elapsed = (time.perf_counter() - started) / 5
    assert len(found) == 5
    assert {m.reason for m in found} >= {"same email", "same phone number"}
    assert elapsed < 0.15, f"{elapsed * 1000:.0f} ms per lookup"


def test_lookups_read_indexes_not_whole_tables(people: ServiceContext) -> None:
    """Every query a lookup runs (name, email, full phone) searches an index: none of them
    reads a table from end to end, which is what makes 100,000 contacts cheap."""
    statements: list[tuple[str, object]] = []

    def remember(_conn: object, _cursor: object, sql: str, params: object, *_: object) -> None:
        if sql.lstrip().upper().startswith("SELECT"):
            statements.append((sql, params))

    event.listen(people.db.engine, "before_cursor_execute", remember)
    try:
        found = similar_contacts(
            people, "Maria", "Gonzales", email="maria.gonzalez@example.com", phone="4165550142"
        )
    finally:
        event.remove(people.db.engine, "before_cursor_execute", remember)
    assert found[0].name == "Maria Gonzalez"
    with people.db.engine.connect() as connection:
        plans = [
            " | ".join(
                row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
            )  # type: ignore[arg-type]
            for sql, params in statements
        ]
    assert plans, "no queries seen"
    for plan in plans:
        scans = [step for step in plan.split(" | ") if step.startswith("SCAN")]
        assert not scans, plan
