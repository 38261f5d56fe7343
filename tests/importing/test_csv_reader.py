"""Reading CSV files as brokers get them: every record read or rejected, never a crash."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from app.errors import InvalidInput
from app.importing.csv_reader import read_csv
from app.importing.reading import read_file

FILES = Path(__file__).parent / "files"

# Records per file, counted by hand (blank and all-empty lines are not records).
RECORDS = {
    "google_new.csv": 3,
    "google_old.csv": 2,
    "outlook.csv": 2,
    "linkedin_connections.csv": 3,
    "lead_vendor.csv": 4,
    "french_cp1252.csv": 3,
    "excel_unicode.txt": 3,
    "hostile.csv": 8,
}


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_every_record_is_read_or_rejected(name: str) -> None:
    result = read_csv(FILES / name)

    assert len(result.rows) + len(result.rejected) == RECORDS[name]
    assert result.record_count == RECORDS[name]
    numbers = [row.row_number for row in result.rows] + [n for n, _ in result.rejected]
    assert len(set(numbers)) == len(numbers)
    for row in result.rows:
        assert set(result.headers) >= set(row.values)


def test_google_export_keeps_a_quoted_multi_line_note_and_numbers_rows_by_line() -> None:
    result = read_csv(FILES / "google_new.csv")

    assert (result.encoding, result.dialect) == ("utf-8", "comma")
    assert [row.row_number for row in result.rows] == [2, 6, 7]  # the note spans lines 3-4
    maria = result.rows[0].values
    assert maria["Notes"] == "Met at the open house.\nWants to refinance in the spring."
    assert maria["E-mail 1 - Value"] == "maria.gonzalez@example.com ::: maria@work.example"


def test_windows_1252_french_semicolon_file_keeps_its_accents() -> None:
    result = read_csv(FILES / "french_cp1252.csv")

    assert result.encoding == "cp1252"
    assert result.dialect == "semicolon"
    assert result.headers[:2] == ("Prénom", "Nom")
    eric, francoise, gaetan = (row.values for row in result.rows)
    assert (eric["Prénom"], eric["Nom"], eric["Ville"]) == ("Éric", "Côté", "Montréal")
    assert eric["Remarques"] == "Client fidèle – rappeler en été"
    assert francoise["Nom"] == "LEFÈBVRE"
    assert francoise["Remarques"] == "« VIP »"
    assert gaetan["Ville"] == "Trois-Rivières"


def test_excel_unicode_text_is_utf16_and_tab_separated() -> None:
    result = read_csv(FILES / "excel_unicode.txt")

    assert result.encoding == "utf-16"
    assert result.dialect == "tab"
    assert [row.values["First Name"] for row in result.rows] == ["Zoë", "Łukasz", "Søren"]
    assert result.rows[2].values["City"] == "København"


def test_linkedin_notes_before_the_header_are_skipped() -> None:
    result = read_csv(FILES / "linkedin_connections.csv")

    assert result.headers[0] == "First Name"
    assert "Connected On" in result.headers
    assert [row.values["First Name"] for row in result.rows] == ["Priya", "Daniel", "Wei"]
    assert result.rows[0].row_number == 5
    assert any("before the column names" in message for _, message in result.warnings)


def test_hostile_file_nul_bytes_ragged_rows_and_mixed_encoding() -> None:
    result = read_csv(FILES / "hostile.csv")
    rows = {row.row_number: row.values for row in result.rows}

    assert sorted(rows) == [2, 3, 4, 7, 8, 9, 12, 13]  # line 5 is all empty, line 6 blank
    assert not any("\x00" in value for values in rows.values() for value in values.values())
    assert rows[4]["Name"] == "Nul Byte"
    assert any("NUL" in message for _, message in result.warnings)
    # A short row is padded; a long one keeps its extra values under extra_N.
    assert rows[7]["Phone"] == "" and rows[7]["Notes"] == ""
    assert (rows[8]["extra_1"], rows[8]["extra_2"]) == ("extra one", "extra two")
    assert "extra_2" in result.headers
    assert any(row == 8 and "extra_1" in message for row, message in result.warnings)
    assert rows[9]["Notes"] == "first line\r\nsecond line, with comma\r\nthird line"
    # Valid UTF-8 stays UTF-8; the one stray Windows-1252 byte is read as cp1252.
    assert rows[3]["Name"] == "José Álvarez"
    assert rows[13]["Name"] == "René Café"
    # Formulas are read as they are; normalizing makes them inert.
    assert rows[2]["Notes"] == "@SUM(1+1)"


def test_a_200_kb_cell_is_read_whole(tmp_path: Path) -> None:
    big = "x" * 200_000
    path = tmp_path / "big.csv"
    path.write_text(f'Name,Email,Notes\nBig Note,big@example.com,"{big}"\nNext,n@example.com,ok\n')

    result = read_csv(path)

    assert [len(row.values["Notes"]) for row in result.rows] == [200_000, 2]


def test_a_cell_over_10_mb_rejects_that_row_only(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    huge = "y" * (10 * 1024 * 1024 + 10)
    path.write_text(f'Name,Email,Notes\nHuge,h@example.com,"{huge}"\nAfter,a@example.com,ok\n')

    result = read_csv(path)

    assert result.rejected == [(2, "a value is larger than 10 MB")]
    assert [row.values["Name"] for row in result.rows] == ["After"]


def test_a_quote_never_closed_does_not_swallow_the_following_rows(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('Name,Email,Notes\nA,a@example.com,"never closed\nB,b@example.com,x\n')

    result = read_csv(path)

    assert [row.values["Name"] for row in result.rows] == ["A", "B"]
    assert any(row == 2 and "quote" in message for row, message in result.warnings)


@pytest.mark.parametrize(
    ("delimiter", "dialect"), [(",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "pipe")]
)
def test_the_separator_is_detected(tmp_path: Path, delimiter: str, dialect: str) -> None:
    lines = [["Name", "Email", "City"], ["Ann Lee", "ann@example.com", "Ottawa, ON"]]
    lines.append(["Bo Chen", "bo@example.com", "Laval"])
    text = "\n".join(delimiter.join(f'"{c}"' if "," in c else c for c in line) for line in lines)
    path = tmp_path / "people.csv"
    path.write_text(text + "\n")

    result = read_csv(path)

    assert result.dialect == dialect
    assert result.rows[0].values["City"] == "Ottawa, ON"


def test_semicolons_win_over_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "fr.csv"
    path.write_text("Nom;Montant;Courriel\nA;1,5;a@example.com\nB;2,75;b@example.com\n")

    assert read_csv(path).dialect == "semicolon"


def test_utf8_bom_and_bare_cr_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfName,Email\rZo\xc3\xab,z@example.com\rBo,b@example.com\r")

    result = read_csv(path)

    assert result.headers == ("Name", "Email")
    assert [row.values["Name"] for row in result.rows] == ["Zoë", "Bo"]


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Name\tEmail\nZoë\tz@example.com\n".encode("utf-16-le"))

    result = read_csv(path)

    assert result.encoding == "utf-16-le"
    assert result.rows[0].values["Name"] == "Zoë"


def test_duplicate_and_blank_headers_get_names(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("Email,email,,Name\na@example.com,b@example.com,x,Ann\n")

    result = read_csv(path)

    assert result.headers == ("Email", "email (2)", "column 3", "Name")
    assert result.rows[0].values["email (2)"] == "b@example.com"


def test_a_file_without_a_header_row_is_refused_with_advice() -> None:
    with pytest.raises(InvalidInput, match="looks like data, not column names"):
        read_csv(FILES / "no_header.csv")


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "garbage.csv"
    rng = random.Random(4)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(8000)))

    with pytest.raises(InvalidInput, match="does not look like a text file"):
        read_file(path)


def test_an_excel_workbook_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "contacts.xlsx"
    with zipfile.ZipFile(path, "w") as workbook:
        workbook.writestr("[Content_Types].xml", "<Types/>")

    with pytest.raises(InvalidInput, match=r"save as CSV \(UTF-8\)"):
        read_file(path)


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n   \r\n", b",,,\n,,\n"])
def test_an_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)

    with pytest.raises(InvalidInput, match="is empty"):
        read_csv(path)


def test_a_missing_file_is_a_readable_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        read_file(tmp_path / "nope.csv")


def test_headers_only_means_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("First Name,Last Name,Email\n")

    result = read_csv(path)

    assert result.rows == [] and result.rejected == []
