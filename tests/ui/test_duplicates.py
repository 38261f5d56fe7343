"""Possible duplicates (decide queued rows), Find duplicates (merge a planted pair and undo
it), and the Imports page (past batches, undo one)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.importing.batch import ImportSummary, import_records
from app.importing.mapping import propose_mapping
from app.importing.normalize import normalize_file
from app.importing.reading import read_file
from app.services.contacts import create_contact, get_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput
from ui.background import Changes
from ui.importing import DuplicatesPage, ImportsPage
from ui.importing.duplicates_view import FOUND_TAB

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise|propagateSizeHints)")
FILES = Path(__file__).resolve().parent.parent / "importing" / "files"


def import_files(ctx: ServiceContext, *names: str) -> ImportSummary:
    rows = []
    for name in names:
        read = read_file(FILES / name)
        rows += normalize_file(read, propose_mapping(read.headers).mapping, region="CA")
    return import_records(ctx, rows, kind="csv", source_name=", ".join(names))


@pytest.fixture
def queued(ctx: ServiceContext) -> ImportSummary:
    """Three rows of lead_vendor.csv wait for review: each looks like a contact known only
    by an initial or half a first name."""
    create_contact(ctx, ContactInput("S.", "Nguyen", emails=("samantha.nguyen@example.com",)))
    create_contact(ctx, ContactInput("R.", "O'Neil", phones=("905-555-0112",)))
    create_contact(ctx, ContactInput("A.", "Khan", phones=("905-555-0113",)))
    summary = import_files(ctx, "lead_vendor.csv")
    assert summary.review == 3
    return summary


def actions(path: Path) -> dict[str, tuple[str, int | None]]:
    conn = sqlite3.connect(path)
    try:
        found = conn.execute(
            "SELECT json_extract(raw, '$.values.First'), action, contact_id FROM import_rows"
        ).fetchall()
    finally:
        conn.close()
    return {first: (action, cid) for first, action, cid in found if first}


def contact_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0])
    finally:
        conn.close()


def test_possible_duplicates_are_decided_one_by_one(
    ctx: ServiceContext, queued: ImportSummary, db_path: Path, qtbot: QtBot
) -> None:
    page = DuplicatesPage(ctx, Changes())
    qtbot.addWidget(page)
    page.show()
    panel = page.review
    assert page.tabs.tabText(0) == "Waiting for a decision (3)"
    by_first = {i.person.first_name: i for i in panel.data.items}
    assert sorted(by_first) == ["Aisha", "Robert", "Samantha"]

    panel.select(by_first["Samantha"].import_row_id)
    assert panel.compare.horizontalHeaderItem(0).text() == "Row 2 of lead_vendor.csv"
    panel.merge_button.click()
    assert actions(db_path)["Samantha"][0] == "merged"
    assert get_contact(ctx, by_first["Samantha"].candidate_id or 0).phones == ("+19055550111",)

    contacts = contact_count(db_path)
    panel.select(by_first["Robert"].import_row_id)
    panel.keep_button.click()
    assert contact_count(db_path) == contacts + 1
    assert actions(db_path)["Robert"][0] == "imported"

    panel.select(by_first["Aisha"].import_row_id)
    panel.skip_button.click()
    assert actions(db_path)["Aisha"] == ("skipped", by_first["Aisha"].candidate_id)
    assert page.tabs.tabText(0) == "Waiting for a decision (0)"
    assert panel.status.text() == "No possible duplicates are waiting for a decision."
    assert not panel.merge_button.isEnabled()


def test_merge_all_above_a_score(
    ctx: ServiceContext, queued: ImportSummary, db_path: Path, qtbot: QtBot
) -> None:
    page = DuplicatesPage(ctx, Changes())
    qtbot.addWidget(page)
    page.show()
    panel = page.review
    panel.threshold.setValue(100)
    assert panel.accept_all_button.text() == "Merge all (0)"
    assert not panel.accept_all_button.isEnabled()
    panel.threshold.setValue(99)
    assert panel.accept_all_button.text() == "Merge all (3)"
    panel.accept_all_button.click()
    assert {a for a, _ in actions(db_path).values()} == {"merged"}
    assert panel.data.items == []


def test_find_duplicates_lists_a_planted_pair_and_merges_it(
    ctx: ServiceContext, db_path: Path, qtbot: QtBot
) -> None:
    robert = create_contact(
        ctx, ContactInput("Robert", "Smith", phones=("416-555-0101",), city="Toronto")
    ).id
    create_contact(ctx, ContactInput("Alice", "Wong", emails=("alice@example.com",)))
    bob = create_contact(
        ctx, ContactInput("Bob", "Smith", phones=("(416) 555-0101",), emails=("bob@example.com",))
    ).id
    before = contact_count(db_path)
    page = DuplicatesPage(ctx, Changes())
    qtbot.addWidget(page)
    page.show()
    page.find_button.click()
    assert page.tabs.currentIndex() == FOUND_TAB
    found = page.found
    assert [(p.first_id, p.second_id) for p in found.found.pairs] == [(robert, bob)]
    assert found.table.item(0, 1).text() == f"Robert Smith (#{robert})"
    assert found.table.item(0, 2).text() == f"Bob Smith (#{bob})"
    assert found.compare.kinds[0] == "differs"  # Robert / Bob
    assert page.tabs.tabText(FOUND_TAB) == "Found in your contacts (1)"
    assert not page.busy.isVisible()

    found.merge_button.click()
    assert get_contact(ctx, robert).emails == ("bob@example.com",)
    assert get_contact(ctx, bob).archived_at is not None
    assert found.found.pairs == []
    assert found.status.text().startswith(f"Merged contact #{bob} into #{robert}.")

    found.undo_button.click()
    assert get_contact(ctx, bob).archived_at is None
    assert get_contact(ctx, robert).emails == ()
    assert contact_count(db_path) == before


def test_imports_page_lists_batches_and_undoes_one(
    ctx: ServiceContext, db_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = contact_count(db_path)
    summary = import_files(ctx, "outlook.csv")
    page = ImportsPage(ctx, Changes())
    qtbot.addWidget(page)
    page.show()
    assert page.table.rowCount() == 1
    cells = [page.table.item(0, c).text() for c in range(1, 8)]
    assert cells == ["outlook.csv", "Imported", "2", "2", "0", "0", "0"]
    monkeypatch.setattr(page, "confirm_undo", lambda info: True)
    button = page.table.cellWidget(0, 8)
    assert button is not None
    button.click()  # type: ignore[attr-defined]
    assert (
        page.status.text()
        == f"Import {summary.batch_id} undone: removed 2 contacts, took back 0 merges."
    )
    assert contact_count(db_path) == before
    assert page.table.item(0, 2).text() == "Undone"
    assert page.table.cellWidget(0, 8) is None


def test_imports_page_opens_the_wizard(ctx: ServiceContext, qtbot: QtBot) -> None:
    page = ImportsPage(ctx, Changes())
    qtbot.addWidget(page)
    page.show()
    assert "No imports yet" in page.status.text()
    page.new_button.click()
    assert page.wizard is not None and page.wizard.isVisible()
    assert page.open_wizard() is page.wizard  # one at a time
    page.wizard.reject()
