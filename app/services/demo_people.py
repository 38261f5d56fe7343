"""Demo people: plausible names, emails, phones, addresses, consent and tags."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Consent, Contact, ContactEmail, ContactPhone, Tag, contact_tags
from app.domain.contact_points import normalize_email, normalize_phone
from app.services import demo_data as data
from app.services.contacts import search_name
from app.services.demo_rows import DemoRows

_POSTAL_LETTERS = "ABCEGHJKLMNPRSTVXY"  # letters Canada Post uses inside a postal code


@dataclass(frozen=True)
class Place:
    line1: str
    line2: str | None
    city: str
    region: str
    postal_code: str
    area_codes: tuple[str, ...]
    pricey: bool  # Toronto / Vancouver prices


@dataclass(frozen=True)
class Person:
    id: int
    first: str
    last: str
    place: Place
    created_at: datetime

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


class PeopleMaker:
    """Makes contact rows; keeps emails and phone numbers unique across the demo."""

    def __init__(self, rng: random.Random, rows: DemoRows, session: Session, region: str):
        self.rng = rng
        self.rows = rows
        self.region = region
        self._emails: set[str] = set()
        self._phones: set[tuple[str, int]] = set()
        self._tags: dict[str, int] = dict(
            (name, tag_id) for tag_id, name in session.execute(select(Tag.id, Tag.name))
        )
        self._city_weights = [c[4] for c in data.CITIES]

    def place(self) -> Place:
        rng = self.rng
        codes, city, province, prefix, _ = rng.choices(data.CITIES, self._city_weights)[0]
        line2 = None
        if rng.random() < 0.2:
            line2 = f"{rng.choice(data.UNIT_PREFIXES)} {rng.randint(101, 2408)}"
        letters = _POSTAL_LETTERS
        postal = (
            f"{prefix}{rng.randint(0, 9)}{rng.choice(letters)} "
            f"{rng.randint(0, 9)}{rng.choice(letters)}{rng.randint(0, 9)}"
        )
        return Place(
            line1=f"{rng.randint(2, 3999)} {rng.choice(data.STREETS)}",
            line2=line2,
            city=city,
            region=province,
            postal_code=postal,
            area_codes=codes,
            pricey=city in ("Toronto", "Vancouver", "Burnaby", "Oakville"),
        )

    def _email(self, first: str, last: str, company: str | None) -> str:
        rng = self.rng
        f, la = _ascii(first), _ascii(last)
        if company:
            domain = _ascii(company.split("(")[0])[:20] + ".ca"
            local = f"{f}.{la}"
        else:
            domain = rng.choice(data.EMAIL_DOMAINS)
            local = rng.choice((f"{f}.{la}", f"{f}{la}", f"{f[0]}{la}", f"{f}_{la}", f"{f}.{la}"))
        address = f"{local}@{domain}"
        while address in self._emails:
            address = f"{local}{rng.randint(1, 99)}@{domain}"
        self._emails.add(address)
        return normalize_email(address)

    def _phone(self, place: Place) -> str:
        # 555-0100..0199 is the fictional range; once an area code's hundred are used, other
        # 555 lines (not assigned to subscribers either). Unique across the demo.
        rng = self.rng
        area = rng.choice(place.area_codes)
        line = rng.randint(100, 199)
        while (area, line) in self._phones:
            line = line + 1 if line < 199 else rng.randint(1000, 9999)
        self._phones.add((area, line))
        digits = f"{line:04d}"
        return (
            f"({area}) 555-{digits}",
            f"{area}-555-{digits}",
            f"{area}.555.{digits}",
            f"+1 {area} 555 {digits}",
        )[rng.randrange(4)]

    def contact(
        self,
        created_at: datetime,
        *,
        role: str = "borrower",
        first: str | None = None,
        last: str | None = None,
        place: Place | None = None,
        company: str | None = None,
        do_not_contact: bool = False,
        notes: str = "",
        tags: tuple[str, ...] | None = None,
    ) -> Person:
        """One contact (with emails, phones, consent and tags) as add_contact would store it."""
        rng = self.rng
        first = first or rng.choice(data.FIRST_NAMES)
        last = last or rng.choice(data.LAST_NAMES)
        place = place or self.place()
        contact_id = self.rows.new_id(Contact)
        born: date | None = None
        if rng.random() < 0.55:
            year = created_at.year - rng.randint(24, 68)
            born = date(year, rng.randint(1, 12), rng.randint(1, 28))
        self.rows.add(
            Contact,
            id=contact_id,
            first_name=first,
            last_name=last,
            search_name=search_name(first, last),
            role=role,
            company=company,
            date_of_birth=born,
            address_line1=place.line1,
            address_line2=place.line2,
            city=place.city,
            region=place.region,
            postal_code=place.postal_code,
            country="CA",
            notes=notes,
            do_not_contact=do_not_contact,
            created_at=created_at,
            updated_at=created_at,
        )
        emails = [self._email(first, last, company)]
        if company is None and rng.random() < 0.12:
            emails.append(self._email(first, last, None))
        for pos, email in enumerate(emails):
            self.rows.add(ContactEmail, contact_id=contact_id, email=email, position=pos)
        phones = [normalize_phone(self._phone(place), self.region)]
        if rng.random() < 0.2:
            phones.append(normalize_phone(self._phone(place), self.region))
        for pos, phone in enumerate(phones):
            self.rows.add(
                ContactPhone,
                contact_id=contact_id,
                e164=phone.e164,
                raw=phone.raw,
                digits=phone.digits,
                position=pos,
                label=("mobile", "home", "work")[pos],
            )
        self._consents(contact_id, created_at, do_not_contact, role)
        if tags is None:
            tags = tuple(rng.sample(data.TAGS, rng.choice((0, 0, 1, 1, 2))))
        for name in sorted(set(tags)):
            self.rows.add(contact_tags, contact_id=contact_id, tag_id=self._tag(name))
        self.rows.audit(created_at, "contact", contact_id, "create")
        return Person(contact_id, first, last, place, created_at)

    def _consents(self, contact_id: int, at: datetime, dnc: bool, role: str) -> None:
        rng = self.rng
        table = {
            "email": ((0.45, "express"), (0.9, "implied"), (1.0, "none")),
            "phone": ((0.3, "express"), (0.92, "implied"), (1.0, "none")),
            "sms": ((0.35, "express"), (0.5, "implied"), (1.0, "none")),
            "mail": ((0.0, "express"), (0.7, "implied"), (1.0, "none")),
        }
        methods = {
            "express": ("Ticked the consent box on the web form", "Verbal consent on first call"),
            "implied": ("Inquiry received (implied consent)", "Existing business relationship"),
            "none": ("",),
        }
        channels = list(table) if rng.random() < 0.8 else ["email", "phone"]
        for channel in channels:
            draw = rng.random()
            level = next(lvl for edge, lvl in table[channel] if draw < edge)
            if dnc:
                level = "none"
            elif role == "partner":
                level = "express"
            method = "Asked not to be contacted" if dnc else rng.choice(methods[level])
            self.rows.add(
                Consent, contact_id=contact_id, channel=channel, level=level,
                recorded_at=at, method=method,
            )  # fmt: skip

    def _tag(self, name: str) -> int:
        if name not in self._tags:
            tag_id = self.rows.new_id(Tag)
            self.rows.add(Tag, id=tag_id, name=name)
            self._tags[name] = tag_id
        return self._tags[name]
