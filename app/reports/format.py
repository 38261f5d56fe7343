"""Turning report cells into text, JSON values and CSV, the same way everywhere."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from typing import TextIO

from app.reports.model import Column, ReportTable
from app.services.export import neutralize


def format_duration(value: float) -> str:
    """Seconds as a person reads them: "45s", "4m 10s", "2h 05m", "3d 4h"."""
    total = round(value)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def format_cell(column: Column, value: object) -> str:
    """A cell as shown in a table: money with thousands commas, percents with one
    decimal, durations in d/h/m/s, dates as YYYY-MM-DD, nothing as an empty string."""
    if value is None:
        return ""
    if column.kind == "money" and isinstance(value, Decimal | int | float):
        return f"{Decimal(str(value)):,.2f}"
    if column.kind == "percent" and isinstance(value, int | float):
        return f"{value * 100:.1f}%"
    if column.kind == "duration" and isinstance(value, int | float):
        return format_duration(float(value))
    if column.kind == "int" and isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def json_value(value: object) -> object:
    """A cell as a JSON value, as `leadkeeper export` writes them: money as an exact
    decimal string ("1234.50"), dates as ISO text, percents as fractions, durations as
    seconds."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def table_json(table: ReportTable) -> list[dict[str, object]]:
    """The rows as JSON-ready objects whose keys are exactly the column keys."""
    return [{c.key: json_value(row.get(c.key)) for c in table.columns} for row in table.rows]


def text_table(table: ReportTable) -> str:
    """An aligned plain-text table: numbers right-aligned, text left-aligned."""
    header = [c.label for c in table.columns]
    cells = [[format_cell(c, row.get(c.key)) for c in table.columns] for row in table.rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(header)]
    lines = []
    for values in [header, *cells]:
        parts = [
            v.ljust(w) if c.kind in ("text", "date") else v.rjust(w)
            for v, w, c in zip(values, widths, table.columns, strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def write_csv(table: ReportTable, out: TextIO) -> int:
    """The table as Excel-friendly CSV (BOM, CRLF, column labels as the header, formula-
    like text neutralized), cells plain so a spreadsheet reads numbers as numbers
    (durations in seconds, percents like 25.0%); returns the number of rows. `out` must
    be opened with newline=""."""
    out.write("\ufeff")  # the BOM tells Excel the file is UTF-8
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralize(_csv_label(c)) for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(c, row.get(c.key)) for c in table.columns])
    return len(table.rows)


def _csv_label(column: Column) -> str:
    return f"{column.label} (seconds)" if column.kind == "duration" else column.label


def _csv_cell(column: Column, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    if column.kind == "percent" and isinstance(value, int | float):
        return f"{value * 100:.1f}%"
    if isinstance(value, int | float):
        return str(value)
    return neutralize(str(value))
