"""The records that flow through an import: read -> normalized -> matched -> written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class RowAction(StrEnum):
    """What happened to one input record. Every record ends in exactly one of these."""

    IMPORTED = "imported"  # a new contact was created
    MERGED = "merged"  # folded into an existing contact (or an earlier row of the file)
    REVIEW = "review"  # a possible duplicate, queued for the broker to decide
    REJECTED = "rejected"  # not imported; `reason` says why in plain words
    SKIPPED = "skipped"  # deliberately left out (e.g. --review skip, an exact repeat)


@dataclass(frozen=True)
class SourceRow:
    """One record as read from a file, before any interpretation."""

    file_name: str
    row_number: int  # 1-based data row (CSV: line of the record's start; vCard: card number)
    values: dict[str, str]  # header (or vCard property) -> raw text


@dataclass(frozen=True)
class PersonRecord:
    """A person after normalizing: what the de-duplicator compares and the importer writes.

    Emails are lower-cased and valid; phones are E.164; names are cleaned of prefixes
    and suffixes (kept separately) with sensible casing.
    """

    first_name: str
    last_name: str
    middle_name: str = ""
    prefix: str = ""
    suffix: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # E.164
    date_of_birth: date | None = None
    birth_month: int | None = None  # a birthday known without its year
    birth_day: int | None = None
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    company: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()
    external_id: str = ""  # a column mapped to "External ID", or a vCard UID


@dataclass(frozen=True)
class NormalizedRow:
    """A source row turned into a person, or the reason it could not be."""

    source: SourceRow
    person: PersonRecord | None
    reason: str = ""  # set when person is None: readable, e.g. "row 12: no name, email or phone"
    warnings: tuple[str, ...] = field(default_factory=tuple)  # kept values we could not parse
