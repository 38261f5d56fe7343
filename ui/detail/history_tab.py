"""Stage history: every stage the inquiry passed through and how long it stayed."""

from __future__ import annotations

from datetime import UTC, tzinfo

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.services.detail import StageSpan, format_duration
from ui.detail.rows import Column, RowsModel, table_view
from ui.detail.text import when


class HistoryTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz: tzinfo = UTC
        self.model: RowsModel[StageSpan] = RowsModel(
            [
                Column("Stage", lambda s: s.stage_name, bold=lambda s: s.current),
                Column("Entered", lambda s: when(s.entered_at, self._tz)),
                Column("Left", lambda s: "still here" if s.current else when(s.left_at, self._tz)),
                Column(
                    "Time in stage", lambda s: format_duration(s.duration), bold=lambda s: s.current
                ),
                Column("Note", lambda s: s.note, lambda s: s.note),
            ],
            self,
        )
        self.view = table_view(self.model, stretch=4)
        self.total = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.total)

    def show_spans(self, spans: tuple[StageSpan, ...], tz: tzinfo) -> None:
        self._tz = tz
        self.model.set_rows(spans)
        if spans:
            total = sum((s.duration for s in spans), spans[0].duration * 0)
            self.total.setText(
                f"{len(spans)} stage{'s' if len(spans) != 1 else ''} over {format_duration(total)}"
            )
        else:
            self.total.setText("No stage changes recorded.")
