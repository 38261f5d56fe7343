"""Folding an incoming person into a contact: fill what is empty, never overwrite.

A value the contact lacks is filled in; an email, phone or tag it lacks is added; a value
that differs from one it already has is kept as it is and reported as a conflict (the
row's reason says so), so nothing is overwritten silently. What a merge changed is kept
as a JSON snapshot on its `Merge` row, which is all `revert_merge` needs to undo it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.importing.dedup_text import address_key, postal_key
from app.importing.model import PersonRecord

NAME_FIELDS = ("first_name", "last_name")
ADDRESS_FIELDS = ("address_line1", "address_line2", "city", "region", "postal_code", "country")
BIRTH_FIELDS = ("date_of_birth", "birth_month", "birth_day")
MERGE_FIELDS = (*NAME_FIELDS, "company", *BIRTH_FIELDS, *ADDRESS_FIELDS, "notes")

Value = str | int | date | None


def empty(value: object) -> bool:
    """None and blank text count as "nothing there"."""
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class ContactState:
    """A contact's mergeable values as they stand (in memory, during an import)."""

    contact_id: int
    values: dict[str, Value]
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    updated_at: datetime | None = None


@dataclass
class MergeChanges:
    """What folding one or more persons into a contact changed (old value first)."""

    fields: dict[str, tuple[Value, Value]] = field(default_factory=dict)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def changed(self) -> bool:
        """Whether anything was filled or added (conflicts alone change nothing)."""
        return bool(self.fields or self.emails or self.phones or self.tags)

    def set(self, name: str, old: Value, new: Value) -> None:
        """Record a field change, keeping the value from before the first change."""
        first_old = self.fields[name][0] if name in self.fields else old
        self.fields[name] = (first_old, new)

    def conflict(self, text: str) -> None:
        """Note a value that was kept because the incoming one differs."""
        if text not in self.conflicts:
            self.conflicts.append(text)


def person_values(person: PersonRecord) -> dict[str, Value]:
    """The contact column values a person record carries."""
    country = person.country.strip().upper()
    return {
        "first_name": person.first_name.strip(),
        "last_name": person.last_name.strip(),
        "company": person.company.strip() or None,
        "date_of_birth": person.date_of_birth,
        "birth_month": person.birth_month,
        "birth_day": person.birth_day,
        "address_line1": person.address_line1.strip() or None,
        "address_line2": person.address_line2.strip() or None,
        "city": person.city.strip() or None,
        "region": person.region.strip() or None,
        "postal_code": person.postal_code.strip() or None,
        # The column holds an ISO code; a longer country name is left out, not cut.
        "country": country if len(country) == 2 and country.isalpha() else None,
        "notes": person.notes.strip(),
    }


def _same_place(name: str, a: Value, b: Value) -> bool:
    sa, sb = str(a), str(b)
    if name == "address_line1" or name == "address_line2":
        return address_key(sa) == address_key(sb)
    if name == "postal_code":
        return postal_key(sa) == postal_key(sb)
    return sa.strip().casefold() == sb.strip().casefold()


def fold(state: ContactState, person: PersonRecord, changes: MergeChanges) -> None:
    """Fill `state` from `person` (never overwriting) and record it in `changes`."""
    incoming = person_values(person)
    values = state.values

    def fill(name: str) -> None:
        new = incoming[name]
        if not empty(new) and empty(values.get(name)):
            changes.set(name, values.get(name), new)
            values[name] = new

    for name in (*NAME_FIELDS, "company"):
        fill(name)
    _fold_birth(values, incoming, changes, fill)
    _fold_address(values, incoming, changes, fill)
    notes = str(incoming["notes"] or "")
    current = str(values.get("notes") or "")
    if notes and notes not in current:
        new_notes = f"{current}\n\n{notes}" if current else notes
        changes.set("notes", values.get("notes"), new_notes)
        values["notes"] = new_notes
    for email in person.emails:
        if email not in state.emails:
            state.emails.append(email)
            changes.emails.append(email)
    for phone in person.phones:
        if phone not in state.phones:
            state.phones.append(phone)
            changes.phones.append(phone)
    for tag in person.tags:
        tag = tag.strip()
        if tag and tag not in state.tags:
            state.tags.append(tag)
            changes.tags.append(tag)


def _fold_birth(values: dict[str, Value], incoming: dict[str, Value], changes: MergeChanges,
                fill: Any) -> None:  # fmt: skip
    dob = incoming["date_of_birth"]
    known = (values.get("birth_month"), values.get("birth_day"))
    current = values.get("date_of_birth")
    if isinstance(dob, date):
        if current is None and known in ((None, None), (dob.month, dob.day)):
            fill("date_of_birth")
        elif current != dob:
            changes.conflict("kept the existing date of birth (the file has another)")
        return
    month, day = incoming["birth_month"], incoming["birth_day"]
    if month is None or day is None:
        return
    if isinstance(current, date):
        if (current.month, current.day) != (month, day):
            changes.conflict("kept the existing birthday (the file has another)")
    elif known == (None, None):
        for name, value in (("birth_month", month), ("birth_day", day)):
            changes.set(name, None, value)
            values[name] = value
    elif known != (month, day):
        changes.conflict("kept the existing birthday (the file has another)")


def _fold_address(values: dict[str, Value], incoming: dict[str, Value], changes: MergeChanges,
                  fill: Any) -> None:  # fmt: skip
    """An address is filled only where it agrees with what is there, never mixed."""
    given = [n for n in ADDRESS_FIELDS if not empty(incoming[n])]
    if not given:
        return
    for name in given:
        if not empty(values.get(name)) and not _same_place(name, values[name], incoming[name]):
            changes.conflict("kept the existing address (the file has another)")
            return
    for name in given:
        fill(name)


def to_json(value: Value) -> str | int | None:
    """A column value as snapshot JSON (dates as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value


def from_json(name: str, value: str | int | None) -> Value:
    """The inverse of `to_json` for column `name`."""
    if name == "date_of_birth" and isinstance(value, str):
        return date.fromisoformat(value)
    return value
