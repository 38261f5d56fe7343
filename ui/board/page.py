"""The Pipeline page: the kanban board with its filters and stage moves.

Loading: each refresh (shown, filter changed, data changed) asks the background worker
for one snapshot (every column's count and total, and the first page of each open
column); the old board stays up until it arrives, and a snapshot that an newer refresh
or a move has overtaken is dropped.

Moving: the two column models change at once (optimistic), then the move runs as an
undoable service call; its "inquiries changed" broadcast brings a fresh snapshot that
puts everything where the database says.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.clock import local_day_bounds, today
from app.domain.enums import StageKind
from app.services.board import (
    BoardChoices,
    BoardFilter,
    BoardSnapshot,
    board_choices,
    board_snapshot,
)
from app.services.context import ServiceContext
from app.services.pipeline import InquiryCard
from ui.background import (
    CONTACTS,
    DAY,
    INQUIRIES,
    TASKS,
    Changes,
    keep_fresh,
    report_failure,
    run_in_background,
)
from ui.board.column import BoardColumn, CardListView
from ui.board.filters import FilterBar
from ui.board.history import MoveHistory
from ui.board.lane import BoardLane
from ui.board.model import money
from ui.board.moves import Move, service_calls
from ui.dialogs.outcome_dialog import Outcome, ask_outcome
from ui.undo import push

# The first cards of each column on (re)load: a laptop screen shows about ten per column,
# and fetching 200 for each of eight columns takes most of the 150 ms the board may take
# to open at 50,000 inquiries. Scrolling on fetches PAGE_SIZE (200) at a time.
FIRST_PAGE = 50
# (kind, stage name, who, lost reasons, today, parent) -> the answer, or None to cancel
AskOutcome = Callable[[str, str, str, Sequence[str], date, QWidget], Outcome | None]


def _ask_with_dialog(
    kind: str, stage: str, who: str, reasons: Sequence[str], day: date, parent: QWidget
) -> Outcome | None:
    return ask_outcome(kind, stage, who, lost_reasons=reasons, today=day, parent=parent)


class BoardPage(QWidget):
    """The kanban board. `open_inquiry` fires on a double-click or Enter on a card."""

    open_inquiry = Signal(int)
    status_message = Signal(str)
    loaded = Signal()  # a snapshot is on screen (benchmarks and tests wait for it)
    move_finished = Signal()  # a move's service call is done

    def __init__(
        self,
        ctx: ServiceContext,
        changes: Changes,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._changes = changes
        self._undo = undo_stack
        self.ask_outcome: AskOutcome = _ask_with_dialog  # tests may answer instead
        self._generation = 0
        self._choices: BoardChoices | None = None
        self._bounds: tuple[datetime, datetime] = local_day_bounds(today(ctx.clock), ctx.clock.tz)
        self.first_page = FIRST_PAGE  # cards per column when the board (re)loads

        self.filters = FilterBar()
        self.filters.changed.connect(lambda _flt: self.refresh())
        self.lane = BoardLane(ctx, lambda: self._bounds)
        self.lane.dropped.connect(self._dropped)
        self.lane.open_inquiry.connect(self.open_inquiry)
        self.lane.menu_requested.connect(self._context_menu)
        self._history = MoveHistory(undo_stack, self._apply, lambda k: self.columns[k].stage_name)
        self._build_actions()
        self.lane.expand_requested.connect(lambda: self.closed_action.setChecked(True))
        self.summary = QLabel("Loading the board…")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        tools = QHBoxLayout()
        tools.setSpacing(4)
        tools.addWidget(self.summary, 1)
        for action in (self.move_left_action, self.move_right_action, self.closed_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            tools.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(8)
        layout.addWidget(self.filters)
        layout.addLayout(tools)
        layout.addWidget(self.lane, 1)
        # Announcements come in bursts (a move says inquiries and tasks changed, then its
        # undo again): one snapshot answers them all, after the announcer has finished.
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        keep_fresh(self, changes, {INQUIRIES, TASKS, CONTACTS, DAY}, self._refresh_timer.start)

    def _build_actions(self) -> None:
        style = self.style()
        self.move_left_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowLeft), "Previous stage", self
        )
        self.move_left_action.setShortcut(QKeySequence("Ctrl+Left"))
        self.move_left_action.setToolTip("Move the selected cards one stage left (Ctrl+Left)")
        self.move_left_action.triggered.connect(lambda: self.move_selected(-1))
        self.move_right_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowRight), "Next stage", self
        )
        self.move_right_action.setShortcut(QKeySequence("Ctrl+Right"))
        self.move_right_action.setToolTip("Move the selected cards one stage right (Ctrl+Right)")
        self.move_right_action.triggered.connect(lambda: self.move_selected(+1))
        self.closed_action = QAction("Show Funded and Lost", self)
        self.closed_action.setCheckable(True)
        self.closed_action.setToolTip("Show the closed columns in full, not folded")
        self.closed_action.toggled.connect(self.set_show_closed)
        self.open_action = QAction("Open", self)
        self.open_action.setShortcut(QKeySequence(Qt.Key.Key_Return))
        self.open_action.triggered.connect(self._open_current)
        for action in (self.move_left_action, self.move_right_action):
            # Only while the board has focus: Ctrl+Left moves the cursor in a text box.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    @property
    def columns(self) -> dict[str, BoardColumn]:
        return self.lane.columns

    @property
    def show_closed(self) -> bool:
        return self.lane.show_closed

    @property
    def page_size(self) -> int:
        """Cards per fetch as the broker scrolls down a column."""
        return self.lane.page_size

    @page_size.setter
    def page_size(self, size: int) -> None:
        self.lane.page_size = size
        for column in self.columns.values():
            column.model.page_size = size

    # --- loading ------------------------------------------------------------------

    def refresh(self) -> None:
        """Load a fresh snapshot in the background; the board stays as it is meanwhile."""
        self._refresh_timer.stop()
        self._generation += 1
        generation, ctx, flt = self._generation, self._ctx, self.filters.current()
        first, closed = self.first_page, self.show_closed
        # As many cards as each open column holds, so the broker keeps their place.
        limits = {k: max(first, n) for k, n in self.lane.loaded_counts().items()}
        run_in_background(
            lambda: board_snapshot(ctx, flt, limits or None, closed=closed, page_size=first),
            lambda snapshot: self._show(generation, snapshot),
            lambda error: self._failed(generation, error),
        )
        if self._choices is None:
            self.reload_choices()

    def reload_choices(self) -> None:
        ctx = self._ctx
        run_in_background(lambda: board_choices(ctx), self._set_choices)

    def _set_choices(self, choices: BoardChoices) -> None:
        self._choices = choices
        self.filters.set_choices(choices)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.summary.setText("The board could not be loaded.")
            report_failure(self, error)

    def _show(self, generation: int, snapshot: BoardSnapshot) -> None:
        if generation != self._generation:
            return  # overtaken by a newer refresh or a move
        self._bounds = local_day_bounds(today(self._ctx.clock), self._ctx.clock.tz)
        self.lane.show_snapshot(snapshot)
        self._show_summary(snapshot)
        self.loaded.emit()

    def _show_summary(self, snapshot: BoardSnapshot) -> None:
        open_columns = [c for c in snapshot.columns if c.kind not in _CLOSED_KINDS]
        count = sum(c.count for c in open_columns)
        total = sum((c.total_amount for c in open_columns), Decimal("0"))
        filtered = snapshot.filter != BoardFilter()
        if not any(c.count for c in snapshot.columns):
            self.summary.setText(
                "No inquiries match these filters." if filtered else "No inquiries yet."
            )
            return
        noun = "inquiry" if count == 1 else "inquiries"
        self.summary.setText(
            f"<b>{count:,}</b> open {noun} · {money(total)} in the pipeline"
            + (" (filtered)" if filtered else "")
        )

    def set_show_closed(self, show: bool) -> None:
        """Unfold (or fold) the Funded and Lost columns."""
        if self.closed_action.isChecked() != show:
            self.closed_action.setChecked(show)  # comes back here through `toggled`
            return
        self.lane.set_show_closed(show)
        self.refresh()

    # --- moving -------------------------------------------------------------------

    def move_selected(self, step: int) -> None:
        """Move the selected cards of the active column one stage left (-1) or right."""
        selected = self.lane.selected()
        if selected is None:
            self.status_message.emit("Select a card first, then press Ctrl+Left or Ctrl+Right.")
            return
        key, ids = selected
        target = self.lane.neighbour(key, step)
        if target is not None:
            self.move_cards(ids, key, target, focus=True)

    def _dropped(self, from_key: str, ids: list[int], to_key: str) -> None:
        if self.columns[to_key].closing:
            # Ask after the drag has finished: no modal prompt inside a drop.
            QTimer.singleShot(0, lambda: self.move_cards(ids, from_key, to_key))
        else:
            self.move_cards(ids, from_key, to_key)

    def move_cards(
        self, ids: Sequence[int], from_key: str, to_key: str, *, focus: bool = False
    ) -> bool:
        """Move these cards (if the source column holds them) to another stage, asking
        for the outcome first when it is a won or lost one. False when nothing moved."""
        source, target = self.columns.get(from_key), self.columns.get(to_key)
        if source is None or target is None or from_key == to_key:
            return False
        wanted = set(ids)
        cards = tuple(c for c in source.model.cards if c.inquiry_id in wanted)
        if not cards:
            return False
        answer: Outcome | None = None
        if target.closing:
            who = cards[0].contact_name if len(cards) == 1 else f"{len(cards)} inquiries"
            reasons = self._choices.lost_reasons if self._choices else ()
            answer = self.ask_outcome(
                target.kind, target.stage_name, who, reasons, today(self._ctx.clock), self
            )
            if answer is None:
                return False  # cancelled: the cards stay where they were
        move = Move(cards, from_key, to_key, target.stage_name, answer)
        self._apply(move, focus=focus)
        do, undo = service_calls(self._ctx, move)
        with self._history.pushing(move):
            push(
                self._undo,
                move.describe(),
                do=do,
                undo=undo,
                changes=self._changes,
                flags=(INQUIRIES, TASKS),
                parent_widget=self,
                on_done=lambda _result: self._move_done(move),
            )
        return True

    def _apply(self, move: Move, *, focus: bool = False) -> None:
        """The optimistic half: both columns change now, before the service call."""
        self._generation += 1  # a snapshot in flight predates this move
        self.lane.apply(move, focus=focus)

    def _move_done(self, move: Move) -> None:
        self.status_message.emit(
            f"{move.describe().replace('Move', 'Moved', 1)}. Ctrl+Z undoes it."
        )
        if move.answer is not None and move.answer.lost_reason:
            self.reload_choices()  # the prompt offers the broker's own reasons first
        self.move_finished.emit()

    # --- menus --------------------------------------------------------------------

    def _open_current(self) -> None:
        column = self.columns.get(self.lane.active_key or "")
        if column is not None and column.view.currentIndex().isValid():
            self.open_inquiry.emit(
                column.model.card_at(column.view.currentIndex().row()).inquiry_id
            )

    def _context_menu(self, view: CardListView, key: str, point: QPoint) -> None:
        menu = self.card_menu(view, key, point)
        if menu is None:
            return
        menu.exec(view.viewport().mapToGlobal(point))
        self.move_left_action.setEnabled(True)
        self.move_right_action.setEnabled(True)
        menu.deleteLater()

    def card_menu(self, view: CardListView, key: str, point: QPoint) -> QMenu | None:
        """The right-click menu of the card at `point` (selected first if it was not)."""
        index = view.indexAt(point)
        if not index.isValid():
            return None
        if not view.selectionModel().isSelected(index):
            view.select_ids([view.cards.card_at(index.row()).inquiry_id])
        self.lane.active_key = key
        ids = view.selected_ids()
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addSeparator()
        menu.addAction(self.move_left_action)
        menu.addAction(self.move_right_action)
        move_to = menu.addMenu("Move to")
        for other in self.lane.order:
            if other != key:
                action = move_to.addAction(self.columns[other].stage_name)
                action.triggered.connect(
                    lambda _checked=False, o=other: self.move_cards(ids, key, o, focus=True)
                )
        self.move_left_action.setEnabled(self.lane.neighbour(key, -1) is not None)
        self.move_right_action.setEnabled(self.lane.neighbour(key, +1) is not None)
        return menu

    def card(self, inquiry_id: int) -> InquiryCard | None:
        """The loaded card of this inquiry, wherever it is on the board."""
        return self.lane.card(inquiry_id)


_CLOSED_KINDS = (StageKind.WON.value, StageKind.LOST.value)
