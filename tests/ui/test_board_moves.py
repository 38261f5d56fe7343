"""Moving cards on the board: drag and drop, keyboard, the Funded/Lost prompt, undo.

Seeded data (tests/ui/conftest.py): New holds Ann Oldfield, Bob Newman and Dev Patel;
Contacted holds Cara Quinn.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMainWindow
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import StageChange
from app.services.context import ServiceContext
from app.services.inquiries import get_inquiry
from ui.background import Changes
from ui.board import BoardPage
from ui.board.model import encode_ids
from ui.dialogs.outcome_dialog import Outcome, OutcomeDialog

DROP = Qt.DropAction.MoveAction


def names(page: BoardPage, stage_key: str) -> list[str]:
    return [c.contact_name for c in page.columns[stage_key].model.cards]


def card_id(page: BoardPage, name: str) -> int:
    for column in page.columns.values():
        for card in column.model.cards:
            if card.contact_name == name:
                return card.inquiry_id
    raise AssertionError(f"{name} is not on the board")


def stage_of(ctx: ServiceContext, inquiry_id: int) -> str:
    return get_inquiry(ctx, inquiry_id).stage_key


@pytest.fixture
def page(seeded: ServiceContext, qtbot: QtBot) -> BoardPage:
    host = QMainWindow()
    host.setMinimumSize(720, 480)
    stack = QUndoStack(host)
    board = BoardPage(seeded, Changes(host), stack)
    board.undo_stack = stack  # type: ignore[attr-defined]  # for the tests below
    host.setCentralWidget(board)
    qtbot.addWidget(host)
    host.resize(1400, 700)
    with qtbot.waitSignal(board.loaded):  # loads when first shown
        host.show()
    host.activateWindow()  # shortcuts only reach the active window
    qtbot.waitActive(host)
    board.host_for_test = host  # type: ignore[attr-defined]  # keeps the window alive
    return board


def drop(page: BoardPage, name: str, from_key: str, to_key: str) -> bool:
    """Drag a card's mime data from its column's model onto another column's model."""
    source = page.columns[from_key].model
    data = source.mimeData([source.index(source.row_of(card_id(page, name)))])
    target = page.columns[to_key].model
    assert target.canDropMimeData(data, DROP, -1, -1, QModelIndex())
    return target.dropMimeData(data, DROP, -1, -1, QModelIndex())


def answer_prompt(qtbot: QtBot, fill: Callable[[OutcomeDialog], None]) -> list[OutcomeDialog]:
    """When the outcome prompt opens (modal, in its own event loop), run `fill` on it."""
    seen: list[OutcomeDialog] = []
    timer = QTimer()

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, OutcomeDialog) and not seen:
            seen.append(dialog)
            timer.stop()
            fill(dialog)

    timer.timeout.connect(poll)
    timer.start(10)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    return seen


def test_a_drop_moves_the_card_at_once_and_records_the_stage_change(
    seeded: ServiceContext, page: BoardPage
) -> None:
    ann = card_id(page, "Ann Oldfield")
    new = page.columns["new"].model
    same_column = new.mimeData([new.index(0)])
    assert not new.canDropMimeData(same_column, DROP, -1, -1, QModelIndex())
    assert drop(page, "Ann Oldfield", "new", "contacted")
    assert "Ann Oldfield" not in names(page, "new")
    assert "Ann Oldfield" in names(page, "contacted")
    assert page.columns["new"].header.count.text() == "2"
    assert page.columns["contacted"].header.count.text() == "2"
    assert page.columns["contacted"].header.total.text() == "$1,060,000"
    assert stage_of(seeded, ann) == "contacted"
    with seeded.db.session() as session:
        moves = session.scalars(select(StageChange).where(StageChange.inquiry_id == ann)).all()
    assert len(moves) == 2  # arrived in New, then moved
    assert page.undo_stack.undoText() == "Move Ann Oldfield to Contacted"  # type: ignore[attr-defined]


def test_dropping_on_a_column_view_moves_the_card(seeded: ServiceContext, page: BoardPage) -> None:
    bob = card_id(page, "Bob Newman")
    viewport = page.columns["qualified"].view.viewport()
    data = encode_ids("new", [bob])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    # Qt delivers a drop only to the widget that accepted the drag's entry.
    enter = QDragEnterEvent(QPoint(40, 40), DROP, data, buttons, keys)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    release = QDropEvent(QPointF(40, 40), DROP, data, buttons, keys)
    QApplication.sendEvent(viewport, release)
    assert release.isAccepted()
    assert names(page, "qualified") == ["Bob Newman"]
    assert stage_of(seeded, bob) == "qualified"
    # Its own column does not take it back.
    back = encode_ids("qualified", [bob])  # the event does not own its data: keep it
    home = QDragEnterEvent(QPoint(40, 40), DROP, back, buttons, keys)
    QApplication.sendEvent(viewport, home)
    assert not home.isAccepted()
    QApplication.sendEvent(viewport, QDragLeaveEvent())  # ends the pretend drag


def test_ctrl_right_and_left_move_the_selected_card(
    seeded: ServiceContext, page: BoardPage, qtbot: QtBot
) -> None:
    ann = card_id(page, "Ann Oldfield")
    view = page.columns["new"].view
    view.select_ids([ann], focus=True)
    QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert stage_of(seeded, ann) == "contacted"
    contacted = page.columns["contacted"].view
    assert contacted.selected_ids() == [ann] and contacted.hasFocus()  # it follows the card
    QTest.keyClick(contacted, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert stage_of(seeded, ann) == "qualified"
    assert names(page, "qualified") == ["Ann Oldfield"]
    qualified = page.columns["qualified"].view
    QTest.keyClick(qualified, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert stage_of(seeded, ann) == "contacted"
    # The toolbar's button does the same.
    page.move_left_action.trigger()
    assert stage_of(seeded, ann) == "new"
    page.move_left_action.trigger()  # New is the first stage: nothing to do
    assert stage_of(seeded, ann) == "new"


def test_ctrl_left_in_the_filter_box_stays_a_text_shortcut(
    seeded: ServiceContext, page: BoardPage
) -> None:
    ann = card_id(page, "Ann Oldfield")
    page.columns["new"].view.select_ids([ann])
    page.filters.text_edit.setFocus()
    QTest.keyClick(page.filters.text_edit, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert stage_of(seeded, ann) == "new"


def test_funded_asks_for_the_outcome_and_maturity(
    seeded: ServiceContext, page: BoardPage, qtbot: QtBot
) -> None:
    ann = card_id(page, "Ann Oldfield")

    def fund(dialog: OutcomeDialog) -> None:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()  # an outcome is required
        qtbot.keyClicks(dialog.outcome_edit, "TD, 5-yr fixed 4.79%")
        assert ok.isEnabled()
        dialog.maturity_check.setChecked(True)
        dialog.maturity_edit.setDate(date(2031, 3, 1))
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    assert drop(page, "Ann Oldfield", "new", "funded")
    assert "Ann Oldfield" in names(page, "new")  # nothing moves before the answer
    prompt = answer_prompt(qtbot, fund)
    assert prompt[0].windowTitle() == "Move to Funded"
    qtbot.waitUntil(lambda: stage_of(seeded, ann) == "funded")
    inquiry = get_inquiry(seeded, ann)
    assert (inquiry.status, inquiry.outcome) == ("won", "TD, 5-yr fixed 4.79%")
    assert inquiry.term_maturity_date == date(2031, 3, 1)
    assert "Ann Oldfield" not in names(page, "new")
    assert page.columns["funded"].strip.text().startswith("Funded  ·  1")

    page.undo_stack.undo()  # type: ignore[attr-defined]
    inquiry = get_inquiry(seeded, ann)
    assert (inquiry.stage_key, inquiry.status) == ("new", "active")
    assert inquiry.term_maturity_date is None
    assert "Ann Oldfield" in names(page, "new")


def test_cancelling_the_lost_prompt_leaves_the_card_where_it_was(
    seeded: ServiceContext, page: BoardPage, qtbot: QtBot
) -> None:
    ann = card_id(page, "Ann Oldfield")
    assert drop(page, "Ann Oldfield", "new", "lost")
    prompt = answer_prompt(qtbot, lambda dialog: dialog.reject())
    qtbot.waitUntil(lambda: not prompt[0].isVisible())
    assert stage_of(seeded, ann) == "new"
    assert "Ann Oldfield" in names(page, "new")
    assert page.columns["new"].header.count.text() == "3"
    assert page.undo_stack.count() == 0  # type: ignore[attr-defined]


def test_lost_takes_a_common_reason_and_a_note(
    seeded: ServiceContext, page: BoardPage, qtbot: QtBot
) -> None:
    bob = card_id(page, "Bob Newman")

    def lose(dialog: OutcomeDialog) -> None:
        combo = dialog.reason_combo
        reasons = [combo.itemText(i) for i in range(combo.count())]
        assert "Went with another broker" in reasons
        combo.setCurrentIndex(reasons.index("Went with another broker"))
        qtbot.keyClicks(dialog.note_edit, "Their realtor's broker")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    # Dropped on the folded Lost column: its strip takes drops too.
    page.columns["lost"].strip.dropped.emit("new", [bob])
    answer_prompt(qtbot, lose)
    qtbot.waitUntil(lambda: stage_of(seeded, bob) == "lost")
    inquiry = get_inquiry(seeded, bob)
    assert (inquiry.status, inquiry.lost_reason) == ("lost", "Went with another broker")
    with seeded.db.session() as session:
        last = session.scalars(
            select(StageChange).where(StageChange.inquiry_id == bob).order_by(StageChange.id)
        ).all()[-1]
    assert last.note == "Their realtor's broker"


def test_undo_moves_the_card_back_and_redo_moves_it_again(
    seeded: ServiceContext, page: BoardPage
) -> None:
    cara = card_id(page, "Cara Quinn")
    assert drop(page, "Cara Quinn", "contacted", "approved")
    stack: QUndoStack = page.undo_stack  # type: ignore[attr-defined]
    stack.undo()
    assert stage_of(seeded, cara) == "contacted"
    assert names(page, "contacted") == ["Cara Quinn"] and names(page, "approved") == []
    stack.redo()
    assert stage_of(seeded, cara) == "approved"
    assert names(page, "approved") == ["Cara Quinn"]


def test_a_lost_card_moved_back_can_be_undone_into_lost(
    seeded: ServiceContext, page: BoardPage
) -> None:
    dev = card_id(page, "Dev Patel")
    page.ask_outcome = lambda *_args: Outcome(lost_reason="Renewed with bank")
    page.closed_action.setChecked(True)
    assert page.move_cards([dev], "new", "lost")
    assert names(page, "lost") == ["Dev Patel"]
    assert drop(page, "Dev Patel", "lost", "contacted")  # reopened
    assert get_inquiry(seeded, dev).status == "active"
    page.undo_stack.undo()  # type: ignore[attr-defined]
    inquiry = get_inquiry(seeded, dev)
    assert (inquiry.stage_key, inquiry.status) == ("lost", "lost")
    assert inquiry.lost_reason == "Renewed with bank"


def test_several_selected_cards_move_together(seeded: ServiceContext, page: BoardPage) -> None:
    ids = [card_id(page, "Ann Oldfield"), card_id(page, "Bob Newman")]
    view = page.columns["new"].view
    view.select_ids(ids, focus=True)
    page.move_right_action.trigger()
    assert {stage_of(seeded, i) for i in ids} == {"contacted"}
    assert names(page, "new") == ["Dev Patel"]
    assert page.undo_stack.undoText() == "Move 2 inquiries to Contacted"  # type: ignore[attr-defined]
    page.undo_stack.undo()  # type: ignore[attr-defined]
    assert {stage_of(seeded, i) for i in ids} == {"new"}


def test_context_menu_offers_the_moves(seeded: ServiceContext, page: BoardPage) -> None:
    view = page.columns["new"].view
    bob = card_id(page, "Bob Newman")
    point = view.visualRect(view.model().index(1, 0)).center()
    menu = page.card_menu(view, "new", point)
    assert menu is not None
    assert view.selected_ids() == [bob]  # the card under the mouse
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "Open" and "Previous stage" in texts and "Next stage" in texts
    assert not page.move_left_action.isEnabled()  # New is the first column
    shortcuts = {a.text(): a.shortcut().toString() for a in menu.actions()}
    assert shortcuts["Next stage"] == "Ctrl+Right"
    move_to = next(a.menu() for a in menu.actions() if a.text() == "Move to")
    targets = {a.text(): a for a in move_to.actions()}
    assert "New" not in targets and "Waiting on client" in targets
    targets["Waiting on client"].trigger()
    assert stage_of(seeded, bob) == "waiting_on_client"
    menu.deleteLater()


def test_one_column_holds_the_selection_that_moves(seeded: ServiceContext, page: BoardPage) -> None:
    ann, cara = card_id(page, "Ann Oldfield"), card_id(page, "Cara Quinn")
    page.columns["new"].view.select_ids([ann])
    page.columns["contacted"].view.select_ids([cara])
    assert page.columns["new"].view.selected_ids() == []  # picking Cara let go of Ann
    page.move_right_action.trigger()
    assert (stage_of(seeded, cara), stage_of(seeded, ann)) == ("qualified", "new")
    page.columns["qualified"].view.selectionModel().clearSelection()
    page.move_right_action.trigger()  # nothing selected: nothing moves, a hint instead
    assert stage_of(seeded, cara) == "qualified"
