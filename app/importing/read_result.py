"""What reading one file produced: its records, the ones that could not be read, and notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.importing.model import SourceRow


@dataclass(frozen=True)
class ReadFile:
    """Every record of one file, read but not yet interpreted.

    Row numbers are CSV line numbers (where the record starts) or vCard card numbers, so
    `len(rows) + len(rejected)` is the number of records in the file (empty lines excluded).
    Warnings are `(row, message)`; row 0 means the whole file.
    """

    file_name: str
    kind: str  # "csv" or "vcard"
    headers: tuple[str, ...]
    rows: list[SourceRow]
    rejected: list[tuple[int, str]]
    encoding: str
    dialect: str  # "comma", "semicolon", "tab", "pipe" or "vcard"
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def record_count(self) -> int:
        """Records seen in the file: read ones plus rejected ones."""
        return len(self.rows) + len(self.rejected)
