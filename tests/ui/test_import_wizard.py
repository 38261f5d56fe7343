"""The import wizard end to end on real files: choose → columns → import → review →
summary → undo; and a cancelled import that leaves the database as it was."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app.importing.mapping import recall_mapping
from app.importing.reading import read_file
from app.services.contacts import create_contact, get_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import create_inquiry
from ui.background import Changes
from ui.importing import ImportWizard
from ui.importing.run_page import CANCELLED_TEXT
from ui.importing.wizard import MAPPING, REVIEW, RUN, SUMMARY

# Offscreen, a top-level dialog's size hints cannot reach a window manager.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise|propagateSizeHints)")

FILES = Path(__file__).resolve().parent.parent / "importing" / "files"
# The batch, its rows and merges stay as history; the remembered mapping is a setting.
HISTORY = {"import_batches", "import_rows", "merges", "audit_log", "settings"}


def table_counts(path: Path) -> dict[str, int]:
    """Rows per table (history tables aside): what an undo must restore."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
            for t in names
            if t not in HISTORY
        }
    finally:
        conn.close()


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in names}
    finally:
        conn.close()


@pytest.fixture
def known(ctx: ServiceContext) -> dict[str, int]:
    """Contacts the two files partly repeat: three rows are sure matches (merged at
    once), three are only likely (initials, half a first name) and wait for review."""
    people = {
        "nguyen": ContactInput("S.", "Nguyen", emails=("samantha.nguyen@example.com",)),
        "gonzalez": ContactInput("Maria", "Gonzales", phones=("416-555-0142",)),
        "mcdonald": ContactInput("John", "McDonald", emails=("john.mcdonald@example.com",)),
        "oneil": ContactInput("Rob", "O'Neil", phones=("905-555-0112",)),
        "obrien": ContactInput("Jean", "O'Brien", emails=("jp.obrien@example.org",)),
        "khan": ContactInput("A.", "Khan", phones=("905-555-0113",)),
    }
    return {key: create_contact(ctx, data).id for key, data in people.items()}


@pytest.fixture
def wizard(ctx: ServiceContext, qtbot: QtBot) -> ImportWizard:
    wizard = ImportWizard(ctx, Changes())
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_import_review_summary_and_undo(
    wizard: ImportWizard,
    ctx: ServiceContext,
    known: dict[str, int],
    db_path: Path,
    qtbot: QtBot,
) -> None:
    before = table_counts(db_path)
    wizard.add_files([FILES / "lead_vendor.csv", FILES / "google_new.csv"])
    lines = [wizard.files_page.list.item(i).text() for i in range(wizard.files_page.list.count())]
    assert lines == [
        "lead_vendor.csv — 4 rows, Lead vendor sheet",
        "google_new.csv — 3 rows, Google Contacts",
    ]
    assert wizard.files_page.isComplete()

    wizard.next()
    assert wizard.currentId() == MAPPING
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Import"
    mapping = wizard.mapping_page
    google = mapping.editor("google_new.csv")
    assert google.origin.text().startswith("Google Contacts export recognised")
    assert google.table.rowCount() == 1 + 3  # the chooser row and the three contacts
    vendor = mapping.editor("lead_vendor.csv")
    assert vendor.mapping()["Loan Type"] == "notes"
    vendor.set_target("Loan Type", "tags")  # the broker files loan types as tags
    assert vendor.edited() and not google.edited()
    vendor.set_target("First", "ignore")
    vendor.set_target("Last", "ignore")
    vendor.set_target("Email", "ignore")
    vendor.set_target("Phone", "ignore")
    assert not mapping.isComplete()  # nothing would identify a person
    assert "every row would be rejected" in vendor.warning.text()
    for header, target in (("First", "first_name"), ("Last", "last_name")):
        vendor.set_target(header, target)
    vendor.set_target("Email", "email")
    vendor.set_target("Phone", "phone")
    assert mapping.isComplete()

    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == REVIEW)
    run = wizard.run_page.summary
    assert run is not None and (run.rows, run.merged, run.review) == (7, 3, 3)
    panel = wizard.review_page.panel
    waiting = {i.person.first_name: i for i in panel.data.items}
    assert sorted(waiting) == ["Aisha", "Jean-Pierre", "Samantha"]

    panel.select(waiting["Samantha"].import_row_id)
    assert panel.compare.kinds[0] == "differs"  # "Samantha Nguyen" vs "S. Nguyen"
    assert panel.compare.item(0, 1).text() == "S. Nguyen"
    panel.merge_button.click()
    panel.select(waiting["Jean-Pierre"].import_row_id)
    panel.keep_button.click()
    assert [i.person.first_name for i in panel.data.items] == ["Aisha"]  # left for later

    wizard.next()
    assert wizard.currentId() == SUMMARY
    summary = wizard.summary_page
    shown = {key: label.text() for key, label in summary.count_labels.items()}
    assert shown == {
        "rows": "7", "created": "1", "merged": "4", "review": "1", "skipped": "0",
        "rejected": "1",
    }  # fmt: skip
    assert summary.rejected.rowCount() == 1
    assert [summary.rejected.item(0, c).text() for c in range(3)] == [
        "lead_vendor.csv",
        "5",
        "no name, email or phone",
    ]
    samantha = get_contact(ctx, known["nguyen"])
    assert samantha.first_name == "S." and samantha.tags == ("Purchase",)  # merged, as tags
    assert table_counts(db_path) != before
    with ctx.db.session() as session:
        headers = read_file(FILES / "lead_vendor.csv").headers
        assert (recall_mapping(session, headers) or {})["Loan Type"] == "tags"

    summary.undo_button.click()
    assert summary.undo_status.text().startswith(
        "Import undone: removed 1 contact and took back 4 merges"
    )
    assert not summary.undo_button.isEnabled()
    assert table_counts(db_path) == before
    assert get_contact(ctx, known["nguyen"]).tags == ()


def test_undo_shows_its_refusal(wizard: ImportWizard, ctx: ServiceContext, qtbot: QtBot) -> None:
    wizard.add_files([FILES / "outlook.csv"])
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY)
    summary = wizard.summary_page
    assert summary.count_labels["created"].text() == "2"
    batch = wizard.run_page.summary
    assert batch is not None
    conn = sqlite3.connect(ctx.db.path)
    (linda,) = conn.execute(
        "SELECT contact_id FROM import_rows WHERE batch_id = ? AND row_number = 2",
        (batch.batch_id,),
    ).fetchone()
    conn.close()
    create_inquiry(
        ctx, InquiryInput(contact_id=linda, type_key="renewal", source_key="past_client")
    )  # the broker starts working with Linda
    summary.undo_button.click()
    assert "was not undone" in summary.undo_status.text()
    assert summary.undo_button.isEnabled()  # the broker may fix it and try again


def _big_csv(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "Email", "Phone"])
        for n in range(rows):
            writer.writerow([f"Person{n}", f"Family{n}", f"p{n}@example.com", ""])
    return path


def test_cancel_mid_import_changes_nothing(
    wizard: ImportWizard, db_path: Path, tmp_path: Path, qtbot: QtBot, known: dict[str, int]
) -> None:
    before = dump(db_path)
    wizard.add_files([_big_csv(tmp_path / "big.csv", 2500)])
    wizard.next()
    run = wizard.run_page
    seen: list[int] = []

    def cancel_once_saving(value: int, text: str) -> None:
        seen.append(value)
        if text.startswith("Matching") and value > 400 and not run.relay.cancelled.is_set():
            run.cancel_button.click()  # while the import writes, inside its transaction

    run.relay.progressed.connect(cancel_once_saving)
    wizard.next()
    qtbot.waitUntil(lambda: run.outcome == "cancelled")
    assert run.status.text() == CANCELLED_TEXT
    assert any(v > 400 for v in seen)
    assert wizard.currentId() == RUN
    assert wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    assert run.retry_button.isVisible()
    assert dump(db_path) == before

    run.relay.progressed.disconnect(cancel_once_saving)
    run.retry_button.click()
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY)
    assert wizard.summary_page.count_labels["created"].text() == "2,500"


def test_files_can_be_dropped_and_unreadable_ones_are_named(
    wizard: ImportWizard, tmp_path: Path
) -> None:
    workbook = tmp_path / "book.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + bytes(200))
    data = QMimeData()
    data.setUrls(
        [QUrl.fromLocalFile(str(FILES / "v30_icloud.vcf")), QUrl.fromLocalFile(str(workbook))]
    )
    page = wizard.files_page
    event = QDropEvent(
        QPointF(QPoint(20, 20)), Qt.DropAction.CopyAction, data,
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    # Qt delivers a Drop only during a real drag, so the handler is called directly.
    page.dropEvent(event)
    assert event.isAccepted()
    lines = [page.list.item(i).text() for i in range(page.list.count())]
    assert lines[0] == "v30_icloud.vcf — 2 cards, vCard (phone, Apple/iCloud, Google, Outlook)"
    assert lines[1].startswith("book.xlsx — cannot be imported: ")
    assert page.isComplete()  # the readable file goes on; the other is left out
    assert "1 file cannot be imported" in page.hint.text()
    page.add_files([FILES / "v30_icloud.vcf"])  # the same file twice is listed once
    assert page.list.count() == 2
