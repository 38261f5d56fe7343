"""How the detail screen's sections change data: in the background, announced, undoable."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from app.services.context import ServiceContext
from ui import undo
from ui.background import Changes, report_failure, run_in_background

ServiceCall = Callable[[], Any]


def while_alive(widget: QWidget, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    """`callback`, skipped once `widget` is deleted: an answer from the background may
    arrive after its window was closed."""

    def call(value: Any) -> None:
        if shiboken6.isValid(widget):
            callback(value)

    return call


class DetailOps:
    """What every section needs to act: the services' context, the broadcast, the undo
    stack, and the widget a failure is reported over."""

    def __init__(
        self, ctx: ServiceContext, changes: Changes, undo_stack: QUndoStack, parent: QWidget
    ) -> None:
        self.ctx = ctx
        self.changes = changes
        self.undo_stack = undo_stack
        self.parent = parent

    def run(
        self,
        call: ServiceCall,
        flags: Collection[str],
        on_done: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run a change that has no undo (logging an interaction, say), then announce."""

        def done(result: Any) -> None:
            self.changes.announce(*flags)
            if on_done is not None:
                while_alive(self.parent, on_done)(result)

        def failed(error: BaseException) -> None:
            if on_failure is not None:
                while_alive(self.parent, on_failure)(error)
            else:
                report_failure(self.report_parent(), error)
            self.changes.announce(*flags)  # show the data as it really is now

        run_in_background(call, done, failed)

    def report_parent(self) -> QWidget | None:
        """Where to report a failure. An undo may run after a lead window was closed, so
        not over that window but over the one it was opened from."""
        if not shiboken6.isValid(self.parent):
            return None
        window = self.parent.window()
        if window.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose):
            return window.parentWidget()
        return window

    def undoable(
        self,
        text: str,
        *,
        do: ServiceCall,
        undo_call: ServiceCall,
        flags: Collection[str],
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        """Run `do` now and put it on the undo stack as `text`."""
        undo.push(
            self.undo_stack,
            text,
            do=do,
            undo=undo_call,
            changes=self.changes,
            flags=flags,
            parent_widget=self.report_parent(),
            on_done=while_alive(self.parent, on_done) if on_done is not None else None,
        )
