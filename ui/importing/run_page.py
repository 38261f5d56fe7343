"""Wizard page 3: the import runs once, off the GUI thread, with a progress bar and Cancel.

Possible duplicates are queued (review="queue"), so the import runs a single time and the
next page works through the queued rows; a cancelled or failed import changes nothing and
the broker can go back, change the columns, and try again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app.errors import LeadkeeperError
from app.importing.batch import CANCELLED, ImportSummary
from app.services.context import ServiceContext
from ui.background import CONTACTS, Changes, run_in_background
from ui.importing.common import IMPORTS, wrapped
from ui.importing.files_page import FilesPage
from ui.importing.job import SCALE, FilePlan, ProgressRelay, run_import
from ui.importing.mapping_page import MappingPage
from ui.theme import tone_color

log = logging.getLogger(__name__)
CANCELLED_TEXT = "Import cancelled; nothing was changed."


class RunPage(QWizardPage):
    """Runs the import when shown; goes on by itself when it is done."""

    def __init__(
        self, ctx: ServiceContext, changes: Changes, files: FilesPage, mapping: MappingPage
    ) -> None:
        super().__init__()
        self._ctx, self._changes = ctx, changes
        self._files, self._mapping = files, mapping
        self.summary: ImportSummary | None = None
        self.running = False
        self.outcome = ""  # "", "done", "cancelled" or "failed"
        self.next_ids = (-1, -1)  # (review page, summary page), set by the wizard
        self.setTitle("Importing")
        self.setSubTitle("Reading, matching against your contacts, and saving: one batch.")
        self.relay = ProgressRelay(self)
        self.relay.progressed.connect(self._progressed)
        self.status = wrapped("Starting…")
        self.progress = QProgressBar()
        self.progress.setRange(0, SCALE)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("&Cancel import")
        self.cancel_button.setToolTip("Stop now: the import is rolled back, nothing is changed")
        self.cancel_button.clicked.connect(self.cancel)
        self.retry_button = QPushButton("&Try again")
        self.retry_button.clicked.connect(self.start)
        self.retry_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        layout.addStretch(2)

    def initializePage(self) -> None:
        if self.summary is None and not self.running:
            QTimer.singleShot(0, self.start)  # show the page first

    def start(self) -> None:
        """Run the import in the background (once; again after a cancel or failure)."""
        if self.running or self.summary is not None:
            return
        plans = [
            FilePlan(editor.entry.read, editor.mapping(), editor.edited())
            for editor in self._mapping.editors.values()
            if editor.entry.read is not None
        ]
        ctx, relay, source = self._ctx, self.relay, self._files.source_name()
        self.relay.cancelled.clear()
        self.running, self.outcome = True, ""
        self.progress.setValue(0)
        self.status.setStyleSheet("")
        self.status.setText("Reading the rows…")
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.retry_button.hide()
        self._allow_back(False)
        run_in_background(
            lambda: run_import(ctx, plans, source_name=source, relay=relay),
            self._done,
            self._failed,
        )

    def cancel(self) -> None:
        """Ask the running import to stop; it rolls back."""
        if self.running:
            self.relay.cancelled.set()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling…")

    def _progressed(self, value: int, text: str) -> None:
        if self.running:
            self.progress.setValue(value)
            if not self.relay.cancelled.is_set():
                self.status.setText(text)

    def _done(self, summary: ImportSummary) -> None:
        self.running, self.outcome, self.summary = False, "done", summary
        self.progress.setValue(SCALE)
        self.status.setText("Import finished.")
        self.cancel_button.hide()
        self._changes.announce(CONTACTS, IMPORTS)
        self.setCommitPage(True)  # the batch exists now: no going back to the columns
        self.completeChanged.emit()
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            QTimer.singleShot(0, wizard.next)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        cancelled = isinstance(error, LeadkeeperError) and str(error) == CANCELLED
        self.outcome = "cancelled" if cancelled else "failed"
        if cancelled:
            text = CANCELLED_TEXT
        elif isinstance(error, LeadkeeperError):
            text = f"The import stopped and nothing was changed: {error}"
        else:
            log.error("import failed: %s", type(error).__name__)  # no personal data
            text = (
                f"The import failed ({type(error).__name__}) and nothing was changed. "
                "Details are in the log."
            )
            bad = tone_color("overdue")
            if bad is not None:
                self.status.setStyleSheet(f"color: {bad.name()}")
        self.status.setText(text)
        self.progress.setValue(0)
        self.cancel_button.hide()
        self.retry_button.show()
        self._allow_back(True)

    def _allow_back(self, allowed: bool) -> None:
        wizard = self.wizard()
        if wizard is not None:
            wizard.button(QWizard.WizardButton.BackButton).setEnabled(allowed)

    def isComplete(self) -> bool:
        return self.summary is not None

    def nextId(self) -> int:
        review, summary = self.next_ids
        return review if self.summary is not None and self.summary.review else summary
