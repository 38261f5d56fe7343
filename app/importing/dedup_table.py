"""The existing contacts as columns, and their part of blocking, without a key per contact.

An import is compared with every existing contact, but only the keys an incoming record
also has matter. Building every existing contact's keys and looking each one up (what
`dedup_blocking.keys_of` does for one record) costs seconds at 100,000 contacts, so this
works column by column instead: values are counted per distinct value (names, postal
codes and birth dates repeat), each name is worked out once, and a contact's key is only
spelled out when a cheap set test says an incoming record may share it. The result is
exactly what the per-contact path gives (the tests compare the two).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterator, Sequence
from datetime import date
from itertools import compress, groupby
from operator import itemgetter
from typing import overload

from app.importing.dedup_blocking import first_tokens
from app.importing.dedup_existing import ExistingContact
from app.importing.dedup_features import FeatureMaker, Features
from app.importing.dedup_scoring import Frequencies
from app.importing.dedup_text import postal_key

Points = list[tuple[int, str]]  # (position in the table, email or phone), by position


class ExistingTable(Sequence[ExistingContact]):
    """Existing contacts as parallel columns (position = index in `ids`); an
    `ExistingContact` is built only for the positions asked for."""

    def __init__(
        self,
        ids: list[int],
        first: list[str],
        last: list[str],
        dob: list[str | None],  # ISO text, as stored
        month: list[int | None],
        day: list[int | None],
        line1: list[str],
        city: list[str],
        postal: list[str],
        emails: Points,
        phones: Points,
    ) -> None:
        self.ids, self.first, self.last = ids, first, last
        self.dob, self.month, self.day = dob, month, day
        self.line1, self.city, self.postal = line1, city, postal
        self.emails, self.phones = emails, phones
        self._by_pos: tuple[dict[int, tuple[str, ...]], dict[int, tuple[str, ...]]] | None = None
        self._dates: dict[str, date] = {}

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> ExistingContact: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ExistingContact]: ...

    def __getitem__(self, index: int | slice) -> ExistingContact | Sequence[ExistingContact]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self.ids)
        emails, phones = self._points()
        raw = self.dob[index]
        return ExistingContact(
            self.ids[index], self.first[index], self.last[index],
            emails.get(index, ()), phones.get(index, ()),
            self._date(raw) if raw else None, self.month[index], self.day[index],
            self.line1[index], self.city[index], self.postal[index],
        )  # fmt: skip

    def features(self, pos: int, make: FeatureMaker) -> Features:
        """The comparison keys of the contact at `pos` (no ExistingContact in between)."""
        emails, phones = self._points()
        raw = self.dob[pos]
        return make.stored(
            self.ids[pos], self.first[pos], self.last[pos],
            emails.get(pos, ()), phones.get(pos, ()),
            self._date(raw) if raw else None, self.month[pos], self.day[pos],
            self.line1[pos], self.city[pos], self.postal[pos],
        )  # fmt: skip

    def __iter__(self) -> Iterator[ExistingContact]:
        return (self[i] for i in range(len(self.ids)))

    def _date(self, raw: str) -> date:
        found = self._dates.get(raw)
        if found is None:
            found = self._dates[raw] = date.fromisoformat(raw[:10])
        return found

    def _points(self) -> tuple[dict[int, tuple[str, ...]], dict[int, tuple[str, ...]]]:
        if self._by_pos is None:
            self._by_pos = (_group(self.emails), _group(self.phones))
        return self._by_pos

    def scan(
        self,
        make: FeatureMaker,
        freq: Frequencies,
        found: Container[str],
        incoming: Sequence[Features],
    ) -> dict[str, list[int]]:
        """Count this table's values into `freq`; return, for every key in `found` (the
        blocking keys of the `incoming` records), the ascending positions of the contacts
        that have it. Keys are spelled as `dedup_blocking.keys_of` spells them, but only
        for the contacts a set test lets through: a name key needs a last name that some
        incoming key contains, a phonetic key two codes incoming records have, and so on."""
        name = make.name
        first_info = {raw: name(raw) for raw in set(self.first)}
        last_info = {raw: name(raw) for raw in set(self.last)}
        postal_of = {raw: postal_key(raw) if raw else "" for raw in set(self.postal)}
        iso_of: dict[str | None, str] = {
            raw: self._date(raw).isoformat() if raw else "" for raw in set(self.dob)
        }
        _count(freq, self, first_info, last_info, postal_of)
        before: dict[str, list[int]] = {}

        def add(key: str, pos: int) -> None:
            had = before.get(key)
            if had is None:
                before[key] = [pos]
            elif had[-1] != pos:
                had.append(pos)

        for prefix, points, values in (
            ("e:", self.emails, {e for r in incoming for e in r.emails}),
            ("p:", self.phones, {p for r in incoming for p in r.phones}),
        ):
            for pos, value in compress(points, map(values.__contains__, map(_value, points))):
                add(prefix + value, pos)
        named = [r for r in incoming if r.first and r.last]
        parts = {r.last for r in named} | {
            t for r in named for t in first_tokens(r.first, r.first_groups)
        }
        codes = {r.first_code for r in named} | {r.last_code for r in named}
        firsts = [first_info[raw] for raw in self.first]
        lasts = [last_info[raw] for raw in self.last]
        last_keys = [info[0] for info in lasts]
        everyone = range(len(self.ids))
        # Name keys: the sorted pair (first-name token, last name).
        for pos in compress(everyone, map(parts.__contains__, last_keys)):
            first_key, groups, _ = firsts[pos]
            if first_key:
                last_key = last_keys[pos]
                for token in first_tokens(first_key, groups):
                    key = (
                        "n:" + token + "|" + last_key
                        if token < last_key
                        else "n:" + last_key + "|" + token
                    )
                    if key in found:
                        add(key, pos)
        # Phonetic keys: the sorted pair of codes, for contacts with both names.
        for pos in compress(everyone, map(codes.__contains__, (i[2] for i in lasts))):
            first_key, _, first_code = firsts[pos]
            last_key, _, last_code = lasts[pos]
            if first_key and last_key and first_code in codes:
                if first_code < last_code:
                    key = "s:" + first_code + "|" + last_code
                else:
                    key = "s:" + last_code + "|" + first_code
                if key in found:
                    add(key, pos)
        # Home and birth-date keys: the value with the two initials.
        for prefix, column, values in (
            ("a:", [postal_of[raw] for raw in self.postal], {r.postal for r in incoming}),
            (
                "d:",
                [iso_of[raw] for raw in self.dob],
                {r.dob.isoformat() for r in incoming if r.dob},
            ),
        ):
            values.discard("")
            for pos in compress(everyone, map(values.__contains__, column)):
                key = prefix + column[pos] + _initials(firsts[pos][0], last_keys[pos])
                if key in found:
                    add(key, pos)
        return before


_position, _value = itemgetter(0), itemgetter(1)


def _initials(first_key: str, last_key: str) -> str:
    """The two initials in sorted order, as in the address and birth-date keys."""
    a, b = first_key[:1], last_key[:1]
    return a + b if a < b else b + a


def _group(points: Points) -> dict[int, tuple[str, ...]]:
    """Each position's values (`points` is in position order)."""
    return {pos: tuple(map(_value, run)) for pos, run in groupby(points, key=_position)}


def _count(
    freq: Frequencies,
    table: ExistingTable,
    first_info: dict[str, tuple[str, frozenset[int], str]],
    last_info: dict[str, tuple[str, frozenset[int], str]],
    postal_of: dict[str, str],
) -> None:
    """Add the table's values to `freq`, counted per distinct value."""
    firsts: Counter[str] = Counter()
    for raw, n in Counter(table.first).items():
        firsts[first_info[raw][0]] += n
    lasts: Counter[str] = Counter()
    for raw, n in Counter(table.last).items():
        lasts[last_info[raw][0]] += n
    postals: Counter[str] = Counter()
    for raw, n in Counter(table.postal).items():
        if key := postal_of[raw]:
            postals[key] += n
    dobs: Counter[date] = Counter()
    for raw_dob, n in Counter(table.dob).items():
        if raw_dob:
            dobs[table._date(raw_dob)] += n
    value = itemgetter(1)
    freq.add_counts(
        records=len(table),
        first=firsts,
        last=lasts,
        emails=Counter(map(value, table.emails)),
        phones=Counter(map(value, table.phones)),
        postal=postals,
        dob=dobs,
    )
