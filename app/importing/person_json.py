"""A PersonRecord to and from JSON, for the provenance kept on import rows."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from app.importing.model import PersonRecord

_TUPLES = ("emails", "phones", "tags")


def person_to_dict(person: PersonRecord) -> dict[str, Any]:
    """Only the fields that hold something, dates as ISO text."""
    out: dict[str, Any] = {}
    for f in fields(PersonRecord):
        value = getattr(person, f.name)
        if value in (None, "", ()):
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def person_from_dict(data: dict[str, Any]) -> PersonRecord:
    """The inverse of `person_to_dict` (unknown keys are ignored)."""
    known = {f.name for f in fields(PersonRecord)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue
        if key == "date_of_birth" and value:
            value = date.fromisoformat(str(value))
        elif key in _TUPLES:
            value = tuple(str(v) for v in value)
        values[key] = value
    values.setdefault("first_name", "")
    values.setdefault("last_name", "")
    return PersonRecord(**values)
