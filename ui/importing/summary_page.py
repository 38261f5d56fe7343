"""Wizard pages 4 and 5: the review of uncertain matches, and the summary with its counts,
the rejected rows and "Undo this import"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from app.importing.history import BatchInfo, get_batch
from app.importing.undo import UndoSummary, undo_import
from app.services.context import ServiceContext
from ui.background import CONTACTS, Changes, run_in_background
from ui.importing.common import IMPORTS, plural, title_label, wrapped
from ui.importing.review_panel import ReviewPanel
from ui.importing.run_page import RunPage
from ui.theme import tone_color

COUNTS = (
    ("rows", "Rows read", "Every row of the files, whatever became of it"),
    ("created", "New contacts", "People who were not in Leadkeeper yet"),
    ("merged", "Merged", "Rows folded into contacts you had: empty fields filled, nothing "
     "overwritten"),
    ("review", "Waiting for review", "Possible duplicates you have not decided yet: they "
     "wait under Imports ▸ Possible duplicates"),
    ("skipped", "Skipped", "Already in Leadkeeper with nothing new, or skipped by you"),
    ("rejected", "Rejected", "Rows that could not be imported; the reasons are below"),
)  # fmt: skip
VISIBLE_REJECTED = 8  # rows shown before the table scrolls


def _tile(caption: str, tip: str) -> tuple[QFrame, QLabel]:
    """A framed count: the number large, its caption under it."""
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setToolTip(tip)
    number = QLabel("…")
    font = number.font()
    font.setPointSizeF(font.pointSizeF() * 1.8)
    font.setBold(True)
    number.setFont(font)
    number.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text = QLabel(caption)
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    box = QVBoxLayout(frame)
    box.addWidget(number)
    box.addWidget(text)
    return frame, number


class ReviewPage(QWizardPage):
    """Uncertain matches of this import, decided one by one or above a score."""

    def __init__(self, ctx: ServiceContext, changes: Changes, run: RunPage) -> None:
        super().__init__()
        self._run = run
        self.setTitle("Possible duplicates")
        self.setSubTitle(
            "These rows look like contacts you already have, but not surely enough to merge "
            "them without you. Undecided rows wait in Possible duplicates."
        )
        self.panel = ReviewPanel(ctx, changes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)

    def initializePage(self) -> None:
        summary = self._run.summary
        self.panel.batch_id = summary.batch_id if summary else -1
        self.panel.reload()


class SummaryPage(QWizardPage):
    """What the import did; the rejected rows with their reasons; undo the whole batch."""

    def __init__(self, ctx: ServiceContext, changes: Changes, run: RunPage) -> None:
        super().__init__()
        self._ctx, self._changes, self._run = ctx, changes, run
        self.info: BatchInfo | None = None
        self.undone: UndoSummary | None = None
        self.setTitle("Import finished")
        self.setSubTitle("Every row of the files is counted below.")
        self.count_labels: dict[str, QLabel] = {}
        tiles = QHBoxLayout()
        for key, caption, tip in COUNTS:
            frame, number = _tile(caption, tip)
            self.count_labels[key] = number
            tiles.addWidget(frame)
        self.waiting_note = wrapped()
        self.rejected_title = title_label("Rejected rows", 1.05)
        self.rejected = QTableWidget(0, 3)
        self.rejected.setHorizontalHeaderLabels(["File", "Row", "Reason"])
        self.rejected.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejected.verticalHeader().setVisible(False)
        self.rejected.setAlternatingRowColors(True)
        header = self.rejected.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.undo_button = QPushButton("&Undo this import")
        self.undo_button.setToolTip(
            "Remove the contacts this import created and take back its merges"
        )
        self.undo_button.clicked.connect(self.undo)
        self.undo_status = wrapped()
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_button)
        undo_row.addWidget(self.undo_status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(tiles)
        layout.addWidget(self.waiting_note)
        layout.addSpacing(8)
        layout.addWidget(self.rejected_title)
        layout.addWidget(self.rejected, 1)
        layout.addSpacing(8)
        layout.addLayout(undo_row)
        layout.addStretch(0)

    def initializePage(self) -> None:
        summary = self._run.summary
        if summary is None or summary.batch_id is None:
            return
        rejected = summary.rejected
        self.rejected.setRowCount(len(rejected))
        for row, item in enumerate(rejected):
            for column, text in enumerate((item.file, str(item.row), item.reason)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.rejected.setItem(row, column, cell)
        self.rejected_title.setText(
            f"Rejected rows ({len(rejected):,})" if rejected else "No row was rejected."
        )
        self.rejected.setVisible(bool(rejected))
        self.rejected.resizeRowsToContents()
        shown = min(len(rejected), VISIBLE_REJECTED)
        height = self.rejected.horizontalHeader().height() + 2 * self.rejected.frameWidth()
        height += sum(self.rejected.rowHeight(r) for r in range(shown))
        self.rejected.setMaximumHeight(
            height + 2 if len(rejected) <= VISIBLE_REJECTED else 16777215
        )
        self.refresh()

    def refresh(self) -> None:
        """Read the batch's current counts (review decisions change them)."""
        summary = self._run.summary
        if summary is None or summary.batch_id is None:
            return
        ctx, batch_id = self._ctx, summary.batch_id
        run_in_background(lambda: get_batch(ctx, batch_id), self._show)

    def _show(self, info: BatchInfo) -> None:
        self.info = info
        for key, label in self.count_labels.items():
            label.setText(f"{getattr(info, key):,}")
        self.waiting_note.setText(
            f"{plural(info.review, 'row waits', 'rows wait')} for your decision under Imports ▸ "
            "Possible duplicates."
            if info.review and not info.undone
            else ""
        )
        if info.undone and self.undone is None:
            self.undo_button.setEnabled(False)
            self.undo_status.setText("This import was undone.")

    def undo(self) -> None:
        """Undo the whole batch in the background; show the refusal if it is refused."""
        summary = self._run.summary
        if summary is None or summary.batch_id is None:
            return
        ctx, batch_id = self._ctx, summary.batch_id
        self.undo_button.setEnabled(False)
        self.undo_status.setStyleSheet("")
        self.undo_status.setText("Undoing…")
        run_in_background(lambda: undo_import(ctx, batch_id), self._undone, self._refused)

    def _undone(self, result: UndoSummary) -> None:
        self.undone = result
        self.undo_status.setText(
            f"Import undone: removed {plural(result.contacts_removed, 'contact')} and took "
            f"back {plural(result.merges_reverted, 'merge')}. Your contacts are as they "
            "were before."
        )
        self._changes.announce(CONTACTS, IMPORTS)
        self.refresh()

    def _refused(self, error: BaseException) -> None:
        bad = tone_color("overdue")
        if bad is not None:
            self.undo_status.setStyleSheet(f"color: {bad.name()}")
        self.undo_status.setText(str(error) or type(error).__name__)
        self.undo_button.setEnabled(True)
