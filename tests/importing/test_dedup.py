"""The matcher on its own: nicknames, swapped names, households, in-file duplicates."""

from __future__ import annotations

from datetime import date

from app.importing.dedup import (
    ExistingContact,
    MatchDecision,
    find_duplicate_pairs,
    match_records,
)
from app.importing.model import PersonRecord


def person(first: str, last: str, **kw: object) -> PersonRecord:
    return PersonRecord(first_name=first, last_name=last, **kw)  # type: ignore[arg-type]


def existing(*people: PersonRecord) -> list[ExistingContact]:
    return [ExistingContact.from_person(100 + i, p) for i, p in enumerate(people)]


def decide(known: list[ExistingContact], *incoming: PersonRecord) -> list[MatchDecision]:
    return match_records(known, list(incoming))


SMITHS = existing(
    person(
        "Robert",
        "Smith",
        emails=("bob.smith@example.com",),
        phones=("+14165550101",),
        address_line1="12 Maple Street",
        city="Toronto",
        postal_code="M4C 1A1",
    ),
    person(
        "Mary",
        "Smith",
        emails=("smith.family@example.com",),
        phones=("+14165550199",),
        address_line1="12 Maple Street",
        city="Toronto",
        postal_code="M4C 1A1",
    ),
)


def test_a_nickname_with_the_same_email_merges_automatically() -> None:
    (decision,) = decide(SMITHS, person("Bob", "Smith", emails=("bob.smith@example.com",)))
    assert (decision.kind, decision.target, decision.in_file) == ("merge", 100, False)
    assert "nickname" in decision.reasons and "same email" in decision.reasons
    assert decision.score >= 0.995


def test_swapped_first_and_last_names_still_match() -> None:
    (decision,) = decide(SMITHS, person("Smith", "Robert", phones=("+14165550101",)))
    assert (decision.kind, decision.target) == ("merge", 100)
    assert "first and last names swapped" in decision.reasons


def test_a_spouse_sharing_address_phone_and_email_is_a_new_person() -> None:
    spouse = person(
        "Linda",
        "Smith",
        emails=("smith.family@example.com",),
        phones=("+14165550199",),
        address_line1="12 Maple St.",
        city="Toronto",
        postal_code="m4c1a1",
    )
    (decision,) = decide(SMITHS, spouse)
    assert decision.kind == "new"  # not even a review


def test_feminine_forms_of_a_name_are_different_people() -> None:
    known = existing(person("Jean", "Roy", emails=("roy@example.ca",), phones=("+15145550100",)))
    (jeanne,) = decide(known, person("Jeanne", "Roy", emails=("roy@example.ca",)))
    (christine,) = decide(
        existing(person("Christian", "Côté", phones=("+15145550111",))),
        person("Christine", "Côté", phones=("+15145550111",)),
    )
    assert jeanne.kind == "new" and christine.kind == "new"


def test_parent_and_child_with_the_same_name_but_other_birth_dates_stay_apart() -> None:
    shared = {
        "phones": ("+15145550000",),
        "address_line1": "1 rue Principale",
        "postal_code": "H2X 1Y4",
    }
    known = existing(
        person("John", "Tremblay", date_of_birth=date(1961, 4, 2), **shared),
        person("John", "Tremblay", date_of_birth=date(1990, 6, 7), **shared),
    )
    child, father, unknown = decide(
        known,
        person("John", "Tremblay", date_of_birth=date(1990, 6, 7), emails=("jt90@example.com",)),
        person("John", "Tremblay", date_of_birth=date(1961, 4, 2), **shared),
        person("John", "Tremblay", **shared),  # no birth date: could be either
    )
    assert (child.kind, child.target) == ("merge", 101)
    assert (father.kind, father.target) == ("merge", 100)
    assert unknown.kind == "review"  # never guessed automatically
    assert "looks like more than one record" in unknown.reasons


def test_a_son_is_not_merged_into_his_father_when_birth_dates_differ() -> None:
    father = existing(
        person(
            "Marc",
            "Gagnon",
            date_of_birth=date(1958, 1, 9),
            phones=("+14185550123",),
            emails=("gagnon@example.ca",),
        )
    )
    (son,) = decide(
        father,
        person(
            "Marc",
            "Gagnon",
            date_of_birth=date(1987, 3, 30),
            phones=("+14185550123",),
            emails=("gagnon@example.ca",),
        ),
    )
    assert son.kind == "new"


def test_rows_of_one_file_that_are_one_person_cluster_together() -> None:
    decisions = decide(
        [],
        person("Alice", "Wong", emails=("alice@wong.example",)),
        person("Alicia", "Wong", emails=("alice@wong.example",), phones=("+16045550000",)),
        person("Peter", "Chan", phones=("+16045550001",)),
        person("Alice", "Wong", phones=("+16045550000",)),
    )
    assert [(d.kind, d.target, d.in_file) for d in decisions] == [
        ("new", None, False),
        ("merge", 0, True),
        ("new", None, False),
        ("merge", 0, True),  # through the phone the second row brought
    ]


def test_a_first_initial_alone_is_only_a_review() -> None:
    (decision,) = decide(SMITHS, person("R.", "Smith", emails=("bob.smith@example.com",)))
    assert (decision.kind, decision.target) == ("review", 100)


def test_agreeing_on_a_rare_surname_counts_more_than_on_a_common_one() -> None:
    crowd = [person(f"Kid{i}", "Smith", emails=(f"kid{i}@example.com",)) for i in range(60)]
    known = existing(
        *crowd,
        person("Anna", "Smith", city="Halifax"),
        person("Anna", "Zbigniewski", city="Halifax"),
    )
    common, rare = decide(known, person("Anna", "Smith"), person("Anna", "Zbigniewski"))
    assert rare.score > common.score
    assert rare.kind == "review" and rare.target == known[-1].contact_id


def test_find_duplicate_pairs_over_existing_contacts() -> None:
    known = existing(
        person("Katherine", "Lee", emails=("kate.lee@example.com",)),
        person("Kate", "Lee", emails=("kate.lee@example.com",), phones=("+12045550123",)),
        person("Daniel", "Lee", emails=("kate.lee@example.com",)),
    )
    pairs = find_duplicate_pairs(known)
    assert [(p.first_id, p.second_id) for p in pairs] == [(100, 101)]
    assert pairs[0].score >= 0.995
