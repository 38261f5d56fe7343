"""Generated CRM-like contact lists with known truth, for bench/dedup.py.

Households (spouses sharing an address, a home phone, sometimes a family email; children,
some named after a parent with Jr); the existing database holds one record per person for
part of them, and the import file re-renders some of those people (nicknames, typos,
swapped names, missing fields, other phone and email formats, a new email) next to new
people, among them the relatives of existing contacts: the hard negatives.
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bench.dedup_names import (
    AREA_CODES,
    CITIES,
    DOMAINS,
    FEMALE,
    MALE,
    STREETS,
    SURNAMES,
    synthetic_surname,
)

ROOT = Path(__file__).resolve().parent.parent
MAPPING = {
    "First Name": "first_name",
    "Last Name": "last_name",
    "Middle Name": "middle_name",
    "Suffix": "suffix",
    "E-mail": "email",
    "E-mail 2": "email",
    "Phone": "phone",
    "Phone 2": "phone",
    "Birthday": "date_of_birth",
    "Street": "address_line1",
    "City": "city",
    "Province": "region",
    "Postal Code": "postal_code",
}


@dataclass
class Person:
    pid: int
    first: str
    last: str
    middle: str
    suffix: str
    dob: date
    emails: list[str]
    phones: list[str]
    street: str
    city: str
    postal: str
    has_dob: bool = False
    named_alike: bool = False  # a parent and child with the same name
    household: int = 0
    relatives: list[int] = field(default_factory=list)


class Population:
    """People in households, with the shared details that make hard negatives."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng = rng
        self.people: list[Person] = []
        self._emails: set[str] = set()
        self._phones: set[str] = set()
        self._postals = [self._postal() for _ in range(max(50, size // 12))]
        weights = [1.0 / (rank + 8) for rank in range(len(SURNAMES))]
        self._surname_cum = _cumulative(weights)
        household = 0
        while len(self.people) < size:
            household += 1
            self._household(household)

    def _postal(self) -> str:
        r = self.rng
        letters = "ABCEGHJKLMNPRSTVXY"
        return (
            f"{r.choice(letters)}{r.randint(0, 9)}{r.choice(letters)} "
            f"{r.randint(0, 9)}{r.choice(letters)}{r.randint(0, 9)}"
        )

    def _phone(self) -> str:
        while True:
            number = f"+1{self.rng.choice(AREA_CODES)}{self.rng.randint(2000000, 9999999)}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def _email(self, first: str, last: str) -> str:
        r = self.rng
        base = _ascii(first).lower()
        surname = _ascii(last).lower().replace(" ", "").replace("'", "")
        local = r.choice(
            [f"{base}.{surname}", f"{base}{surname}", f"{base[0]}{surname}", f"{base}_{surname}"]
        )
        while True:
            email = f"{local}@{r.choice(DOMAINS)}"
            if email not in self._emails:
                self._emails.add(email)
                return email
            local += str(r.randint(0, 9))

    def _surname(self) -> str:
        if self.rng.random() < 0.45:
            return synthetic_surname(self.rng)
        return SURNAMES[_pick(self._surname_cum, self.rng.random())]

    def _person(self, first: str, last: str, dob: date, household: int, **kw: object) -> Person:
        r = self.rng
        person = Person(
            pid=len(self.people),
            first=first,
            last=last,
            middle=r.choice(MALE + FEMALE) if r.random() < 0.15 else "",
            suffix=str(kw.get("suffix", "")),
            dob=dob,
            emails=[self._email(first, last)],
            phones=[self._phone()],
            street=str(kw["street"]),
            city=str(kw["city"]),
            postal=str(kw["postal"]),
            household=household,
        )
        if r.random() < 0.25:
            person.emails.append(self._email(first, last))
        self.people.append(person)
        return person

    def _household(self, number: int) -> None:
        r = self.rng
        place = {
            "street": f"{r.randint(1, 9999)} {r.choice(STREETS)}",
            "city": r.choice(CITIES),
            "postal": r.choice(self._postals),
        }
        male = r.random() < 0.5
        last = self._surname()
        dob = date(1945, 1, 1) + timedelta(days=r.randint(0, 365 * 45))
        head = self._person(r.choice(MALE if male else FEMALE), last, dob, number, **place)
        members = [head]
        size = r.choices([1, 2, 3, 4], weights=[50, 30, 12, 8])[0]
        home = self._phone() if size > 1 and r.random() < 0.5 else ""
        family_email = self._email("family", last) if size > 1 and r.random() < 0.15 else ""
        if size >= 2:
            spouse_last = last if r.random() < 0.7 else self._surname()
            spouse_dob = dob + timedelta(days=r.randint(-2000, 2000))
            names = FEMALE if male else MALE
            first = r.choice([n for n in names if n != head.first] or names)
            members.append(self._person(first, spouse_last, spouse_dob, number, **place))
        for _ in range(size - 2):
            child_dob = dob + timedelta(days=r.randint(365 * 20, 365 * 38))
            child_male = r.random() < 0.5
            if child_male and male and r.random() < 0.3:
                junior = self._person(head.first, last, child_dob, number, suffix="Jr", **place)
                # Same name: only the birth date tells them apart, so every record has it.
                junior.has_dob = head.has_dob = junior.named_alike = head.named_alike = True
                members.append(junior)
            else:
                first = r.choice(MALE if child_male else FEMALE)
                if any(m.first == first for m in members):
                    first = r.choice(MALE if child_male else FEMALE)
                members.append(self._person(first, last, child_dob, number, **place))
        for member in members:
            if home:
                member.phones.append(home)
            if family_email and r.random() < 0.7:
                member.emails.insert(0, family_email)
            member.has_dob = member.has_dob or r.random() < 0.35
            member.relatives = [m.pid for m in members if m is not member]


def _cumulative(weights: list[float]) -> list[float]:
    total, out = sum(weights), []
    running = 0.0
    for w in weights:
        running += w / total
        out.append(running)
    return out


def _pick(cumulative: list[float], x: float) -> int:
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c.isalpha())


# --- Rendering people as rows ------------------------------------------------------


class Renderer:
    """Turns a person into the raw cells of one spreadsheet row."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        groups = json.loads(
            (ROOT / "resources/defaults/nicknames.json").read_text(encoding="utf-8")
        )["groups"]
        self.nicknames: dict[str, list[str]] = defaultdict(list)
        for group in groups:
            for name in group:
                self.nicknames[name].extend(n for n in group if n != name and len(n) > 2)

    def base(self, p: Person) -> dict[str, str]:
        """The record a broker's database would hold: most details, a few missing."""
        r = self.rng
        return self._cells(
            p,
            first=p.first,
            last=p.last,
            emails=[e for i, e in enumerate(p.emails) if i == 0 or r.random() < 0.8],
            phones=[x for i, x in enumerate(p.phones) if r.random() < (0.9 if i == 0 else 0.7)],
            dob=p.has_dob and (p.named_alike or r.random() < 0.9),
            address=r.random() < 0.7,
        )

    def variant(self, p: Person) -> dict[str, str]:
        """The same person as another system wrote them down."""
        r = self.rng
        first, last = p.first, p.last
        roll = r.random()
        if roll < 0.15 and self.nicknames.get(first):
            first = r.choice(self.nicknames[first])
        elif roll < 0.23:
            if r.random() < 0.5:
                first = _typo(r, first)
            else:
                last = _typo(r, last)
        elif roll < 0.26:
            first, last = last, first
        elif roll < 0.30:
            first, last = _ascii_keep_space(first), _ascii_keep_space(last)
        emails = [e for e in p.emails if r.random() < 0.65]
        if r.random() < 0.12:
            emails.append(f"{_ascii(p.first).lower()}{r.randint(10, 9999)}@{r.choice(DOMAINS)}")
        phones = [x for x in p.phones if r.random() < 0.7]
        return self._cells(
            p,
            first=first,
            last=last,
            emails=emails,
            phones=phones,
            dob=p.has_dob and (p.named_alike or r.random() < 0.5),
            address=r.random() < 0.6,
        )

    def _cells(
        self,
        p: Person,
        *,
        first: str,
        last: str,
        emails: list[str],
        phones: list[str],
        dob: bool,
        address: bool,
    ) -> dict[str, str]:
        r = self.rng
        cells = {"First Name": _case(r, first), "Last Name": _case(r, last)}
        if p.middle and r.random() < 0.5:
            cells["Middle Name"] = p.middle
        if p.suffix:
            cells["Suffix"] = p.suffix
        for key, email in zip(("E-mail", "E-mail 2"), emails, strict=False):
            cells[key] = email.upper() if r.random() < 0.05 else email
        for key, phone in zip(("Phone", "Phone 2"), phones, strict=False):
            cells[key] = _phone_format(r, phone)
        if dob:
            cells["Birthday"] = (
                p.dob.isoformat() if r.random() < 0.7 else p.dob.strftime("%B %d, %Y")
            )
        if address:
            street = p.street
            if r.random() < 0.3:
                street = street.replace("Street", "St.").replace("Avenue", "Ave")
            cells.update(
                {
                    "Street": street,
                    "City": p.city,
                    "Province": "ON",
                    "Postal Code": p.postal
                    if r.random() < 0.6
                    else p.postal.replace(" ", "").lower(),
                }
            )
        return cells


def _case(r: random.Random, name: str) -> str:
    roll = r.random()
    return name.upper() if roll < 0.04 else name.lower() if roll < 0.08 else name


def _typo(r: random.Random, name: str) -> str:
    if len(name) < 4:
        return name
    i = r.randint(1, len(name) - 2)
    kind = r.randint(0, 2)
    if kind == 0:  # two letters swapped
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind == 1:  # a letter dropped
        return name[:i] + name[i + 1 :]
    return name[:i] + r.choice("aeinorst") + name[i + 1 :]  # a letter changed


def _ascii_keep_space(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _phone_format(r: random.Random, e164: str) -> str:
    d = e164[2:]
    return r.choice(
        [
            f"({d[:3]}) {d[3:6]}-{d[6:]}",
            f"{d[:3]}.{d[3:6]}.{d[6:]}",
            f"+1 {d[:3]} {d[3:6]} {d[6:]}",
            f"1-{d[:3]}-{d[3:6]}-{d[6:]}",
            d,
        ]
    )


# --- Data sets ------------------------------------------------------------------------


@dataclass
class DataSet:
    existing: list[tuple[int, dict[str, str]]]  # (person, cells), one per person
    files: dict[int, list[tuple[int, dict[str, str]]]]  # rows per file size


def build(seed: int, n_existing: int, sizes: list[int]) -> DataSet:
    """Existing contacts and import files of the given sizes, with their truth."""
    rng = random.Random(seed)
    largest = max(sizes)
    population = Population(rng, int((n_existing + 0.7 * largest) * 1.05))
    people = population.people
    order = list(range(len(people)))
    rng.shuffle(order)
    existing_ids = order[:n_existing]
    fresh = order[n_existing:]
    render = Renderer(rng)
    existing = [(pid, render.base(people[pid])) for pid in existing_ids]
    files: dict[int, list[tuple[int, dict[str, str]]]] = {}
    for size in sizes:
        n_dup = int(size * 0.35)
        n_new = size - n_dup
        n_twice = int(n_new * 0.04)  # new people written twice in the same file
        new_people = rng.sample(fresh, n_new - n_twice)
        rows = [(pid, render.variant(people[pid])) for pid in rng.sample(existing_ids, n_dup)]
        rows += [(pid, render.base(people[pid])) for pid in new_people]
        rows += [(pid, render.variant(people[pid])) for pid in new_people[:n_twice]]
        rng.shuffle(rows)
        files[size] = rows
    return DataSet(existing, files)
