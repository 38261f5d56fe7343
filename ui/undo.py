"""Undo and redo for the broker's easy mistakes (stage moves, task completion, edits).

Each command is a pair of service calls. They run through the background helper, so
redo/undo never block the window; when a call finishes, the flags it names are
announced so every screen refreshes what changed. A call that fails (the data moved on
since, say) is reported and the stack is cleared, since its history no longer holds.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from ui.background import Changes, report_failure, run_in_background

ServiceCall = Callable[[], Any]


class ServiceCommand(QUndoCommand):
    """An undoable operation: `do` on redo (also when first pushed), `undo` on undo."""

    def __init__(
        self,
        text: str,
        *,
        do: ServiceCall,
        undo: ServiceCall,
        changes: Changes,
        flags: Collection[str],
        stack: QUndoStack,
        parent_widget: QWidget | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(text)
        self._do, self._undo = do, undo
        self._changes, self._flags = changes, tuple(flags)
        self._stack, self._parent = stack, parent_widget
        self._on_done = on_done

    def redo(self) -> None:
        run_in_background(self._do, self._finished, self._failed)

    def undo(self) -> None:
        run_in_background(self._undo, self._finished, self._failed)

    def _finished(self, result: Any) -> None:
        self._changes.announce(*self._flags)
        if self._on_done is not None:
            self._on_done(result)

    def _failed(self, error: BaseException) -> None:
        self._stack.clear()
        self._changes.announce(*self._flags)
        report_failure(self._parent, error)


def push(
    stack: QUndoStack,
    text: str,
    *,
    do: ServiceCall,
    undo: ServiceCall,
    changes: Changes,
    flags: Collection[str],
    parent_widget: QWidget | None = None,
    on_done: Callable[[Any], None] | None = None,
) -> None:
    """Run `do` now (in the background) and make it undoable as `text`."""
    stack.push(
        ServiceCommand(
            text,
            do=do,
            undo=undo,
            changes=changes,
            flags=flags,
            stack=stack,
            parent_widget=parent_widget,
            on_done=on_done,
        )
    )
