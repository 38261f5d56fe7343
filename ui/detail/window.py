"""The lead detail in its own window, one per inquiry (opening it again raises it)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget

from app.paths import APP_NAME
from app.services.context import ServiceContext
from app.services.detail import LeadDetail
from ui.background import Changes
from ui.detail.panel import LeadDetailPanel

# One window per inquiry of one database: (database file, inquiry id) -> its window.
_open_windows: dict[tuple[str, int], LeadWindow] = {}


class LeadWindow(QWidget):
    """A top-level window around a LeadDetailPanel, with Undo/Redo and Close."""

    def __init__(
        self,
        ctx: ServiceContext,
        changes: Changes,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.panel = LeadDetailPanel(ctx, changes, undo_stack, self)
        self.panel.loaded.connect(self._loaded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.panel)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(860, 560)
        undo = undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(
            [QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)]
        )
        close = QAction("Close", self)
        close.setShortcuts([QKeySequence(QKeySequence.StandardKey.Close), QKeySequence("Esc")])
        close.triggered.connect(self.close)
        for action in (undo, redo, close):
            self.addAction(action)
        self.resize(1180, 780)
        self.setWindowTitle(f"Lead — {APP_NAME}")

    def _loaded(self, detail: LeadDetail) -> None:
        inquiry = detail.inquiry
        self.setWindowTitle(f"{detail.contact.full_name} — {inquiry.type_name} — {APP_NAME}")


def _forget(key: tuple[str, int], window: LeadWindow) -> None:
    if _open_windows.get(key) is window:  # not a newer window for the same inquiry
        del _open_windows[key]


def open_lead_window(
    ctx: ServiceContext,
    changes: Changes,
    undo_stack: QUndoStack,
    inquiry_id: int,
    parent: QWidget | None = None,
) -> LeadWindow:
    """Show the inquiry in its own window (the existing one if it is already open)."""
    key = (str(ctx.db.path), inquiry_id)
    window = _open_windows.get(key)
    if window is None or not shiboken6.isValid(window) or not window.isVisible():
        window = LeadWindow(ctx, changes, undo_stack, parent)
        _open_windows[key] = window
        window.destroyed.connect(lambda _obj=None, k=key, w=window: _forget(k, w))
        window.panel.show_inquiry(inquiry_id)
    window.show()
    if QGuiApplication.platformName() != "offscreen":  # offscreen cannot raise; it warns
        window.raise_()
    window.activateWindow()
    return window
