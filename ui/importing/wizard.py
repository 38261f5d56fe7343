"""The import wizard: choose files → preview and columns → import → possible duplicates →
summary (with "Undo this import").

The import runs once, queueing uncertain matches; the review page then resolves them one
by one (`resolve_possible_duplicate`), and whatever is left stays in Possible duplicates.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget, QWizard

from app.services.context import ServiceContext
from ui.background import Changes
from ui.importing.files_page import FilesPage
from ui.importing.mapping_page import MappingPage
from ui.importing.run_page import RunPage
from ui.importing.summary_page import ReviewPage, SummaryPage

FILES, MAPPING, RUN, REVIEW, SUMMARY = range(5)
WAIT_MS = 100


class ImportWizard(QWizard):
    """Import contacts from CSV and vCard files into one undoable batch."""

    def __init__(
        self, ctx: ServiceContext, changes: Changes, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import contacts")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Next >")
        self.files_page = FilesPage(ctx)
        self.mapping_page = MappingPage(self.files_page)
        self.run_page = RunPage(ctx, changes, self.files_page, self.mapping_page)
        self.review_page = ReviewPage(ctx, changes, self.run_page)
        self.summary_page = SummaryPage(ctx, changes, self.run_page)
        self.run_page.next_ids = (REVIEW, SUMMARY)
        for page_id, page in (
            (FILES, self.files_page),
            (MAPPING, self.mapping_page),
            (RUN, self.run_page),
            (REVIEW, self.review_page),
            (SUMMARY, self.summary_page),
        ):
            self.setPage(page_id, page)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Next >")
        self.currentIdChanged.connect(self._page_changed)
        self._close_when_stopped = False
        self.resize(980, 700)

    def add_files(self, paths: list[Path]) -> None:
        """Add files to the first page (as the file dialog or a drop would)."""
        self.files_page.add_files(paths)

    def _page_changed(self, page_id: int) -> None:
        # "Import" says what Next does on the columns page.
        text = "&Import" if page_id == MAPPING else "&Next >"
        self.setButtonText(QWizard.WizardButton.NextButton, text)

    def reject(self) -> None:
        """Closing while the import runs cancels it first (it rolls back), then closes
        once the worker has stopped, so no callback reaches a closed wizard."""
        if self.run_page.running:
            self.run_page.cancel()
            if not self._close_when_stopped:
                self._close_when_stopped = True
                self._wait_and_close()
            return
        super().reject()

    def _wait_and_close(self) -> None:
        if self.run_page.running:
            QTimer.singleShot(WAIT_MS, self._wait_and_close)
        else:
            super().reject()
