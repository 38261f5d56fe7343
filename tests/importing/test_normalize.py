"""Normalizing rows: names, emails, phones, dates, addresses, formulas, rejections."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.domain.contact_points import normalize_email, normalize_phone
from app.errors import InvalidInput
from app.importing.birth_dates import BirthDate, parse_birth_date
from app.importing.contact_fast_paths import email_address, phone_e164
from app.importing.mapping import propose_mapping
from app.importing.model import PersonRecord, SourceRow
from app.importing.normalize import NO_IDENTITY, normalize_row, normalize_rows
from app.importing.person_names import fix_case, split_full_name
from app.importing.reading import read_file

FILES = Path(__file__).parent / "files"


def person(values: dict[str, str], mapping: dict[str, str] | None = None, region: str = "CA"):
    row = SourceRow(file_name="test.csv", row_number=2, values=values)
    return normalize_row(row, mapping or {key: key for key in values}, region=region)


def record(values: dict[str, str], region: str = "CA") -> PersonRecord:
    result = person(values, region=region)
    assert result.person is not None, result.reason
    return result.person


# --- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full", "first", "middle", "last", "prefix", "suffix"),
    [
        ("Smith, John", "John", "", "Smith", "", ""),
        ("John A. Smith", "John", "A.", "Smith", "", ""),
        ("Dr. John A. Smith Jr.", "John", "A.", "Smith", "Dr.", "Jr."),
        ("SMITH, JOHN, PHD", "John", "", "Smith", "", "PhD"),
        ("John Smith, III", "John", "", "Smith", "", "III"),
        ("M. Jean Tremblay", "Jean", "", "Tremblay", "M.", ""),
        ("Mme Sophie Roy", "Sophie", "", "Roy", "Mme", ""),
        ("jean de la fontaine", "Jean", "", "de la Fontaine", "", ""),
        ("Ludwig van Beethoven", "Ludwig", "", "van Beethoven", "", ""),
        ("Van Der Berg, Anna", "Anna", "", "Van Der Berg", "", ""),
        ("Della Smith", "Della", "", "Smith", "", ""),
        ("Madonna", "Madonna", "", "", "", ""),
    ],
)
def test_full_names_are_split(
    full: str, first: str, middle: str, last: str, prefix: str, suffix: str
) -> None:
    parts = split_full_name(full)

    assert (parts.first, parts.middle, parts.last) == (first, middle, last)
    assert (parts.prefix, parts.suffix) == (prefix, suffix)


@pytest.mark.parametrize(
    ("raw", "family", "fixed"),
    [
        ("mcdonald", True, "McDonald"),
        ("MCDONALD", True, "McDonald"),
        ("o'brien", True, "O'Brien"),
        ("D'ARCY", True, "D'Arcy"),
        ("JEAN-PIERRE", False, "Jean-Pierre"),
        ("van der berg", True, "van der Berg"),
        ("DE LA FONTAINE", True, "de la Fontaine"),
        ("DeShawn", False, "DeShawn"),  # mixed case is the person's own spelling
        ("de Souza", True, "de Souza"),
        ("MacKenzie", True, "MacKenzie"),
        ("ÉLODIE", False, "Élodie"),
    ],
)
def test_name_casing(raw: str, family: bool, fixed: str) -> None:
    assert fix_case(raw, family=family) == fixed


def test_titles_in_name_columns_move_to_their_own_fields() -> None:
    found = record({"first_name": "DR. ANNA", "last_name": "smith jr.", "email": "a@example.com"})

    assert (found.prefix, found.first_name, found.last_name, found.suffix) == (
        "Dr.",
        "Anna",
        "Smith",
        "Jr.",
    )


def test_a_full_name_is_used_only_when_first_and_last_are_missing() -> None:
    both = record({"full_name": "Robert Smith", "first_name": "Bob", "last_name": "Smith"})
    only_full = record({"full_name": "SMITH, ROBERT", "phone": "416-555-0101"})

    assert (both.first_name, both.last_name) == ("Bob", "Smith")
    assert (only_full.first_name, only_full.last_name) == ("Robert", "Smith")


# --- emails and phones ---------------------------------------------------------------


def test_emails_are_lower_cased_split_and_deduplicated() -> None:
    values = {
        "Name": "Ann",
        "E-mail 1": "Ann.Lee@Example.COM ::: ann@work.example; ANN.LEE@example.com",
        "E-mail 2": "Ann Lee <ann.personal@example.org>",
    }
    mapping = {"Name": "first_name", "E-mail 1": "email", "E-mail 2": "email"}
    found = person(values, mapping).person

    assert found is not None
    assert found.emails == ("ann.lee@example.com", "ann@work.example", "ann.personal@example.org")


def test_an_invalid_email_is_a_warning_when_the_row_has_a_name() -> None:
    result = person({"first_name": "Aisha", "last_name": "Khan", "email": "not-an-email"})

    assert result.person is not None and result.person.emails == ()
    assert any("not-an-email" in warning for warning in result.warnings)


def test_phones_become_e164_with_the_default_region() -> None:
    values = {
        "Name": "Ann",
        "Mobile": "(416) 555-0101, 1-416-555-0102",
        "Work": "+44 20 7946 0958",
        "Home": "416.555.0101",  # the same number again
    }
    mapping = {"Name": "first_name", "Mobile": "phone", "Work": "phone", "Home": "phone"}
    found = person(values, mapping).person

    assert found is not None
    assert found.phones == ("+14165550101", "+14165550102", "+442079460958")


def test_an_impossible_phone_is_a_warning() -> None:
    result = person({"first_name": "Ann", "phone": "12"})

    assert result.person is not None and result.person.phones == ()
    assert any("'12'" in warning for warning in result.warnings)


def test_a_row_without_name_email_or_phone_is_rejected_with_a_reason() -> None:
    nothing = person({"company": "Acme", "notes": "call back"})
    bad_email_only = person({"email": "bob@", "company": "Acme"})

    assert nothing.person is None and nothing.reason == NO_IDENTITY == "no name, email or phone"
    assert bad_email_only.person is None and bad_email_only.reason == NO_IDENTITY
    assert bad_email_only.warnings  # says which email was not valid


def test_a_row_with_only_a_phone_is_kept() -> None:
    assert record({"phone": "613 555 0180"}).phones == ("+16135550180",)


EMAILS = [
    "a@example.com", "First.Last+tag@Sub.Example.CO.UK", "x_y-z%1@a-b.io", "bad@@example.com",
    "no-at-sign", "trailing.@example.com", ".lead@example.com", "a..b@example.com",
    "user@localhost", "user@site.test", "user@example", "user@-bad.com", "user@bad-.com",
    "user@ab--cd.com", "user@xn--bcher-kva.example", "josé@example.com", "a@b.c", "a@123.com",
    "user@exa_mple.com", " spaced@example.com ", "a" * 65 + "@example.com",
    "u@" + "d" * 64 + ".com", "user@example.invalid", "o'brien@example.com",
]  # fmt: skip
PHONES = [
    "416-555-0101", "(416) 555-0101", "1 416 555 0101", "+1 416 555 0101", "4165550101",
    "14165550101", "+14165550101", "0165550101", "1165550101", "555-0101", "+44 20 7946 0958",
    "416-555-0101 ext. 22", "416 555 0101 x22", "+4165550101", "12", "phone", "1-800-FLOWERS",
    "(555) 555-5555", "211 555 0101", "+1 (604) 555-0120", "011 44 20 7946 0958",
]  # fmt: skip


def _exact(function, *args):  # type: ignore[no-untyped-def]
    try:
        return function(*args)
    except InvalidInput:
        return "invalid"


@pytest.mark.parametrize("raw", EMAILS)
def test_the_email_fast_path_agrees_with_normalize_email(raw: str) -> None:
    assert _exact(email_address, raw) == _exact(normalize_email, raw)


@pytest.mark.parametrize("region", ["CA", "US", "FR"])
@pytest.mark.parametrize("raw", PHONES)
def test_the_phone_fast_path_agrees_with_normalize_phone(raw: str, region: str) -> None:
    exact = _exact(normalize_phone, raw, region)
    assert _exact(phone_e164, raw, region) == (exact if exact == "invalid" else exact.e164)


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("1985-04-12", "CA", BirthDate(full=date(1985, 4, 12))),
        ("19850412", "CA", BirthDate(full=date(1985, 4, 12))),
        ("1985-04-12T00:00:00Z", "CA", BirthDate(full=date(1985, 4, 12))),
        ("04/12/1985", "CA", BirthDate(full=date(1985, 4, 12))),  # month first in CA/US
        ("04/12/1985", "FR", BirthDate(full=date(1985, 12, 4))),  # day first elsewhere
        ("13/04/1985", "CA", BirthDate(full=date(1985, 4, 13))),  # 13 cannot be a month
        ("04/13/1985", "FR", BirthDate(full=date(1985, 4, 13))),
        ("12.04.1985", "CA", BirthDate(full=date(1985, 4, 12))),  # dots: day first
        ("4/12/80", "US", BirthDate(full=date(1980, 4, 12))),
        ("12 avril 1985", "CA", BirthDate(full=date(1985, 4, 12))),
        ("1er mars 1990", "CA", BirthDate(full=date(1990, 3, 1))),
        ("April 12, 1985", "CA", BirthDate(full=date(1985, 4, 12))),
        ("12-Apr-1985", "CA", BirthDate(full=date(1985, 4, 12))),
        ("--0412", "CA", BirthDate(month=4, day=12)),
        ("--04-12", "CA", BirthDate(month=4, day=12)),
        (" --04-12", "CA", BirthDate(month=4, day=12)),  # Google writes a leading space
        ("1604-04-12", "CA", BirthDate(month=4, day=12)),  # Apple's year for "no year"
        ("April 12", "CA", BirthDate(month=4, day=12)),
        ("12 avril", "CA", BirthDate(month=4, day=12)),
        ("29/02", "FR", BirthDate(month=2, day=29)),
        ("0/0/00", "CA", BirthDate()),  # Outlook's empty birthday
        ("Friday, 12 April 1985", "CA", BirthDate(full=date(1985, 4, 12))),
        ("1985-02-30", "CA", None),
        ("not a date", "CA", None),
        ("13/13/1985", "CA", None),
    ],
)
def test_birth_dates(text: str, region: str, expected: BirthDate | None) -> None:
    assert parse_birth_date(text, region) == expected


def test_a_birthday_without_year_fills_month_and_day_only() -> None:
    found = record({"first_name": "Ann", "date_of_birth": "--04-12"})

    assert (found.date_of_birth, found.birth_month, found.birth_day) == (None, 4, 12)


def test_an_unreadable_date_is_a_warning_not_a_rejection() -> None:
    result = person({"first_name": "Ann", "date_of_birth": "sometime in spring"})

    assert result.person is not None and result.person.date_of_birth is None
    assert any("sometime in spring" in warning for warning in result.warnings)


# --- addresses ---------------------------------------------------------------------------


def test_address_parts_are_cleaned() -> None:
    found = record(
        {
            "first_name": "Ann",
            "address_line1": "  12   King St W\nSuite 4 ",
            "city": " Toronto ",
            "region": "Ontario",
            "postal_code": "m5v3l9",
        }
    )

    assert (found.address_line1, found.address_line2) == ("12 King St W", "Suite 4")
    assert (found.city, found.region, found.postal_code) == ("Toronto", "ON", "M5V 3L9")
    assert found.country == "CA"  # implied by the province


@pytest.mark.parametrize(
    ("region", "postal", "country", "expected"),
    [
        ("Québec", "h2x 3k9", "Canada", ("QC", "H2X 3K9", "CA")),
        ("B.C.", "V6B-1A1", "", ("BC", "V6B 1A1", "CA")),
        ("New York", "10001-1234", "USA", ("NY", "10001-1234", "US")),
        ("Massachusetts", "2134", "United States", ("MA", "02134", "US")),
        ("ca", "90210", "US", ("CA", "90210", "US")),
        ("Bavaria", "80331", "Allemagne", ("Bavaria", "80331", "DE")),
    ],
)
def test_regions_postal_codes_and_countries(
    region: str, postal: str, country: str, expected: tuple[str, str, str]
) -> None:
    found = record(
        {"first_name": "Ann", "region": region, "postal_code": postal, "country": country}
    )

    assert (found.region, found.postal_code, found.country) == expected


def test_an_unknown_country_is_a_warning() -> None:
    result = person({"first_name": "Ann", "country": "Atlantis"})

    assert result.person is not None and result.person.country == ""
    assert any("Atlantis" in warning for warning in result.warnings)


def test_a_one_cell_address_is_split() -> None:
    found = record(
        {"first_name": "Ann", "full_address": "200 Bay Street, Unit 9, Toronto, Ontario m5j2j5"}
    )

    assert (found.address_line1, found.address_line2, found.city) == (
        "200 Bay Street",
        "Unit 9",
        "Toronto",
    )
    assert (found.region, found.postal_code, found.country) == ("ON", "M5J 2J5", "CA")


def test_outlook_keeps_the_fuller_address_block() -> None:
    rows = read_file(FILES / "outlook.csv")
    mapping = propose_mapping(rows.headers).mapping

    linda = normalize_row(rows.rows[0], mapping, region="CA").person

    assert linda is not None
    assert (linda.address_line1, linda.address_line2, linda.city) == (
        "88 Elm Drive",
        "Unit 2",
        "Mississauga",
    )
    assert (linda.region, linda.postal_code) == ("ON", "L5B 1M4")


# --- formulas and sizes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("=SUM(A1:A3)", "'=SUM(A1:A3)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("+1 416 555 0101", "+1 416 555 0101"),  # a phone number, not a formula
        ("-42", "-42"),
        ("-12.5", "-12.5"),
        ("Acme = best", "Acme = best"),
    ],
)
def test_formula_looking_text_is_stored_inert(value: str, stored: str) -> None:
    result = person({"first_name": "Ann", "company": value, "notes": value})

    assert result.person is not None
    assert (result.person.company, result.person.notes) == (stored, stored)
    assert any("formula" in warning for warning in result.warnings) == (value != stored)


def test_a_formula_in_the_name_column_is_not_taken_apart() -> None:
    found = record(
        {"full_name": '=HYPERLINK("http://evil.example","Click")', "phone": "4165550101"}
    )

    assert found.last_name.startswith("'=HYPERLINK(")
    assert found.first_name == ""


def test_long_values_are_cut_to_their_column_but_notes_are_kept_whole() -> None:
    note = "n" * 200_000
    result = person({"first_name": "Ann", "company": "C" * 300, "notes": note})

    assert result.person is not None
    assert len(result.person.company) == 200
    assert len(result.person.notes) == 200_000
    assert any("company was longer than 200" in warning for warning in result.warnings)


def test_several_note_columns_are_labelled() -> None:
    found = record({"first_name": "Ann", "Loan Type": "Purchase", "Loan Amount": "450000"})
    labelled = person(
        {"first_name": "Ann", "Loan Type": "Purchase", "Loan Amount": "450000"},
        {"first_name": "first_name", "Loan Type": "notes", "Loan Amount": "notes"},
    ).person

    assert found.notes == ""  # unmapped columns are ignored
    assert labelled is not None
    assert labelled.notes == "Loan Type: Purchase\nLoan Amount: 450000"


def test_google_system_groups_are_not_tags() -> None:
    found = record({"first_name": "Ann", "tags": "* myContacts ::: * starred ::: Clients ::: VIP"})

    assert found.tags == ("Clients", "VIP")


# --- whole files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in FILES.iterdir() if p.name != "no_header.csv"),
)
def test_every_row_of_every_sample_file_ends_as_a_person_or_a_reason(name: str) -> None:
    read = read_file(FILES / name)
    mapping = propose_mapping(read.headers).mapping

    results = list(normalize_rows(read.rows, mapping, region="CA"))

    assert len(results) == len(read.rows)
    for result in results:
        assert (result.person is None) == bool(result.reason)


def test_hostile_file_end_to_end() -> None:
    read = read_file(FILES / "hostile.csv")
    mapping = propose_mapping(read.headers).mapping
    results = {r.source.row_number: r for r in normalize_rows(read.rows, mapping, region="CA")}

    people = {n: r.person for n, r in results.items() if r.person is not None}
    assert sorted(people) == [2, 3, 4, 7, 8, 9, 13]
    assert results[12].reason == NO_IDENTITY
    assert people[2].company == "'+cmd|' /C calc'!A0"
    assert people[2].notes == "'@SUM(1+1)"
    assert people[3].phones == () and people[3].company == "-42"
    assert people[4].company == "Acme Inc"
    assert people[9].notes == "first line\nsecond line, with comma\nthird line"
    assert (people[13].first_name, people[13].last_name) == ("René", "Café")


def test_sample_exports_come_out_as_the_broker_expects() -> None:
    def people(name: str) -> list[PersonRecord]:
        read = read_file(FILES / name)
        mapping = propose_mapping(read.headers).mapping
        return [r.person for r in normalize_rows(read.rows, mapping, region="CA") if r.person]

    maria, john, jp = people("google_new.csv")
    assert maria.emails == ("maria.gonzalez@example.com", "maria@work.example")
    assert maria.phones == ("+14165550142", "+14165550143")
    assert maria.tags == ("Clients",)
    assert (john.first_name, john.last_name, john.birth_month, john.birth_day) == (
        "John",
        "McDonald",
        4,
        12,
    )
    assert (jp.first_name, jp.last_name, jp.prefix, jp.suffix) == ("Jean-Pierre", "O'Brien",
                                                                   "Mr.", "Jr.")  # fmt: skip
    assert (jp.city, jp.region, jp.postal_code) == ("Toronto", "ON", "M5J 2J5")

    eric = people("v21_quoted_printable.vcf")[0]
    assert (eric.first_name, eric.last_name, eric.city) == ("Éric", "Côté", "Montréal")
    assert eric.date_of_birth == date(1985, 4, 12)

    john_smith = people("v30_icloud.vcf")[0]
    assert john_smith.external_id == "6F8C1D2A-0000-4000-8000-000000000001"
    assert (john_smith.birth_month, john_smith.birth_day, john_smith.company) == (
        4,
        12,
        "Acme Inc.",
    )

    francoise = people("french_cp1252.csv")[1]
    assert (francoise.first_name, francoise.last_name) == ("Françoise", "Lefèbvre")
    assert francoise.date_of_birth == date(1972, 12, 25)
