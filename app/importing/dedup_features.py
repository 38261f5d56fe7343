"""What the de-duplicator compares, computed once per record: name keys, codes, sets.

Everything here is cheap to compare (equal strings, set overlaps), so scoring a candidate
pair is mostly dictionary look-ups; rapidfuzz is only called when two names differ.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.importing.dedup_existing import ExistingContact
from app.importing.dedup_text import phonetic, postal_key, suffix_key
from app.importing.model import PersonRecord
from app.importing.nicknames import NicknameIndex, name_key


@dataclass(slots=True)
class Features:
    """One record as the matcher sees it. `ident` is a contact id or an incoming index."""

    ident: int
    first: str
    last: str
    first_groups: frozenset[int]
    last_groups: frozenset[int]
    first_code: str
    last_code: str
    middle_initial: str
    suffix: str
    emails: frozenset[str]
    phones: frozenset[str]
    dob: date | None
    birthday: tuple[int, int] | None
    postal: str
    address: str  # as written; compared through `address_key` only when needed
    city: str
    external_id: str
    address_key: str | None = None  # `address` folded, once needed (dedup_scoring._street)


NameInfo = tuple[str, frozenset[int], str]  # key, nickname groups, phonetic code


class FeatureMaker:
    """Builds `Features`, remembering what it worked out for each distinct name."""

    def __init__(self, nicknames: NicknameIndex) -> None:
        self.nicknames = nicknames
        self._names: dict[str, NameInfo] = {}

    def name(self, raw: str) -> NameInfo:
        """Key, nickname groups and phonetic code of a name as written."""
        info = self._names.get(raw)
        if info is None:
            key = name_key(raw)
            info = (key, self.nicknames.groups_of_key(key), phonetic(key))
            self._names[raw] = info
        return info

    def __call__(self, person: PersonRecord, ident: int) -> Features:
        """The comparison keys of one person."""
        first, first_groups, first_code = self.name(person.first_name)
        last, last_groups, last_code = self.name(person.last_name)
        dob = person.date_of_birth
        if dob is not None:
            birthday: tuple[int, int] | None = (dob.month, dob.day)
        elif person.birth_month and person.birth_day:
            birthday = (person.birth_month, person.birth_day)
        else:
            birthday = None
        return Features(
            ident,
            first,
            last,
            first_groups,
            last_groups,
            first_code,
            last_code,
            self.name(person.middle_name)[0][:1] if person.middle_name else "",
            suffix_key(person.suffix) if person.suffix else "",
            frozenset(person.emails),
            frozenset(person.phones),
            dob,
            birthday,
            postal_key(person.postal_code) if person.postal_code else "",
            person.address_line1,
            name_key(person.city) if person.city else "",
            person.external_id.strip(),
        )

    def existing(self, contact: ExistingContact) -> Features:
        """The comparison keys of an existing contact."""
        return self.stored(
            contact.contact_id, contact.first_name, contact.last_name, contact.emails,
            contact.phones, contact.date_of_birth, contact.birth_month, contact.birth_day,
            contact.address_line1, contact.city, contact.postal_code,
        )  # fmt: skip

    def stored(
        self,
        contact_id: int,
        first_name: str,
        last_name: str,
        emails: Iterable[str],
        phones: Iterable[str],
        dob: date | None,
        birth_month: int | None,
        birth_day: int | None,
        address_line1: str,
        city: str,
        postal_code: str,
    ) -> Features:
        """The comparison keys of a contact in the database, from its values."""
        first, first_groups, first_code = self.name(first_name)
        last, last_groups, last_code = self.name(last_name)
        if dob is not None:
            birthday: tuple[int, int] | None = (dob.month, dob.day)
        elif birth_month and birth_day:
            birthday = (birth_month, birth_day)
        else:
            birthday = None
        return Features(
            contact_id,
            first,
            last,
            first_groups,
            last_groups,
            first_code,
            last_code,
            "",
            "",
            frozenset(emails),
            frozenset(phones),
            dob,
            birthday,
            postal_key(postal_code) if postal_code else "",
            address_line1,
            name_key(city) if city else "",
            "",
        )
