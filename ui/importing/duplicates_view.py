"""The Possible duplicates page: import rows waiting for the broker's decision, and Find
duplicates over the contacts already in Leadkeeper (in the background, with a busy bar)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.context import ServiceContext
from ui.background import CONTACTS, Changes, keep_fresh, report_failure, run_in_background
from ui.importing.common import IMPORTS, title_label, wrapped
from ui.importing.found_panel import FoundPairs, FoundPanel, find_pairs
from ui.importing.review_panel import ReviewPanel

WAITING_TAB, FOUND_TAB = 0, 1


class DuplicatesPage(QWidget):
    """Work through possible duplicates; find duplicates among existing contacts."""

    def __init__(
        self, ctx: ServiceContext, changes: Changes, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.finding = False
        self.find_button = QPushButton("&Find duplicates")
        self.find_button.setToolTip(
            "Compare every contact with the others, as an import would, and list the pairs "
            "that look like one person"
        )
        self.find_button.clicked.connect(self.run_find)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # "working", no percentage
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.review = ReviewPanel(ctx, changes)
        self.found = FoundPanel(ctx, changes)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.review, "Waiting for a decision")
        self.tabs.addTab(self.found, "Found in your contacts")
        self.review.loaded.connect(self._retitle)
        self.found.merged.connect(self._retitle)
        self.title = title_label("Possible duplicates")
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(self.find_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(
            wrapped(
                "Rows an import was not sure about wait here until you decide. Find "
                "duplicates looks for the same person entered twice among your contacts."
            )
        )
        layout.addWidget(self.tabs, 1)
        keep_fresh(self, changes, {CONTACTS, IMPORTS}, self.refresh)

    def refresh(self) -> None:
        """Reload the waiting rows."""
        self.review.reload()

    def _retitle(self) -> None:
        waiting = len(self.review.data.items)
        self.tabs.setTabText(WAITING_TAB, f"Waiting for a decision ({waiting:,})")
        found = len(self.found.found.pairs)
        suffix = f" ({found:,})" if self.found.searched else ""
        self.tabs.setTabText(FOUND_TAB, "Found in your contacts" + suffix)

    def run_find(self) -> None:
        """Run Find duplicates in the background."""
        if self.finding:
            return
        self.finding = True
        self.find_button.setEnabled(False)
        self.busy.show()
        ctx = self._ctx
        run_in_background(lambda: find_pairs(ctx), self._found, self._failed)

    def _found(self, found: FoundPairs) -> None:
        self._stop()
        self.found.show_found(found)
        self.tabs.setCurrentIndex(FOUND_TAB)
        self._retitle()

    def _failed(self, error: BaseException) -> None:
        self._stop()
        report_failure(self, error)

    def _stop(self) -> None:
        self.finding = False
        self.find_button.setEnabled(True)
        self.busy.hide()
