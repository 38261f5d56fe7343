"""The board's filter row: inquiry type, source, owner, status and a text box."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from app.services.board import BoardChoices, BoardFilter

TEXT_DELAY_MS = 250  # wait for a pause in typing before querying
COMBO_MIN_WIDTH = 80
UNASSIGNED = "unassigned"
STATUS_CHOICES = (
    ("active", "Active and closed"),
    ("on_hold", "On hold only"),
    ("nurture", "Nurture only"),
    ("all", "All statuses"),
)


def _combo(name: str, tip: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setToolTip(tip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    # An explicit minimum: the page can narrow (long names elide), and names loaded
    # later do not change the window's minimum size.
    combo.setMinimumWidth(COMBO_MIN_WIDTH)
    return combo


class FilterBar(QWidget):
    """Emits `changed` with the new BoardFilter whenever the broker changes one."""

    changed = Signal(object)  # BoardFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.type_combo = _combo("Inquiry type", "Only this inquiry type")
        self.source_combo = _combo("Source", "Only inquiries from this source")
        self.owner_combo = _combo("Owner", "Only inquiries this person owns")
        self.status_combo = _combo(
            "Status",
            "Active and closed: open inquiries, and everything funded or lost. "
            "On hold and nurture inquiries are off the board unless picked here.",
        )
        for key, label in STATUS_CHOICES:
            self.status_combo.addItem(label, key)
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText("Filter by name, email or phone")
        self.text_edit.setClearButtonEnabled(True)
        self.text_edit.setToolTip("Names starting with, emails starting with, phone digits")
        self.text_edit.setMinimumWidth(120)
        self.text_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Show every inquiry again")
        self.clear_button.clicked.connect(self.clear)
        self.set_choices(BoardChoices((), (), (), ()))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.text_edit, 1)
        for combo in (self.type_combo, self.source_combo, self.owner_combo, self.status_combo):
            layout.addWidget(combo)
        layout.addWidget(self.clear_button)

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_DELAY_MS)
        self._text_timer.timeout.connect(self._emit)
        self.text_edit.textChanged.connect(lambda _text: self._text_timer.start())
        self.text_edit.returnPressed.connect(self.apply_text_now)
        for combo in (self.type_combo, self.source_combo, self.owner_combo, self.status_combo):
            combo.activated.connect(lambda _index: self._emit())
        self._last = self.current()
        self._update_clear()

    def set_choices(self, choices: BoardChoices) -> None:
        """Fill the boxes, keeping what is picked (if it still exists)."""
        picked = self.current()
        owner_key: object = UNASSIGNED if picked.unassigned else picked.owner_id
        for combo, anything, items, keep in (
            (self.type_combo, "All types", [(c.key, c.name) for c in choices.types],
             picked.type_key),
            (self.source_combo, "All sources", [(c.key, c.name) for c in choices.sources],
             picked.source_key),
            (self.owner_combo, "Any owner",
             [(UNASSIGNED, "Unassigned"), *((o.id, o.name) for o in choices.owners)],
             owner_key),
        ):  # fmt: skip
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(anything, None)
            for key, name in items:
                combo.addItem(name, key)
            found = combo.findData(keep) if keep is not None else 0
            combo.setCurrentIndex(max(0, found))
            combo.blockSignals(False)

    def current(self) -> BoardFilter:
        owner = self.owner_combo.currentData()
        return BoardFilter(
            type_key=self.type_combo.currentData(),
            source_key=self.source_combo.currentData(),
            owner_id=owner if isinstance(owner, int) else None,
            unassigned=owner == UNASSIGNED,
            status=self.status_combo.currentData() or "active",
            text=" ".join(self.text_edit.text().split()),
        )

    def set_filter(self, flt: BoardFilter) -> None:
        """Show `flt` in the boxes (values not offered are ignored) and apply it now."""
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(flt.type_key)))
        self.source_combo.setCurrentIndex(max(0, self.source_combo.findData(flt.source_key)))
        owner: object = UNASSIGNED if flt.unassigned else flt.owner_id
        self.owner_combo.setCurrentIndex(max(0, self.owner_combo.findData(owner)))
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(flt.status)))
        self.text_edit.blockSignals(True)
        self.text_edit.setText(flt.text)
        self.text_edit.blockSignals(False)
        self._emit()

    def clear(self) -> None:
        self.set_filter(BoardFilter())

    def apply_text_now(self) -> None:
        """Skip the typing pause (Enter in the box)."""
        if self._text_timer.isActive():
            self._text_timer.stop()
            self._emit()

    def _emit(self) -> None:
        self._text_timer.stop()
        flt = self.current()
        self._update_clear()
        if flt != self._last:
            self._last = flt
            self.changed.emit(flt)

    def _update_clear(self) -> None:
        self.clear_button.setEnabled(self.current() != BoardFilter())
