"""The pipeline board as the broker sees it: columns, cards, filters, lazy loading.

Seeded data (tests/ui/conftest.py, clock Mon 2 Mar 2026 14:00 UTC): New holds Ann
(purchase, $650,000, first call 5 days overdue), Bob (refinance, $380,000, due today at
13:00) and Dev (renewal, no amount, unassigned, due today); Contacted holds Cara
($410,000).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.services.board import BoardFilter
from app.services.context import ServiceContext
from app.services.inquiries import set_status
from app.services.pipeline import InquiryCard
from tests.ui.conftest import add_test_lead
from ui import background
from ui.background import INQUIRIES, Changes
from ui.board import BoardPage
from ui.board.model import DUE_TEXT_ROLE, TONE_ROLE


def names(page: BoardPage, stage_key: str) -> list[str]:
    return [c.contact_name for c in page.columns[stage_key].model.cards]


def header(page: BoardPage, stage_key: str) -> tuple[str, str]:
    head = page.columns[stage_key].header
    return head.count.text(), head.total.text()


def make_page(ctx: ServiceContext, qtbot: QtBot, page_size: int | None = None) -> BoardPage:
    """The board inside a window, as in the app (a bare top-level page makes the
    offscreen platform warn when the columns change its minimum size)."""
    host = QMainWindow()
    stack = QUndoStack(host)
    page = BoardPage(ctx, Changes(host), stack)
    if page_size is not None:
        page.page_size = page.first_page = page_size
    host.setCentralWidget(page)
    host.setMinimumSize(720, 480)  # as the main window does
    qtbot.addWidget(host)
    host.resize(1400, 700)
    with qtbot.waitSignal(page.loaded):  # loads when first shown
        host.show()
    qtbot.waitExposed(host)
    page.host_for_test = host  # type: ignore[attr-defined]  # keeps the window alive
    return page


@pytest.fixture
def page(seeded: ServiceContext, qtbot: QtBot) -> BoardPage:
    return make_page(seeded, qtbot)


def test_columns_show_counts_totals_and_cards(page: BoardPage) -> None:
    assert list(page.columns)[:2] == ["new", "contacted"]
    assert list(page.columns)[-2:] == ["funded", "lost"]
    assert header(page, "new") == ("3", "$1,030,000")
    assert header(page, "contacted") == ("1", "$410,000")
    assert header(page, "approved") == ("0", "—")
    # Follow-up order: Ann's overdue call first, then today's calls.
    assert names(page, "new") == ["Ann Oldfield", "Bob Newman", "Dev Patel"]
    assert names(page, "contacted") == ["Cara Quinn"]
    assert "4" in page.summary.text() and "$1,440,000" in page.summary.text()


def test_closed_columns_fold_into_strips_until_shown(page: BoardPage, qtbot: QtBot) -> None:
    funded = page.columns["funded"]
    assert funded.collapsed and funded.strip.isVisible() and not funded.view.isVisible()
    assert funded.strip.text().startswith("Funded  ·  0")
    assert funded.width() < page.columns["new"].width() / 4
    page.closed_action.setChecked(True)
    assert not funded.collapsed and funded.view.isVisible()
    assert page.columns["lost"].header.name.text() == "Lost"
    qtbot.mouseClick(page.columns["lost"].header, Qt.MouseButton.LeftButton)  # harmless
    page.closed_action.setChecked(False)
    assert funded.collapsed


def test_card_follow_up_state_is_red_when_overdue_amber_when_due_today(
    page: BoardPage,
) -> None:
    model = page.columns["new"].model
    tones = {model.card_at(r).contact_name: model.index(r).data(TONE_ROLE) for r in range(3)}
    assert tones == {"Ann Oldfield": "overdue", "Bob Newman": "due", "Dev Patel": "due"}
    ann = model.index(0)
    assert ann.data(DUE_TEXT_ROLE) == "Overdue · 25 Feb"
    assert model.index(1).data(DUE_TEXT_ROLE) == "Today 13:00"
    assert "Ann Oldfield" in ann.data(Qt.ItemDataRole.ToolTipRole)
    later = InquiryCard(
        inquiry_id=999, contact_name="Zed Later", type_name="Purchase", amount=None,
        source_name=None, score=10, missing_documents=0,
        next_followup_at=datetime(2026, 3, 3, 9, 0, tzinfo=UTC), stage_key="new",
    )  # fmt: skip
    assert model.tone(later) == ""
    assert model.due_text(later) == "Tue 3 Mar, 09:00"
    assert model.due_text(InquiryCard(**{**later.__dict__, "next_followup_at": None})) == (
        "No follow-up planned"
    )


def test_due_today_follows_the_brokers_local_day(
    seeded: ServiceContext, clock: FixedClock, qtbot: QtBot
) -> None:
    clock.tz = ZoneInfo("America/Toronto")  # 14:00 UTC is 09:00 there
    page = make_page(seeded, qtbot)
    model = page.columns["new"].model
    late_last_night = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 22:00 Sunday in Toronto
    card = InquiryCard(
        inquiry_id=999, contact_name="Night Owl", type_name="Purchase", amount=None,
        source_name=None, score=10, missing_documents=0,
        next_followup_at=late_last_night, stage_key="new",
    )  # fmt: skip
    assert model.tone(card) == "overdue"  # in UTC it would still be due today
    tonight = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 22:00 Monday in Toronto
    assert model.tone(InquiryCard(**{**card.__dict__, "next_followup_at": tonight})) == "due"


def test_filters_narrow_the_cards(seeded: ServiceContext, page: BoardPage, qtbot: QtBot) -> None:
    filters = page.filters
    combo = filters.type_combo
    combo.setCurrentIndex(combo.findData("refinance"))
    combo.activated.emit(combo.currentIndex())
    assert names(page, "new") == ["Bob Newman"] and names(page, "contacted") == []
    assert header(page, "new") == ("1", "$380,000")
    assert "(filtered)" in page.summary.text()

    filters.set_filter(BoardFilter(source_key="phone"))
    assert names(page, "new") == [] and "No inquiries match" in page.summary.text()
    filters.set_filter(BoardFilter(source_key="website_form"))
    assert len(names(page, "new")) == 3

    owner = filters.owner_combo
    owner.setCurrentIndex(owner.findData("unassigned"))
    owner.activated.emit(owner.currentIndex())
    assert names(page, "new") == ["Dev Patel"]
    owner.setCurrentIndex(owner.findText("Me"))
    owner.activated.emit(owner.currentIndex())
    assert names(page, "new") == ["Ann Oldfield", "Bob Newman"]

    filters.clear()
    set_status(seeded, page.columns["new"].model.cards[1].inquiry_id, "on_hold")
    page.refresh()
    assert names(page, "new") == ["Ann Oldfield", "Dev Patel"]  # on hold: off the board
    status = filters.status_combo
    status.setCurrentIndex(status.findData("on_hold"))
    status.activated.emit(status.currentIndex())
    assert names(page, "new") == ["Bob Newman"]
    filters.set_filter(BoardFilter(status="all"))
    assert len(names(page, "new")) == 3

    filters.clear()
    qtbot.keyClicks(filters.text_edit, "oldf")  # applied after a pause in typing
    qtbot.waitUntil(lambda: names(page, "new") == ["Ann Oldfield"])
    assert names(page, "contacted") == []
    filters.text_edit.clear()
    qtbot.keyClicks(filters.text_edit, "ann@example")
    filters.text_edit.returnPressed.emit()  # Enter applies at once
    assert names(page, "new") == ["Ann Oldfield"]
    assert filters.clear_button.isEnabled()
    qtbot.mouseClick(filters.clear_button, Qt.MouseButton.LeftButton)
    assert names(page, "new") == ["Ann Oldfield", "Dev Patel"]  # Bob is still on hold
    assert not filters.clear_button.isEnabled()


def test_filter_boxes_offer_types_sources_and_owners(page: BoardPage) -> None:
    filters = page.filters
    types = [filters.type_combo.itemText(i) for i in range(filters.type_combo.count())]
    assert types[:3] == ["All types", "Purchase", "Refinance"]
    owners = [filters.owner_combo.itemText(i) for i in range(filters.owner_combo.count())]
    assert owners == ["Any owner", "Unassigned", "Me"]
    assert filters.source_combo.findData("referral_partner") > 0


def test_columns_fetch_more_cards_as_the_broker_scrolls(
    seeded: ServiceContext, qtbot: QtBot
) -> None:
    for n in range(27):
        add_test_lead(seeded, f"Extra{n:02}", "Lead")
    page = make_page(seeded, qtbot, page_size=4)
    model, view = page.columns["new"].model, page.columns["new"].view
    assert header(page, "new")[0] == "30"
    # Whole pages, only as many as fill the column (the view asks for more itself).
    loaded = model.rowCount()
    assert loaded < 30 and loaded % 4 == 0
    while model.canFetchMore(QModelIndex()):
        before = model.rowCount()
        view.scrollToBottom()
        qtbot.waitUntil(lambda before=before: model.rowCount() > before)  # type: ignore[misc]
    assert model.rowCount() == 30
    cards = model.cards
    assert len({c.inquiry_id for c in cards}) == 30  # no card twice
    dues = [c.next_followup_at for c in cards]
    assert dues == sorted(dues)  # (all dated) one follow-up order across the pages
    # A reload keeps the whole pages already loaded, so the broker keeps their place.
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    page.refresh()
    assert model.rowCount() == 30


def test_double_click_or_enter_opens_the_card(page: BoardPage, qtbot: QtBot) -> None:
    view = page.columns["new"].view
    ann = page.columns["new"].model.cards[0].inquiry_id
    center = view.visualRect(view.model().index(0, 0)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    with qtbot.waitSignal(page.open_inquiry) as opened:
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert opened.args == [ann]
    bob = page.columns["new"].model.cards[1].inquiry_id
    view.setCurrentIndex(view.model().index(1, 0))
    with qtbot.waitSignal(page.open_inquiry) as opened:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [bob]


def test_a_filter_change_keeps_the_old_board_until_the_new_one_and_drops_stale_ones(
    page: BoardPage, qtbot: QtBot
) -> None:
    background.set_inline(False)
    try:
        shown: list[list[str]] = []
        page.loaded.connect(lambda: shown.append(names(page, "new")))
        page.filters.set_filter(BoardFilter(type_key="refinance"))
        assert len(names(page, "new")) == 3  # still the old cards while it loads
        page.filters.set_filter(BoardFilter(type_key="renewal"))  # before the first arrives
        qtbot.waitUntil(lambda: shown == [["Dev Patel"]])
        assert background.wait_for_background()
        qtbot.wait(50)
        assert shown == [["Dev Patel"]]  # the refinance snapshot was dropped, not shown
    finally:
        background.wait_for_background()
        background.set_inline(True)


def test_board_reloads_when_inquiries_change_elsewhere(
    seeded: ServiceContext, page: BoardPage, qtbot: QtBot
) -> None:
    add_test_lead(seeded, "Eli", "Late", amount="100000")
    assert "Eli Late" not in names(page, "new")
    page._changes.announce(INQUIRIES)
    qtbot.waitUntil(lambda: "Eli Late" in names(page, "new"))
    assert header(page, "new") == ("4", "$1,130,000")
    assert Decimal("1130000") == page.columns["new"].model.total


def test_empty_board_says_so(ctx: ServiceContext, qtbot: QtBot) -> None:
    page = make_page(ctx, qtbot)
    assert page.summary.text() == "No inquiries yet."
    assert header(page, "new") == ("0", "—")


def test_move_actions_show_their_shortcuts(page: BoardPage) -> None:
    assert page.move_left_action.shortcut().toString() == "Ctrl+Left"
    assert page.move_right_action.shortcut().toString() == "Ctrl+Right"
    assert page.move_left_action in page.actions()
