"""Small pieces the import screens share: field labels, the "imports" flag, text helpers."""

from __future__ import annotations

import math

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from app.importing.mapping import TARGETS

IMPORTS = "imports"  # Changes flag: an import ran, was undone, or a review was decided

TARGET_LABELS: dict[str, str] = {
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name (one cell)",
    "middle_name": "Middle name",
    "prefix": "Title (Mr., Dr.)",
    "suffix": "Suffix (Jr., Sr.)",
    "email": "Email",
    "phone": "Phone",
    "date_of_birth": "Date of birth",
    "address_line1": "Street address",
    "address_line2": "Address line 2",
    "city": "City",
    "region": "Province / state",
    "postal_code": "Postal code",
    "country": "Country",
    "full_address": "Full address (one cell)",
    "company": "Company",
    "notes": "Notes",
    "tags": "Tags",
    "external_id": "External ID",
    "ignore": "— Don't import —",
}
assert set(TARGET_LABELS) == set(TARGETS), "every mapping target needs a label"

IDENTITY_TARGETS = frozenset({"first_name", "last_name", "full_name", "email", "phone"})


def title_label(text: str, scale: float = 1.3) -> QLabel:
    """A bold heading, like the other pages' titles."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def wrapped(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A word-wrapped label (explanations, status lines)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


def percent(score: float | None) -> str:
    """A match score as the broker reads it: '97%'. Rounded down, so a row shown as 99%
    is included by "merge all with a score of at least 99%"."""
    return "" if score is None else f"{math.floor(score * 100 + 1e-9):.0f}%"


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 row', '3 rows'."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"
