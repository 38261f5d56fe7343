"""Ctrl+K: results while typing, grouped, keyboard driven; Enter opens the lead."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from app.services.context import ServiceContext
from app.services.interactions import log_interaction
from app.services.search import SearchHit
from ui.main_window import MainWindow
from ui.search import SearchPopup

# Popups and dialogs are windows of their own; the offscreen platform cannot raise them.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise|propagateSizeHints|grabbing the keyboard)"
)


@pytest.fixture
def popup(window: MainWindow, seeded: ServiceContext, qtbot: QtBot) -> SearchPopup:
    log_interaction(
        seeded,
        contact_id=2,
        inquiry_id=2,
        kind="call",
        direction="outbound",
        summary="Asked about a HELOC for the cottage",
    )
    window.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keySequence(window, QKeySequence("Ctrl+K"))
    assert window.search.isVisible()
    return window.search


def shown(popup: SearchPopup) -> list[str]:
    """What the list shows, group titles in capitals."""
    return [
        row.header.upper() if row.hit is None else f"{row.hit.title} | {row.hit.detail}"
        for row in popup.model.rows
    ]


def test_results_while_typing_grouped_by_what_matched(popup: SearchPopup, qtbot: QtBot) -> None:
    qtbot.keyClicks(popup.edit, "ann")
    assert popup.shown_text == "ann"
    assert shown(popup) == [
        "PEOPLE  ·  1",
        "Ann Oldfield | ",
        "EMAILS  ·  1",
        "Ann Oldfield | ann@example.com",
    ]
    assert popup.current_hit() is not None and popup.current_hit().kind == "name"  # type: ignore[union-attr]


def test_phone_digits_and_notes(popup: SearchPopup, seeded: ServiceContext) -> None:
    popup.edit.setText("cottage")
    assert shown(popup) == ["NOTES  ·  1", "Ann Oldfield | Asked about a HELOC for the cottage"]
    popup.edit.setText("nobody like this")
    assert popup.model.rows == []
    assert popup.status.text() == "Nothing found for “nobody like this”"


def test_arrow_keys_skip_group_titles_and_enter_opens_the_detail(
    window: MainWindow, popup: SearchPopup, qtbot: QtBot
) -> None:
    qtbot.keyClicks(popup.edit, "ann")
    qtbot.keyClick(popup.edit, Qt.Key.Key_Down)
    hit = popup.current_hit()
    assert isinstance(hit, SearchHit) and hit.kind == "email"
    qtbot.keyClick(popup.edit, Qt.Key.Key_Down)  # the last hit stays selected
    assert popup.current_hit() == hit
    qtbot.keyClick(popup.edit, Qt.Key.Key_Up)
    assert popup.current_hit().kind == "name"  # type: ignore[union-attr]
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert window.detail_dock.isVisible()
    assert window.detail.inquiry_id == hit.inquiry_id


def test_keystrokes_during_a_search_run_only_the_latest(
    popup: SearchPopup, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []
    jobs: list[tuple[object, object]] = []
    monkeypatch.setattr(
        "ui.search.run_in_background",
        lambda fn, done, failed: (started.append("run"), jobs.append((fn, done))),
    )
    for text in ("a", "an", "ann"):
        popup.edit.setText(text)
    assert len(started) == 1  # "a" runs; "an" and "ann" wait, only the last is kept
    fn, done = jobs.pop()
    done(fn())  # type: ignore[operator]
    assert len(started) == 2
    fn, done = jobs.pop()
    done(fn())  # type: ignore[operator]
    assert popup.shown_text == "ann"


def test_search_by_phone_digits(popup: SearchPopup, seeded: ServiceContext) -> None:
    from app.services.contacts import create_contact
    from app.services.dto import ContactInput

    create_contact(
        seeded, ContactInput(first_name="Pat", last_name="Phone", phones=("(647) 555-0199",))
    )
    popup.edit.setText("647 555")
    assert shown(popup) == ["PHONE NUMBERS  ·  1", "Pat Phone | +1 647-555-0199"]
