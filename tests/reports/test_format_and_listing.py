"""What the Reports page builds on: cell text, CSV export, and the inquiries behind a row."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

from app.reports import Column, ReportTable, format_cell, inquiry_list, table_json, write_csv
from app.services.context import ServiceContext

Desk = Any  # the `desk` fixture (tests/reports/conftest.py)

TABLE = ReportTable(
    name="demo",
    columns=(
        Column("source", "Source"),
        Column("leads", "Leads", "int"),
        Column("share", "Share", "percent"),
        Column("cost", "Cost", "money"),
        Column("wait", "Median wait", "duration"),
        Column("day", "Day", "date"),
    ),
    rows=(
        {
            "source": "=HYPERLINK(evil)",
            "leads": 12345,
            "share": 0.25,
            "cost": Decimal("1234.50"),
            "wait": 3725.0,
            "day": date(2026, 3, 2),
        },
        {"source": "Walk-in", "leads": 0, "share": None, "cost": None, "wait": None, "day": None},
    ),
    row_inquiry_ids=((1, 2), ()),
)


def test_cells_read_the_way_a_broker_expects() -> None:
    cols = {c.key: c for c in TABLE.columns}
    row = TABLE.rows[0]
    assert format_cell(cols["leads"], row["leads"]) == "12,345"
    assert format_cell(cols["share"], row["share"]) == "25.0%"
    assert format_cell(cols["cost"], row["cost"]) == "1,234.50"
    assert format_cell(cols["wait"], row["wait"]) == "1h 02m"
    assert format_cell(cols["wait"], 42.4) == "42s"
    assert format_cell(cols["wait"], 3 * 86400 + 4 * 3600) == "3d 4h"
    assert format_cell(cols["day"], row["day"]) == "2026-03-02"
    assert format_cell(cols["share"], None) == ""


def test_csv_export_opens_in_a_spreadsheet() -> None:
    out = io.StringIO(newline="")
    assert write_csv(TABLE, out) == 2
    text = out.getvalue()
    assert text.startswith("\ufeffSource,Leads,Share,Cost,Median wait (seconds),Day\r\n")
    lines = text[1:].split("\r\n")
    # Formula-like text is neutralized; numbers stay plain so they add up.
    assert lines[1] == "'=HYPERLINK(evil),12345,25.0%,1234.50,3725.0,2026-03-02"
    assert lines[2] == "Walk-in,0,,,,"


def test_json_rows_keep_exact_money_and_iso_dates() -> None:
    assert table_json(TABLE)[0] == {
        "source": "=HYPERLINK(evil)",
        "leads": 12345,
        "share": 0.25,
        "cost": "1234.50",
        "wait": 3725.0,
        "day": "2026-03-02",
    }


def test_inquiry_list_behind_a_row(ctx: ServiceContext, desk: Desk) -> None:
    older = desk.lead(desk.at("2026-02-01"), source="phone", amount="300000")
    newer = desk.lead(desk.at("2026-02-10"), source=None, type_key="renewal")
    unknown = list(range(100_000, 101_000))  # more ids than one IN (...) list takes
    table = inquiry_list(ctx, [older, newer, *unknown])
    assert [r["inquiry_id"] for r in table.rows] == [newer, older]  # newest first
    first, second = table.rows
    assert (first["type"], first["source"], first["stage"]) == ("Renewal", None, "New")
    assert (second["source"], second["amount"], second["created"]) == (
        "Phone call",
        Decimal("300000.00"),
        date(2026, 2, 1),
    )
    assert second["client"].startswith("Client No")
    assert table.row_inquiry_ids == ((newer,), (older,))
