"""Side-by-side compare of two people, the fields that differ highlighted."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.domain.contact_points import display_phone
from app.importing.dedup_text import address_key, postal_key
from app.importing.model import PersonRecord
from ui.theme import tone_color

FIELDS = (
    "Name", "Emails", "Phones", "Date of birth", "Street", "City", "Province / state",
    "Postal code", "Country", "Company", "Tags", "Notes",
)  # fmt: skip
NOTES_SHOWN = 160


def _birth(person: PersonRecord) -> str:
    if person.date_of_birth is not None:
        return person.date_of_birth.isoformat()
    if person.birth_month and person.birth_day:
        return date(2000, person.birth_month, person.birth_day).strftime("%B %-d (no year)")
    return ""


def _name(person: PersonRecord) -> str:
    parts = (person.prefix, person.first_name, person.middle_name, person.last_name)
    name = " ".join(p for p in parts if p)
    return f"{name}, {person.suffix}" if person.suffix else name


def person_fields(person: PersonRecord | None) -> list[str]:
    """The texts shown for a person, in FIELDS order ('' for what it lacks)."""
    if person is None:
        return [""] * len(FIELDS)
    street = ", ".join(p for p in (person.address_line1, person.address_line2) if p)
    notes = " ".join(person.notes.split())
    if len(notes) > NOTES_SHOWN:
        notes = notes[: NOTES_SHOWN - 1] + "…"
    return [
        _name(person),
        "\n".join(person.emails),
        "\n".join(display_phone(p) for p in person.phones),
        _birth(person),
        street,
        person.city,
        person.region,
        person.postal_code,
        person.country,
        person.company,
        ", ".join(person.tags),
        notes,
    ]


def _folded(field: str, text: str) -> str:
    """A field's text as the matcher compares it: "12 Main Street" = "12 main st."."""
    if field == "Street":
        return address_key(text)
    if field == "Postal code":
        return postal_key(text)
    if field in ("Emails", "Phones", "Tags"):
        return "\n".join(sorted(v.strip().casefold() for v in text.replace(",", "\n").split("\n")))
    return " ".join(text.casefold().replace(",", " ").split())


def differences(left: list[str], right: list[str]) -> list[str]:
    """Per field: 'same', 'differs' (both filled, not equal), 'one' (only one side has
    it) or 'none' (neither)."""
    out = []
    for field, a, b in zip(FIELDS, left, right, strict=True):
        if not a and not b:
            out.append("none")
        elif not a or not b:
            out.append("one")
        else:
            out.append("same" if _folded(field, a) == _folded(field, b) else "differs")
    return out


class CompareTable(QTableWidget):
    """Field | incoming (or first contact) | existing contact. A field that differs is
    bold on an amber ground; a field only one side has is drawn in the info colour."""

    def __init__(self) -> None:
        super().__init__(len(FIELDS), 2)
        self.setVerticalHeaderLabels(list(FIELDS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.kinds: list[str] = ["none"] * len(FIELDS)
        self.show_pair(None, None)

    def show_pair(
        self,
        left: PersonRecord | None,
        right: PersonRecord | None,
        left_title: str = "",
        right_title: str = "",
    ) -> None:
        """Show two people (None clears a side)."""
        self.setHorizontalHeaderLabels(
            [left_title or "In the file", right_title or "In Leadkeeper"]
        )
        a, b = person_fields(left), person_fields(right)
        self.kinds = differences(a, b) if left and right else ["none"] * len(FIELDS)
        amber = tone_color("due") or QColor("#8a5a00")
        ground = QColor(amber)
        ground.setAlpha(60)
        info = tone_color("info")
        for row, kind in enumerate(self.kinds):
            for column, text in enumerate((a[row], b[row])):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                if kind == "differs":
                    item.setBackground(QBrush(ground))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                    item.setToolTip("The two records differ here")
                elif kind == "one" and text and info is not None:
                    item.setForeground(QBrush(info))
                    item.setToolTip("Only this side has it")
                self.setItem(row, column, item)
        self.resizeRowsToContents()
