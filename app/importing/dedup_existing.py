"""Existing contacts as the matcher holds them: the compared fields, a person on demand.

An import is compared with every existing contact's blocking keys but scores only a few
of them, so the full `PersonRecord` is built only for those; what a merge needs beyond
these fields is read later, for the merged contacts only (`merge_store.load_states`).
"""

from __future__ import annotations

from datetime import date

from app.importing.model import PersonRecord


class ExistingContact:
    """A contact already in the database, with the fields the matcher compares."""

    __slots__ = (
        "_person", "address_line1", "birth_day", "birth_month", "city", "contact_id",
        "date_of_birth", "emails", "first_name", "last_name", "phones", "postal_code",
    )  # fmt: skip

    def __init__(
        self,
        contact_id: int,
        first_name: str,
        last_name: str,
        emails: tuple[str, ...] = (),
        phones: tuple[str, ...] = (),
        date_of_birth: date | None = None,
        birth_month: int | None = None,
        birth_day: int | None = None,
        address_line1: str = "",
        city: str = "",
        postal_code: str = "",
    ) -> None:
        self.contact_id = contact_id
        self.first_name = first_name
        self.last_name = last_name
        self.emails = emails
        self.phones = phones
        self.date_of_birth = date_of_birth
        self.birth_month = birth_month
        self.birth_day = birth_day
        self.address_line1 = address_line1
        self.city = city
        self.postal_code = postal_code
        self._person: PersonRecord | None = None

    @classmethod
    def from_person(cls, contact_id: int, person: PersonRecord) -> ExistingContact:
        """An existing contact holding what `person` says (tests, benchmarks)."""
        contact = cls(
            contact_id, person.first_name, person.last_name, person.emails, person.phones,
            person.date_of_birth, person.birth_month, person.birth_day,
            person.address_line1, person.city, person.postal_code,
        )  # fmt: skip
        contact._person = person
        return contact

    @property
    def person(self) -> PersonRecord:
        """The compared fields as a PersonRecord (built on first use)."""
        if self._person is None:
            self._person = PersonRecord(
                first_name=self.first_name,
                last_name=self.last_name,
                emails=self.emails,
                phones=self.phones,
                date_of_birth=self.date_of_birth,
                birth_month=self.birth_month,
                birth_day=self.birth_day,
                address_line1=self.address_line1,
                city=self.city,
                postal_code=self.postal_code,
            )
        return self._person

    def __repr__(self) -> str:
        return f"ExistingContact({self.contact_id})"
