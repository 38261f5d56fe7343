"""Shows undo and redo of a card move at once, as the move itself was shown.

`ui.undo` runs the service calls in the background and the board reloads afterwards;
this watches the undo stack's index and applies the move (or its reverse) to the column
models right away, so Ctrl+Z feels as instant as the drop did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtGui import QUndoCommand, QUndoStack
from shiboken6 import Shiboken

from ui.board.moves import Move

Apply = Callable[[Move], None]


class MoveHistory:
    """Which commands on the undo stack are board moves."""

    def __init__(self, stack: QUndoStack, apply: Apply, stage_name: Callable[[str], str]):
        self._stack = stack
        self._apply = apply
        self._stage_name = stage_name
        self._index = stack.index()
        self._pushing = False
        self._moves: dict[int, Move] = {}  # id of a QUndoCommand on the stack -> its move
        self._commands: list[QUndoCommand] = []  # holding them keeps their ids unique
        stack.indexChanged.connect(self._index_changed)

    @contextmanager
    def pushing(self, move: Move) -> Iterator[None]:
        """Around pushing `move` (already applied): remember it, do not apply it again."""
        self._pushing = True
        try:
            yield
        finally:
            self._pushing = False
        self._index = self._stack.index()
        self._remember(move)

    def _remember(self, move: Move) -> None:
        stack = self._stack
        live = [stack.command(i) for i in range(stack.count())]
        self._commands = [c for c in live if id(c) in self._moves]  # the stack drops some
        self._moves = {id(c): self._moves[id(c)] for c in self._commands}
        command = stack.command(stack.index() - 1)
        if command is not None:  # None if the stack was cleared (the move failed)
            self._moves[id(command)] = move
            self._commands.append(command)

    def _index_changed(self, index: int) -> None:
        before, self._index = self._index, index
        if self._pushing or not Shiboken.isValid(self._stack):
            return  # being pushed (already shown), or the window is closing
        stack = self._stack
        if index < before:  # undone, newest first
            for i in range(before - 1, index - 1, -1):
                move = self._moves.get(id(stack.command(i)))
                if move is not None:
                    self._apply(move.reversed(self._stage_name(move.from_key)))
        else:  # redone
            for i in range(before, index):
                move = self._moves.get(id(stack.command(i)))
                if move is not None:
                    self._apply(move)
