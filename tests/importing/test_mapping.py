"""Mapping columns: known exports without questions, other headers by synonyms (EN/FR)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db.engine import Database
from app.errors import InvalidInput
from app.importing.mapping import (
    check_mapping,
    detect_format,
    mapping_key,
    propose_mapping,
    recall_mapping,
    remember_mapping,
    split_multi,
    suggest_mapping,
)
from app.importing.reading import read_file
from app.services.settings import set_setting

FILES = Path(__file__).parent / "files"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("google_new.csv", "google"),
        ("google_old.csv", "google"),
        ("outlook.csv", "outlook"),
        ("linkedin_connections.csv", "linkedin"),
        ("lead_vendor.csv", "lead_vendor"),
        ("v21_quoted_printable.vcf", "vcard"),
        ("v30_icloud.vcf", "vcard"),
        ("v40.vcf", "vcard"),
        ("french_cp1252.csv", None),
        ("excel_unicode.txt", None),
    ],
)
def test_known_exports_are_recognised(name: str, expected: str | None) -> None:
    headers = read_file(FILES / name).headers

    assert detect_format(headers) == expected
    assert propose_mapping(headers).format == expected


def test_google_mapping_takes_every_email_and_phone_value_but_not_their_labels() -> None:
    mapping = propose_mapping(read_file(FILES / "google_new.csv").headers).mapping

    assert mapping["E-mail 1 - Value"] == mapping["E-mail 2 - Value"] == "email"
    assert mapping["Phone 1 - Value"] == mapping["Phone 2 - Value"] == "phone"
    assert mapping["E-mail 1 - Label"] == mapping["Phone 1 - Label"] == "ignore"
    assert mapping["Labels"] == "tags"
    assert mapping["Address 1 - Formatted"] == "full_address"
    assert mapping["Phonetic First Name"] == "ignore"


def test_outlook_mapping_skips_faxes_spouse_and_display_names() -> None:
    mapping = propose_mapping(read_file(FILES / "outlook.csv").headers).mapping

    assert mapping["Title"] == "prefix"
    assert mapping["Mobile Phone"] == mapping["Business Phone"] == "phone"
    assert mapping["E-mail 2 Address"] == "email"
    for header in ("Business Fax", "Spouse", "E-mail Display Name", "Company Main Phone"):
        assert mapping[header] == "ignore", header


def test_lead_vendor_loan_columns_go_to_notes_and_the_lead_id_is_kept() -> None:
    mapping = propose_mapping(read_file(FILES / "lead_vendor.csv").headers).mapping

    assert mapping["Lead ID"] == "external_id"
    assert (mapping["First"], mapping["Last"]) == ("first_name", "last_name")
    for header in ("Loan Type", "Loan Amount", "Property State", "Date"):
        assert mapping[header] == "notes", header


FRENCH = {
    "Prénom": "first_name",
    "Nom": "last_name",
    "Nom de famille": "last_name",
    "Courriel": "email",
    "Adresse courriel": "email",
    "Téléphone": "phone",
    "Cellulaire": "phone",
    "Téléphone (maison)": "phone",
    "No de téléphone": "phone",
    "Adresse": "address_line1",  # with Ville and Code postal beside it
    "Ville": "city",
    "Province": "region",
    "Code postal": "postal_code",
    "Pays": "country",
    "Date de naissance": "date_of_birth",
    "Entreprise": "company",
    "Nom de l'entreprise": "company",
    "Remarques": "notes",
    "Étiquettes": "tags",
    "Prénom du conjoint": "ignore",
    # Outlook in French
    "Adresse de messagerie": "email",
    "Province/État (domicile)": "region",
    "Télécopie (bureau)": "ignore",
}

ENGLISH = {
    "Full Name": "full_name",
    "Given Name": "first_name",
    "Frist Name": "first_name",  # a typo
    "Surname": "last_name",
    "E-mail": "email",
    "Work Email": "email",
    "Mobile #": "phone",
    "Home Phone 2": "phone",
    "Street Address": "address_line1",
    "Apt/Suite": "address_line2",
    "City/Town": "city",
    "State/Province": "region",
    "Zip/Postal Code": "postal_code",
    "Date of Birth (MM/DD/YYYY)": "date_of_birth",
    "DOB": "date_of_birth",
    "Employer": "company",
    "Comments": "notes",
    "Tags": "tags",
    "Client ID": "external_id",
    "Salutation": "prefix",
}

# Headers that look close to a field but are something else.
NOT_A_FIELD = [
    "Spouse Name", "E-mail Type", "Phone 1 - Type", "Property Address", "Loan Amount",
    "Date Created", "Business Fax", "Referred By", "Job Title", "Co-Borrower Email", "Stage",
    "Status", "Source", "Website", "Credit Score", "Gender", "Title", "Home",
]  # fmt: skip


@pytest.mark.parametrize(("header", "target"), sorted(FRENCH.items()))
def test_french_headers(header: str, target: str) -> None:
    assert suggest_mapping(list(FRENCH))[header] == target


@pytest.mark.parametrize(("header", "target"), sorted(ENGLISH.items()))
def test_english_headers(header: str, target: str) -> None:
    assert suggest_mapping(list(ENGLISH))[header] == target


@pytest.mark.parametrize("header", NOT_A_FIELD)
def test_look_alike_headers_are_ignored(header: str) -> None:
    assert suggest_mapping([header]) == {header: "ignore"}


def test_matching_ignores_case_and_accents() -> None:
    mapping = suggest_mapping(["TÉLÉPHONE", "telephone", "PRENOM", "code POSTAL"])

    assert list(mapping.values()) == ["phone", "phone", "first_name", "postal_code"]


def test_a_lone_nom_or_adresse_is_the_whole_name_or_address() -> None:
    assert suggest_mapping(["Nom", "Courriel", "Adresse"]) == {
        "Nom": "full_name",
        "Courriel": "email",
        "Adresse": "full_address",
    }


def test_french_file_maps_without_a_known_format() -> None:
    proposal = propose_mapping(read_file(FILES / "french_cp1252.csv").headers)

    assert proposal.format is None and proposal.label == ""
    assert "ignore" not in proposal.mapping.values()


def test_multi_value_cells_are_split() -> None:
    assert split_multi("a@example.com ::: b@example.com", "email") == [
        "a@example.com",
        "b@example.com",
    ]
    assert split_multi("416-555-0101; 416-555-0102", "phone") == ["416-555-0101", "416-555-0102"]
    assert split_multi("a@example.com, b@example.com\nc@example.com", "email") == [
        "a@example.com",
        "b@example.com",
        "c@example.com",
    ]
    assert split_multi("Clients ::: VIP", "tags") == ["Clients", "VIP"]
    assert split_multi("Met Tuesday; call back, maybe", "notes") == [
        "Met Tuesday; call back, maybe"
    ]
    assert split_multi("   ", "email") == []


def test_mapping_key_is_stable_for_the_same_columns() -> None:
    key = mapping_key(["First Name", "Courriel", "Téléphone"])

    assert key == mapping_key(["first name", " COURRIEL", "Telephone"])
    assert key == mapping_key(["First Name", "Courriel", "Téléphone", "extra_1"])
    assert key != mapping_key(["First Name", "Téléphone", "Courriel"])
    assert key != mapping_key(["First Name", "Courriel"])


def test_a_mapping_is_remembered_for_the_next_file_with_the_same_headers(db: Database) -> None:
    headers = ("Nom complet", "Courriel", "Cell", "Source")
    edited = {"Nom complet": "full_name", "Courriel": "email", "Cell": "phone", "Source": "tags"}

    with db.session() as session:
        assert recall_mapping(session, headers) is None
        remember_mapping(session, headers, edited)
    with db.session() as session:
        recalled = recall_mapping(session, ("nom complet", "courriel", "cell", "source"))
        same = recall_mapping(session, headers)

    assert same == edited
    assert recalled == {"nom complet": "full_name", "courriel": "email", "cell": "phone",
                        "source": "tags"}  # fmt: skip


def test_a_remembered_mapping_with_a_bad_target_falls_back_to_ignore(db: Database) -> None:
    headers = ("Name", "Email")
    with db.session() as session:
        set_setting(session, f"import_mapping:{mapping_key(headers)}", {"Name": "nonsense"})
    with db.session() as session:
        assert recall_mapping(session, headers) == {"Name": "ignore", "Email": "ignore"}


def test_an_unknown_target_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown field"):
        check_mapping(["Name"], {"Name": "shoe_size"})
    assert check_mapping(["Name", "Other"], {"Name": "full_name"}) == {
        "Name": "full_name",
        "Other": "ignore",
    }
