"""The Reports page: pick a report, filter it, read its chart beside its table, click a
bar or row to list the inquiries behind it, and export either."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.clock import today
from app.reports import REPORTS, ReportFilter, ReportTable, run_report, write_csv
from app.services.board import board_choices
from app.services.context import ServiceContext
from ui.background import INQUIRIES, TASKS, Changes, keep_fresh, report_failure, run_in_background
from ui.reports.behind import InquiriesBehind, table_view
from ui.reports.chart import ReportChart
from ui.reports.chart_spec import chart_spec, funnel_groups
from ui.reports.filters import ReportFilterBar
from ui.reports.options import ReportOptions
from ui.reports.table_model import ReportTableModel
from ui.theme import muted_color

# The reports the page offers, in the order the broker reads them (name, list label).
PAGE_REPORTS = (
    ("sources", "Lead sources"),
    ("response", "Response time"),
    ("funnel", "Funnel"),
    ("stalled", "Stalled"),
    ("overdue", "Overdue follow-ups"),
    ("roi", "Source ROI"),
    ("lost", "Lost reasons"),
    ("partners", "Referral partners"),
    ("renewals", "Renewals due"),
)
FORWARD_REPORTS = ("renewals",)
# Which cells name a row in the "inquiries behind ..." line (default: the first column).
_ROW_NAME_KEYS = {"funnel": ("group", "stage"), "renewals": ("client",)}
EMPTY_TEXT = "No inquiries in this range"


class ReportsPage(QWidget):
    """Emits `open_inquiry(id)` when the broker double-clicks a listed inquiry."""

    open_inquiry = Signal(int)

    def __init__(
        self, ctx: ServiceContext, changes: Changes, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._generation = 0  # a result from an older run is dropped
        self.table: ReportTable | None = None

        self.picker = QListWidget()
        self.picker.setAccessibleName("Reports")
        self.picker.setSpacing(2)
        for name, label in PAGE_REPORTS:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(REPORTS[name].title)
            self.picker.addItem(item)
        self.picker.setFixedWidth(self.picker.sizeHintForColumn(0) + 28)

        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # "working", no percentage
        self.busy.setMaximumWidth(90)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Working")
        self.busy.hide()
        self.status = QLabel()
        self.export_chart_button = QPushButton("Export chart…")
        self.export_chart_button.setToolTip("Save the chart as a PNG image")
        self.export_chart_button.clicked.connect(self.export_chart)
        self.export_table_button = QPushButton("Export table…")
        self.export_table_button.setToolTip("Save the table as a CSV file for a spreadsheet")
        self.export_table_button.clicked.connect(self.export_table)

        self.filters = ReportFilterBar(today(ctx.clock))
        self.filters.changed.connect(lambda _f: self.run())
        self.options = ReportOptions()
        self.options.changed.connect(self.run)
        self.group_combo = QComboBox()
        self.group_combo.setAccessibleName("Funnel to chart")
        self.group_combo.setToolTip("Which group's funnel the chart shows")
        self.group_combo.currentIndexChanged.connect(lambda _i: self._draw_chart())

        self.chart = ReportChart()
        self.chart.clicked.connect(self.select_rows)
        self.model = ReportTableModel(self)
        self.view = table_view("Report table")
        self.view.setModel(self.model)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.note = QLabel()
        self.note.setWordWrap(True)
        muted = f"color: {muted_color().name()}"
        self.note.setStyleSheet(muted)

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(muted + "; font-size: 14pt")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.chart)
        split.addWidget(self.view)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(split)
        self.stack.addWidget(self.empty)

        self.behind = InquiriesBehind(ctx)
        self.behind.open_inquiry.connect(self.open_inquiry)
        # Short names for tests and for the window: the list under the report.
        self.list_label, self.list_model, self.list_view = (
            self.behind.label,
            self.behind.model,
            self.behind.view,
        )

        self._layout_page()
        self.picker.currentRowChanged.connect(self._report_picked)
        self.picker.setCurrentRow(0)
        keep_fresh(self, changes, (INQUIRIES, TASKS), self.refresh)

    def _layout_page(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.busy)
        header.addStretch(1)
        header.addWidget(self.status)
        header.addWidget(self.export_chart_button)
        header.addWidget(self.export_table_button)
        option_row = QHBoxLayout()
        option_row.addWidget(self.options)
        option_row.addWidget(self.group_combo)
        option_row.addStretch(1)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.stack, 1)
        top_layout.addWidget(self.note)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(top)
        body.addWidget(self.behind)
        body.setStretchFactor(0, 2)
        body.setStretchFactor(1, 1)
        body.setChildrenCollapsible(False)

        right = QVBoxLayout()
        right.addLayout(header)
        right.addWidget(self.filters)
        right.addLayout(option_row)
        right.addWidget(body, 1)
        outer = QHBoxLayout(self)
        outer.addWidget(self.picker)
        outer.addLayout(right, 1)

    # -- running -------------------------------------------------------------------

    @property
    def report_name(self) -> str:
        item = self.picker.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else PAGE_REPORTS[0][0]

    def show_report(self, name: str) -> None:
        """Switch to the report called `name` (one of PAGE_REPORTS)."""
        self.picker.setCurrentRow([n for n, _ in PAGE_REPORTS].index(name))

    def _report_picked(self) -> None:
        name = self.report_name
        self.title.setText(REPORTS[name].title)
        self.options.show_report(name)
        self.filters.set_looking_ahead(name in FORWARD_REPORTS)
        self.run()

    def refresh(self) -> None:
        """Reload the filter choices and run the report again (data changed)."""
        run_in_background(
            lambda: board_choices(self._ctx), self.filters.set_choices, self._failed_now
        )
        self.run()

    def run(self) -> None:
        """Run the current report off the GUI thread; a newer run wins."""
        self._generation += 1
        generation = self._generation
        name, flt, options = self.report_name, self.current_filter, self.options.values()
        ctx = self._ctx
        self.busy.show()
        run_in_background(
            lambda: run_report(ctx, name, flt, **options),
            lambda table: self._loaded(generation, table),
            lambda exc: self._failed(generation, exc),
        )

    @property
    def current_filter(self) -> ReportFilter:
        """The filter the current report runs with. Renewals look ahead (the next six
        months) unless the broker typed a range: the presets all look back."""
        flt = self.filters.current()
        if self.report_name in FORWARD_REPORTS and not self.filters.is_custom():
            return replace(flt, date_from=None, date_to=None)
        return flt

    def _loaded(self, generation: int, table: ReportTable) -> None:
        if generation != self._generation:
            return
        self.busy.hide()
        self.table = table
        self.model.set_table(table)
        self.view.resizeColumnsToContents()
        self.note.setText(table.note)
        self._fill_groups(table)
        empty = not any(table.row_inquiry_ids[: len(table.body_rows)])
        self.stack.setCurrentWidget(self.empty if empty else self.stack.widget(0))
        self._draw_chart()
        self.behind.show_ids(())

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.busy.hide()
            report_failure(self, exc)

    def _failed_now(self, exc: BaseException) -> None:
        report_failure(self, exc)

    def _fill_groups(self, table: ReportTable) -> None:
        groups = funnel_groups(table) if table.name == "funnel" else ()
        picked = self.group_combo.currentText()
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        self.group_combo.addItems(list(groups))
        if picked in groups:
            self.group_combo.setCurrentText(picked)
        self.group_combo.blockSignals(False)
        self.group_combo.setVisible(len(groups) > 1)

    def _draw_chart(self) -> None:
        if self.table is not None:
            self.chart.show_spec(chart_spec(self.table, self.group_combo.currentText() or None))

    # -- click-through -------------------------------------------------------------

    def select_rows(self, rows: tuple[int, ...]) -> None:
        """Select table rows (a clicked bar's), which lists their inquiries."""
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for row in rows:
            selection.select(self.model.index(row, 0), self.model.index(row, last))
        self.view.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        if rows:
            self.view.scrollTo(self.model.index(rows[0], 0))

    def _selection_changed(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        ids: set[int] = set()
        for row in rows:
            ids.update(self.model.inquiry_ids(row))
        what = self._row_name(rows[0]) if len(rows) == 1 else ""
        self.behind.show_ids(tuple(sorted(ids)), what)

    def _row_name(self, row: int) -> str:
        """How the list names a row: its category, e.g. "Website form · Contacted"."""
        table = self.table
        if table is None or self.model.is_total(row):
            return "Total" if table else ""
        keys = _ROW_NAME_KEYS.get(table.name, (table.columns[0].key,))
        parts = [str(table.rows[row].get(k) or "") for k in keys]
        return " · ".join(p for p in parts if p and p != "All")

    # -- export --------------------------------------------------------------------

    def _ask_path(self, caption: str, suffix: str, kind: str) -> Path | None:
        suggested = f"{self.report_name}-{today(self._ctx.clock).isoformat()}.{suffix}"
        name, _ = QFileDialog.getSaveFileName(self, caption, suggested, kind)
        if not name:
            return None
        path = Path(name)
        return (
            path if path.suffix.lower() == f".{suffix}" else path.with_name(f"{path.name}.{suffix}")
        )

    def export_chart(self) -> None:
        path = self._ask_path("Export chart", "png", "PNG image (*.png)")
        if path is None:
            return
        if self.chart.save_png(path):
            self.status.setText(f"Saved {path.name}")
        else:
            report_failure(self, OSError(f"could not write {path}"))

    def export_table(self) -> None:
        if self.table is None:
            return
        path = self._ask_path("Export table", "csv", "CSV file (*.csv)")
        if path is None:
            return
        table = self.table
        try:
            with path.open("w", newline="", encoding="utf-8") as out:
                write_csv(table, out)
        except OSError as exc:
            report_failure(self, exc)
            return
        self.status.setText(f"Saved {path.name}")
