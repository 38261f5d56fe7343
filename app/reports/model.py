"""The shapes every report shares: a filter in, a table out.

A report is a pure query: the same database, filter and clock give the same table. Tables
are plain frozen values (no ORM rows), so the Reports page can draw them off the GUI thread
and the command line can print or serialise them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from app.errors import InvalidInput

ColumnKind = Literal["text", "int", "money", "percent", "duration", "date"]

# How each kind is held in a row:
#   text -> str; int -> int; money -> Decimal (2 places); percent -> float fraction 0..1
#   (0.25 is 25 %); duration -> float seconds; date -> datetime.date.
# Any cell may be None when there is nothing to measure (e.g. a median of no values).


@dataclass(frozen=True)
class Column:
    """One column: `key` names it in rows and JSON, `label` heads it, `kind` says how
    its cells are held and shown (see above)."""

    key: str
    label: str
    kind: ColumnKind = "text"


@dataclass(frozen=True)
class ReportTable:
    """One report's result. `row_inquiry_ids[i]` are the inquiries behind `rows[i]`,
    so a click on a row (or its bar) can list them. When `has_total` is true the last
    row sums up the others (charts should leave it out)."""

    name: str
    columns: tuple[Column, ...]
    rows: tuple[dict[str, object], ...]
    row_inquiry_ids: tuple[tuple[int, ...], ...]
    has_total: bool = False
    note: str = ""  # one line on how the numbers were counted, shown under the table

    def __post_init__(self) -> None:
        if len(self.rows) != len(self.row_inquiry_ids):
            raise ValueError("every row needs its inquiry ids")

    @property
    def column_keys(self) -> tuple[str, ...]:
        """The keys of every row, in column order."""
        return tuple(c.key for c in self.columns)

    @property
    def body_rows(self) -> tuple[dict[str, object], ...]:
        """The rows without the trailing total row."""
        return self.rows[:-1] if self.has_total and self.rows else self.rows


@dataclass(frozen=True)
class ReportFilter:
    """Which inquiries a report looks at.

    Dates are the broker's local calendar days, both ends included; None leaves that end
    open. Empty key tuples mean "all". Cohort reports (sources, response, funnel, roi,
    lost, partners) take inquiries *created* in the range.
    """

    date_from: date | None = None
    date_to: date | None = None
    type_keys: tuple[str, ...] = ()
    source_keys: tuple[str, ...] = ()
    owner_ids: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidInput(
                f"the range starts ({self.date_from}) after it ends ({self.date_to})"
            )


@dataclass
class TableBuilder:
    """Collects rows and their inquiry ids, then freezes them into a ReportTable."""

    name: str
    columns: list[Column]
    rows: list[dict[str, object]] = field(default_factory=list)
    ids: list[tuple[int, ...]] = field(default_factory=list)

    def add(self, row: dict[str, object], inquiry_ids: tuple[int, ...] | list[int] = ()) -> None:
        """Append a row and the inquiries behind it (kept sorted, for stable output)."""
        self.rows.append(row)
        self.ids.append(tuple(sorted(inquiry_ids)))

    def build(self, *, has_total: bool = False, note: str = "") -> ReportTable:
        """The finished, frozen table."""
        return ReportTable(
            name=self.name,
            columns=tuple(self.columns),
            rows=tuple(self.rows),
            row_inquiry_ids=tuple(self.ids),
            has_total=has_total,
            note=note,
        )
