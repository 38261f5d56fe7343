"""The Reports page on demo data: every report draws, filters re-run, clicks list the
inquiries behind a bar or row, and exports write files a spreadsheet can read."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.reports import format_cell
from app.services.context import ServiceContext, open_context
from app.services.demo import generate_demo
from tests.ui.conftest import add_test_lead
from ui import background
from ui.background import INQUIRIES, Changes
from ui.reports import ReportsPage
from ui.reports.page import EMPTY_TEXT, PAGE_REPORTS

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
# The offscreen platform cannot size a top-level window to its hints; harmless here.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database per module (60 contacts); each test gets its own copy."""
    path = tmp_path_factory.mktemp("reports") / "demo.db"
    ctx = open_context(path, FixedClock(current=NOW))
    try:
        generate_demo(ctx, contacts=60)
    finally:
        ctx.db.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[ServiceContext]:
    path = tmp_path / "leadkeeper.db"
    shutil.copy(demo_file, path)
    ctx = open_context(path, FixedClock(current=NOW))
    try:
        yield ctx
    finally:
        ctx.db.close()


@pytest.fixture
def changes() -> Changes:
    return Changes()


@pytest.fixture
def page(demo: ServiceContext, changes: Changes, qtbot: QtBot) -> ReportsPage:
    widget = ReportsPage(demo, changes)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _row_center(view, row: int) -> QPoint:  # type: ignore[no-untyped-def]
    return view.visualRect(view.model().index(row, 0)).center()


def _first_row_with_ids(page: ReportsPage) -> int:
    table = page.table
    assert table is not None
    return next(i for i, ids in enumerate(table.row_inquiry_ids) if ids)


@pytest.mark.parametrize("name", [n for n, _ in PAGE_REPORTS])
def test_every_report_shows_a_table_beside_a_chart(page: ReportsPage, name: str) -> None:
    page.show_report(name)
    assert page.table is not None and page.table.name == name
    assert page.model.rowCount() == len(page.table.rows) > 0
    assert page.stack.currentWidget() is not page.empty
    assert page.chart.items, "the chart draws at least one bar or line"
    assert not page.busy.isVisible()
    # The table shows cells the way the command line prints them.
    column = page.table.columns[0]
    shown = page.model.index(0, 0).data()
    assert shown == format_cell(column, page.table.rows[0].get(column.key))


def test_total_row_is_bold_and_left_out_of_the_chart(page: ReportsPage) -> None:
    page.show_report("lost")
    table = page.table
    assert table is not None and table.has_total
    last = len(table.rows) - 1
    assert page.model.index(last, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert page.model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None
    assert page.chart.spec is not None
    assert len(page.chart.spec.labels) == len(table.rows) - 1


def test_a_range_without_inquiries_shows_the_empty_state(page: ReportsPage) -> None:
    page.show_report("sources")
    page.filters.set_range(date(2001, 1, 1), date(2001, 3, 31))
    assert page.current_filter.date_from == date(2001, 1, 1)
    assert page.stack.currentWidget() is page.empty
    assert page.empty.text() == EMPTY_TEXT
    assert not page.chart.items

    page.filters.set_preset("all")
    assert page.current_filter.date_from is None
    assert page.stack.currentWidget() is not page.empty
    assert page.chart.items


def test_a_filter_narrows_the_report(page: ReportsPage) -> None:
    page.show_report("roi")
    page.filters.set_preset("all")
    everyone = page.table
    combo = page.filters.source_combo
    combo.setCurrentIndex(combo.findData("website_form"))
    assert page.current_filter.source_keys == ("website_form",)
    assert page.table is not everyone and page.table is not None
    sources = {row["source"] for row in page.table.body_rows if row.get("leads")}
    assert sources == {"Website form"}


def test_an_option_reruns_the_report(page: ReportsPage) -> None:
    page.show_report("sources")
    assert page.table is not None and page.table.columns[0].label == "Month"
    page.options.boxes["period"].setCurrentIndex(1)  # week
    assert page.table.columns[0].label != "Month"
    assert all("-W" in str(r["period"]) for r in page.table.body_rows)


def test_clicking_a_row_lists_its_inquiries_and_double_click_opens_one(
    page: ReportsPage, qtbot: QtBot
) -> None:
    page.show_report("response")
    row = _first_row_with_ids(page)
    assert page.table is not None
    wanted = page.table.row_inquiry_ids[row]
    qtbot.mouseClick(
        page.view.viewport(), Qt.MouseButton.LeftButton, pos=_row_center(page.view, row)
    )

    listed = page.list_model.table
    assert listed is not None
    assert sorted(r["inquiry_id"] for r in listed.rows) == sorted(wanted)
    assert page.list_label.text().startswith(f"{len(wanted)} inquir")

    first_listed = listed.rows[0]["inquiry_id"]
    at = _row_center(page.list_view, 0)
    with qtbot.waitSignal(page.open_inquiry, timeout=1000) as opened:
        # A real double-click starts with a press on the same row.
        qtbot.mouseClick(page.list_view.viewport(), Qt.MouseButton.LeftButton, pos=at)
        qtbot.mouseDClick(page.list_view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert opened.args == [first_listed]


@pytest.mark.parametrize("name", ["lost", "sources", "overdue"])
def test_clicking_a_bar_lists_the_inquiries_behind_it(
    page: ReportsPage, qtbot: QtBot, name: str
) -> None:
    page.show_report(name)
    spec = page.chart.spec
    assert spec is not None and page.table is not None
    index = next(i for i, rows in enumerate(spec.rows) if page.table.row_inquiry_ids[rows[0]])
    where = page.chart.bar_scene_pos(index).toPoint()
    qtbot.mouseClick(page.chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=where)

    selected = {i.row() for i in page.view.selectionModel().selectedRows()}
    assert selected == set(spec.rows[index])
    listed = page.list_model.table
    assert listed is not None
    wanted = {i for r in spec.rows[index] for i in page.table.row_inquiry_ids[r]}
    assert {r["inquiry_id"] for r in listed.rows} == wanted


def test_clicking_beside_the_bars_lists_nothing(page: ReportsPage, qtbot: QtBot) -> None:
    page.show_report("lost")
    corner = QPoint(page.chart.plot.width() - 5, 5)
    qtbot.mouseClick(page.chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    assert page.list_model.table is None


def test_export_chart_as_png(
    page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.show_report("funnel")
    target = tmp_path / "funnel chart"  # no suffix: the page adds .png
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    page.export_chart_button.click()
    saved = tmp_path / "funnel chart.png"
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert saved.stat().st_size > 2000  # a drawn chart, not a blank stub
    assert "Saved" in page.status.text()


def test_export_table_as_csv_matches_the_table(
    page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.show_report("lost")
    target = tmp_path / "lost.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    page.export_table_button.click()
    with target.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    table = page.table
    assert table is not None
    assert list(rows[0]) == [c.label for c in table.columns]
    assert len(rows) == page.model.rowCount()
    for i, row in enumerate(rows):
        assert row["Lost reason"] == page.model.index(i, 0).data()
        assert row["Lost"] == page.model.index(i, 1).data()


def test_cancelled_export_writes_nothing(
    page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    page.export_table_button.click()
    page.export_chart_button.click()
    assert list(tmp_path.glob("*.csv")) == [] and list(tmp_path.glob("*.png")) == []


def test_new_inquiries_refresh_the_visible_page(
    page: ReportsPage, demo: ServiceContext, changes: Changes
) -> None:
    page.show_report("sources")
    assert page.table is not None
    before = page.table.rows[-1]["total"]
    add_test_lead(demo, "Nora", "Fresh")
    changes.announce(INQUIRIES)
    assert page.table.rows[-1]["total"] == before + 1  # type: ignore[operator]


def test_a_newer_run_drops_the_older_result(page: ReportsPage, qtbot: QtBot) -> None:
    resets: list[str] = []
    page.model.modelReset.connect(lambda: resets.append(page.model.table.name))  # type: ignore[union-attr]
    background.set_inline(False)
    try:
        page.show_report("lost")
        page.show_report("partners")
        assert page.busy.isVisible()
        qtbot.waitUntil(lambda: not page.busy.isVisible(), timeout=5000)
        assert background.wait_for_background()
        qtbot.wait(50)
    finally:
        background.set_inline(True)
    assert resets == ["partners"]
    assert page.table is not None and page.table.name == "partners"


def test_renewals_look_ahead_unless_a_range_is_typed(page: ReportsPage) -> None:
    page.show_report("renewals")
    assert page.current_filter.date_from is None  # the next six months
    assert page.table is not None and page.table.body_rows
    assert all(r["maturity"] >= date(2026, 3, 2) for r in page.table.body_rows)  # type: ignore[operator]
    page.filters.set_range(date(2001, 1, 1), date(2001, 12, 31))
    assert page.stack.currentWidget() is page.empty
