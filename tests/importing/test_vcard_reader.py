"""Reading vCard files from phones, Apple, Google and Outlook, card by card."""

from __future__ import annotations

from pathlib import Path

from app.importing.reading import read_file
from app.importing.vcard_reader import read_vcards

FILES = Path(__file__).parent / "files"


def _no_photo_data(values: dict[str, str]) -> bool:
    text = "\n".join(values) + "\n".join(values.values())
    return "PHOTO" not in text and "/9j/" not in text and "base64" not in text


def test_vcard_21_quoted_printable_charsets_and_bare_types() -> None:
    result = read_vcards(FILES / "v21_quoted_printable.vcf")

    assert (result.kind, result.dialect, result.rejected) == ("vcard", "vcard", [])
    eric, sophie = (row.values for row in result.rows)
    assert eric["FN"] == "Éric Côté"
    assert (eric["N.given"], eric["N.family"]) == ("Éric", "Côté")
    assert eric["ADR.1.city"] == "Montréal"  # quoted-printable in ISO-8859-1
    assert eric["ADR.1.region"] == "Québec"
    # A soft line break joins the note; the encoded CR LF is a real line break.
    assert eric["NOTE"] == (
        "Premier rendez-vous, très motivé, rappeler en avril\r\nVeut renouveler"
    )
    assert (eric["TEL.1"], eric["TEL.2"]) == ("+1 514 555 0199", "514-555-0100")
    assert eric["BDAY"] == "19850412"
    assert _no_photo_data(eric)
    # vCard 2.1 does not escape commas: the note is kept whole.
    assert sophie["NOTE"] == "Hello, world; see you soon"
    assert sophie["N.prefix"] == "Mme"


def test_vcard_30_apple_item_groups_escapes_and_photo() -> None:
    result = read_vcards(FILES / "v30_icloud.vcf")

    assert [row.row_number for row in result.rows] == [1, 2]
    john = result.rows[0].values
    assert (john["EMAIL.1"], john["EMAIL.2"]) == ("john.smith@example.com", "j.smith@work.example")
    assert (john["TEL.1"], john["TEL.2"]) == ("(416) 555-0101", "416.555.0102")
    assert john["ADR.1.street"] == "12 King St W\nSuite 4"
    assert john["NOTE"] == "Line one\nLine two, with a comma"
    assert (john["ORG"], john["ORG.unit"]) == ("Acme Inc.", "Sales")
    assert john["CATEGORIES"] == "Clients, VIP"
    assert john["BDAY"] == "1604-04-12"
    assert john["UID"] == "6F8C1D2A-0000-4000-8000-000000000001"
    assert (john["N.prefix"], john["N.suffix"]) == ("Mr.", "Jr.")
    assert _no_photo_data(john)


def test_vcard_40_uris_and_birthday_without_year() -> None:
    result = read_vcards(FILES / "v40.vcf")

    marie = result.rows[0].values
    assert marie["TEL.1"] == "+1-613-555-0123"
    assert marie["TEL.2"] == "+1-613-555-0124 ext. 55"
    assert marie["BDAY"] == "--0412"
    assert marie["ADR.1.code"] == "k1a0b1"
    assert _no_photo_data(marie) and "data:image" not in "".join(marie.values())


def test_a_broken_card_is_rejected_and_the_others_are_kept() -> None:
    result = read_vcards(FILES / "broken_middle.vcf")

    assert [row.values["FN"] for row in result.rows] == ["Alice Good", "Carol Good", "Erin Good"]
    assert [row.row_number for row in result.rows] == [1, 3, 5]
    assert [number for number, _ in result.rejected] == [2, 4]
    assert "not a vCard property" in result.rejected[0][1]
    assert "not closed" in result.rejected[1][1]
    assert result.record_count == 5
    # The reasons do not repeat the card's content (it is personal data).
    assert not any("Bob" in reason or "Dave" in reason for _, reason in result.rejected)


def test_folded_lines_unknown_charset_and_a_card_left_open_at_the_end(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Folded Name\r\n"
        "NOTE:This note is long enough that the exporter folded it onto a seco\r\n"
        " nd line and then a third\r\n  line.\r\n"
        "N;CHARSET=X-UNKNOWN;ENCODING=QUOTED-PRINTABLE:Caf=E9;Ren=E9;;;\r\n"
        "END:VCARD\r\n"
        "junk between cards\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Never Closed\r\n"
    )
    path = tmp_path / "cards.vcf"
    path.write_text(text, encoding="utf-8", newline="")

    result = read_vcards(path)

    values = result.rows[0].values
    assert values["NOTE"] == (
        "This note is long enough that the exporter folded it onto a second line and then"
        " a third line."
    )
    assert values["N.family"] == "Caf\ufffd"  # an unknown charset: read, not rejected
    assert result.rejected == [(2, "the card is not closed (the file ends before END:VCARD)")]
    assert any("outside BEGIN:VCARD" in message for _, message in result.warnings)


def test_read_file_recognises_vcards_by_content(tmp_path: Path) -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Nuñez\r\nEMAIL:zoe@example.com\r\nEND:VCARD\r\n"
    path = tmp_path / "export.txt"
    path.write_bytes(b"\xff\xfe" + ("\r\n\r\n" + card).encode("utf-16-le"))

    result = read_file(path)

    assert result.kind == "vcard"
    assert result.rows[0].values["FN"] == "Zoë Nuñez"


def test_read_file_sends_other_text_to_the_csv_reader() -> None:
    assert read_file(FILES / "lead_vendor.csv").kind == "csv"
    assert read_file(FILES / "v40.vcf").kind == "vcard"
