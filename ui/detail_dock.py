"""The lead detail as a pane on the right of the main window (Esc closes it).

The panel lays its two halves (contact and inquiry | timeline, tasks, documents) side by
side when the pane is wide, and one above the other when it is narrow, so the page it
sits next to keeps a useful width at 1280 × 800.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QSplitter, QWidget

from app.services.context import ServiceContext
from ui.background import Changes
from ui.detail import LeadDetailPanel

WIDE_PX = 920
LONG_LINE_PX = 480  # from this pane width on, the halves sit side by side


class DetailDock(QDockWidget):
    def __init__(
        self, ctx: ServiceContext, changes: Changes, undo_stack: QUndoStack, parent: QWidget
    ) -> None:
        super().__init__("Lead", parent)
        self.setObjectName("lead_detail")
        self.panel = LeadDetailPanel(ctx, changes, undo_stack)
        self.setWidget(self.panel)
        self.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.BottomDockWidgetArea
        )
        close = QAction("Close lead", self)
        close.setShortcut(QKeySequence("Esc"))
        close.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        close.triggered.connect(self.hide)
        self.addAction(close)
        self.close_action = close
        self.panel.loaded.connect(lambda _detail: self._wrap_long_lines())
        self.dockLocationChanged.connect(lambda _area: self.fit(self.width()))
        self.topLevelChanged.connect(lambda _floating: self.fit(self.width()))

    def fit(self, width: int) -> None:
        """Side by side when the pane floats or sits at the bottom and is WIDE_PX or
        wider; one above the other on the right, where the page next to it needs the
        room (deciding by the pane's own width would flip-flop: side by side is wider)."""
        splitter = getattr(self.panel, "splitter", None)
        if not isinstance(splitter, QSplitter):
            return
        window = self.parentWidget()
        on_right = (
            not self.isFloating()
            and isinstance(window, QMainWindow)
            and window.dockWidgetArea(self) == Qt.DockWidgetArea.RightDockWidgetArea
        )
        wide = width >= WIDE_PX and not on_right
        wanted = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if splitter.orientation() != wanted:
            splitter.setOrientation(wanted)
            total = width if wide else max(splitter.height(), 600)
            splitter.setSizes([total * 2 // 5, total * 3 // 5])
        # Forget the cached minimum sizes up the chain (they may date from the other
        # orientation): the dock takes its width from them when shown.
        widget: QWidget | None = splitter
        while widget is not None and widget is not self:
            widget.updateGeometry()
            widget = widget.parentWidget()

    def _wrap_long_lines(self) -> None:
        """A one-line label wider than LONG_LINE_PX (the dates under the name) would hold
        the pane that wide; wrapped, it takes two lines instead."""
        for label in self.panel.findChildren(QLabel):
            if not label.wordWrap() and label.minimumSizeHint().width() > LONG_LINE_PX:
                label.setWordWrap(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.fit(event.size().width())
        super().resizeEvent(event)
