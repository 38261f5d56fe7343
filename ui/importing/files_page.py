"""Wizard page 1: choose the files (button or drag and drop); each is read at once, in the
background, so the page can say what it found before the broker goes on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QBrush, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from app.importing.dedup import paused_gc
from app.importing.mapping import MappingProposal, propose_mapping, recall_mapping
from app.importing.reading import ReadFile, read_file
from app.services.context import ServiceContext
from ui.background import run_in_background
from ui.importing.common import plural, wrapped
from ui.theme import tone_color

FILE_FILTER = "Contacts (*.csv *.txt *.tsv *.vcf *.vcard);;All files (*)"


@dataclass
class FileEntry:
    """A chosen file: read (or why not), its proposed and remembered mappings."""

    path: Path
    read: ReadFile | None = None
    error: str = ""
    proposal: MappingProposal | None = None
    recalled: dict[str, str] | None = None

    @property
    def pending(self) -> bool:
        return self.read is None and not self.error


def read_entry(ctx: ServiceContext, path: Path) -> FileEntry:
    """Read one file and work out its mappings (runs in the background)."""
    with paused_gc():  # a large file is 100,000s of new objects: see dedup.paused_gc
        read = read_file(path)
    with ctx.db.session() as session:
        recalled = recall_mapping(session, read.headers)
    return FileEntry(path, read, "", propose_mapping(read.headers), recalled)


def describe(entry: FileEntry) -> str:
    """The list line for a file: what was found, or why it cannot be imported."""
    if entry.pending:
        return f"{entry.path.name} — reading…"
    if entry.read is None:
        return f"{entry.path.name} — cannot be imported: {entry.error}"
    read = entry.read
    what = plural(read.record_count, "row")
    if read.kind == "vcard":
        what = plural(read.record_count, "card")
    label = entry.proposal.label if entry.proposal else ""
    found = f", {label}" if label and entry.recalled is None else ""
    return f"{entry.path.name} — {what}{found}"


class FilesPage(QWizardPage):
    """Choose files: several CSV, tab-separated or vCard files, imported as one batch."""

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.entries: list[FileEntry] = []
        self.setTitle("Choose files")
        self.setSubTitle(
            "Contacts exported from Google, Outlook, your phone (vCard), LinkedIn or a "
            "spreadsheet (CSV or tab-separated text). Drag files here or add them."
        )
        self.setAcceptDrops(True)
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton("&Add files…")
        self.add_button.clicked.connect(self._choose)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.clicked.connect(self._remove_selected)
        self.source_edit = QLineEdit()
        self.source_edit.setPlaceholderText("Name of this import (default: the file names)")
        self.hint = wrapped(
            "All files are imported together as one batch, which you can undo later from Imports."
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.source_edit)
        layout.addWidget(self.hint)
        self._update_buttons()

    # --- adding and removing ------------------------------------------------------------

    def add_files(self, paths: list[Path]) -> None:
        """Add files (ignoring ones already listed) and read them in the background."""
        known = {entry.path.resolve() for entry in self.entries}
        for path in paths:
            if path.resolve() in known or path.is_dir():
                continue
            known.add(path.resolve())
            entry = FileEntry(path)
            self.entries.append(entry)
            self._read_in_background(entry)
        self._refresh()

    def _read_in_background(self, entry: FileEntry) -> None:
        ctx, path = self._ctx, entry.path

        def done(found: FileEntry) -> None:
            self._read(entry, found)

        def failed(error: BaseException) -> None:
            self._failed(entry, error)

        run_in_background(lambda: read_entry(ctx, path), done, failed)

    def _read(self, entry: FileEntry, found: FileEntry) -> None:
        entry.read, entry.proposal, entry.recalled = found.read, found.proposal, found.recalled
        self._refresh()

    def _failed(self, entry: FileEntry, error: BaseException) -> None:
        entry.error = str(error) or type(error).__name__
        self._refresh()

    def _choose(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import contacts", "", FILE_FILTER)
        self.add_files([Path(name) for name in names])

    def _remove_selected(self) -> None:
        rows = sorted((index.row() for index in self.list.selectedIndexes()), reverse=True)
        for row in rows:
            del self.entries[row]
        self._refresh()

    # --- drag and drop ------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.add_files(paths)
            event.acceptProposedAction()

    # --- state --------------------------------------------------------------------------

    def readable(self) -> list[FileEntry]:
        """The files that were read and will be imported."""
        return [entry for entry in self.entries if entry.read is not None]

    def source_name(self) -> str:
        typed = " ".join(self.source_edit.text().split())
        return typed or ", ".join(entry.path.name for entry in self.readable())

    def isComplete(self) -> bool:
        pending = any(entry.pending for entry in self.entries)
        return bool(self.readable()) and not pending

    def _refresh(self) -> None:
        self.list.clear()
        bad = tone_color("overdue")
        for entry in self.entries:
            item = QListWidgetItem(describe(entry))
            item.setToolTip(str(entry.path))
            if entry.error and bad is not None:
                item.setForeground(QBrush(bad))
            self.list.addItem(item)
        unreadable = [entry for entry in self.entries if entry.error]
        self.hint.setText(
            (
                f"{plural(len(unreadable), 'file')} cannot be imported and will be left out. "
                if unreadable
                else ""
            )
            + "All files are imported together as one batch, which you can undo later "
            "from Imports."
        )
        self._update_buttons()
        self.completeChanged.emit()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))
