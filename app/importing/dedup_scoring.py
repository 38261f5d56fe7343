"""Scoring a candidate pair: Fellegi–Sunter log-likelihood with value frequencies.

Each field adds log2(m / u) bits when the two records agree on it, where m is how often
two records of one person agree on that field and u how often two different people do.
u comes from how many records (existing and incoming together) carry the *same value*,
so a shared "Smith" or a switchboard number adds little while a rare surname or a
personal email adds a lot. A small pseudo-count keeps tiny files from over-trusting
their own frequencies. Disagreements subtract. The sum plus the prior odds of a random
pair being one person gives the probability in `PairScore.probability`.

Household rules come first: two records whose first names clearly differ (and are not
nicknames of each other), whose dates of birth differ, or whose Jr/Sr or middle initial
differ are different people, whatever they share (`PairScore.veto`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from rapidfuzz.distance import JaroWinkler, Levenshtein

from app.importing.dedup_features import Features
from app.importing.dedup_text import address_key
from app.importing.nicknames import NicknameIndex

T = TypeVar("T")
PSEUDO_RECORDS = 1000.0  # prior weight of the typical frequencies below
# Typical share of records carrying one value, used before the data says otherwise.
U0_FIRST, U0_LAST, U0_EMAIL, U0_PHONE = 0.004, 0.002, 1e-6, 2e-6
U0_POSTAL, U0_DOB, U0_EXTERNAL = 2e-4, 4e-5, 1e-6
M_NAME, M_CONTACT, M_POSTAL, M_DOB = 0.9, 0.9, 0.8, 0.95

NAME_TYPO_SIMILARITY = 0.88  # Jaro–Winkler at or above: a typo, unless both are real names
LAST_NAME_CONFLICT_BITS = -5.0  # a different surname: a marriage is possible, so no veto
CONTACT_DISAGREE_BITS = -1.5  # both have emails (or phones) and share none: people have many
POSTAL_DISAGREE_BITS = -1.5
# Street lines are nearly all distinct (households are handled by the vetoes), and on top
# of the postal code they add a fixed amount rather than a counted one.
ADDRESS_AGREE_BITS = 6.0
EXTERNAL_DISAGREE_BITS = -3.0
_FEMININE_ENDINGS = ("e", "a", "ne", "le", "lle", "ette", "ine", "ina", "ienne")


@dataclass(frozen=True, slots=True)
class PairScore:
    """The evidence for two records being one person."""

    bits: float  # posterior log2-odds
    reasons: tuple[str, ...]
    veto: str = ""  # why they are certainly different people ('' when not)
    strong: bool = False  # agree on a personal identifier: email, phone, birth date, id
    review_only: bool = False  # something (an initial, a Jr) forbids an automatic merge

    @property
    def probability(self) -> float:
        """The log-odds as a probability in 0..1."""
        if self.bits > 60:
            return 1.0
        return 1.0 / (1.0 + math.pow(2.0, -self.bits))


def _typo(a: str, b: str) -> bool:
    """Close enough to be one name mistyped: similar overall, or one keystroke apart."""
    if JaroWinkler.normalized_similarity(a, b) >= NAME_TYPO_SIMILARITY:
        return True
    return min(len(a), len(b)) >= 4 and Levenshtein.distance(a, b, score_cutoff=1) <= 1


def _gendered_pair(a: str, b: str) -> bool:
    """Jean/Jeanne, Louis/Louise, Daniel/Danielle: one name plus a feminine ending."""
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return long_.startswith(short) and long_[len(short) :] in _FEMININE_ENDINGS


class Frequencies:
    """How many records carry each value, over existing and incoming records together."""

    def __init__(self) -> None:
        self.records = 0
        self.first: list[str] = []
        self.last: list[str] = []
        self.emails: list[str] = []
        self.phones: list[str] = []
        self.postal: list[str] = []
        self.dob: list[date] = []
        # Values already counted elsewhere (per distinct value): added in `counted`.
        self._counted: list[tuple[Counter[str], ...]] = []
        self._dob_counted: list[Counter[date]] = []

    def add_counts(
        self,
        *,
        records: int,
        first: Counter[str],
        last: Counter[str],
        emails: Counter[str],
        phones: Counter[str],
        postal: Counter[str],
        dob: Counter[date],
    ) -> None:
        """Count `records` records whose values were counted already."""
        self.records += records
        self._counted.append((first, last, emails, phones, postal))
        self._dob_counted.append(dob)

    def add(
        self,
        first: str,
        last: str,
        emails: Iterable[str],
        phones: Iterable[str],
        postal: str,
        dob: date | None,
    ) -> None:
        """Count one record's values."""
        self.records += 1
        self.first.append(first)
        self.last.append(last)
        self.emails.extend(emails)
        self.phones.extend(phones)
        if postal:
            self.postal.append(postal)
        if dob is not None:
            self.dob.append(dob)

    def add_features(self, records: Iterable[Features]) -> None:
        """Count the values of prepared records."""
        for r in records:
            self.add(r.first, r.last, r.emails, r.phones, r.postal, r.dob)

    def counted(self) -> tuple[Counter[str], ...]:
        """first, last, email, phone and postal-code counts."""
        lists = (self.first, self.last, self.emails, self.phones, self.postal)
        return tuple(
            _merged([extra[i] for extra in self._counted], values) for i, values in enumerate(lists)
        )

    def dob_counts(self) -> Counter[date]:
        """How many records carry each date of birth."""
        return _merged(self._dob_counted, self.dob)


def _merged(counted: list[Counter[T]], values: list[T]) -> Counter[T]:
    """The counts already made plus `values`: the big counts copied, the list counted
    onto them (both at C speed; adding a big Counter to a small one is a Python loop)."""
    counts: Counter[T] = Counter(counted[0]) if counted else Counter()
    for more in counted[1:]:
        counts.update(more)
    counts.update(values)
    return counts


class PairScorer:
    """Scores pairs of `Features` with the value frequencies of all records."""

    def __init__(self, freq: Frequencies, nicknames: NicknameIndex) -> None:
        self.nicknames = nicknames
        self.total = freq.records + PSEUDO_RECORDS
        self.prior = -math.log2(self.total)
        self.first, self.last, self.emails, self.phones, self.postal = freq.counted()
        self.dob = freq.dob_counts()
        # A spelling carried by this many records is a real name, not a typo of another.
        self.established_min = max(3, freq.records // 20000)
        self._memo: dict[tuple[float, int, float], float] = {}

    def _bits(self, m: float, count: int, u0: float) -> float:
        """log2(m / u) for a value `count` records carry (the two compared among them)."""
        key = (m, count, u0)
        bits = self._memo.get(key)
        if bits is None:
            # Others with the value = count - 1; the pseudo-count adds the typical share.
            u = (max(count - 1, 0) + PSEUDO_RECORDS * u0) / self.total
            bits = self._memo[key] = math.log2(m / u)
        return bits

    def _established(self, key: str) -> bool:
        return self.nicknames.knows(key) or self.first[key] >= self.established_min

    def _first(
        self, a: str, ag: frozenset[int], b: str, bg: frozenset[int], out: list[str]
    ) -> tuple[float, int]:
        """Weight and kind of a first-name comparison: 2 agree, 1 partial, 0 none, -1 not."""
        if not a or not b:
            return 0.0, 0
        if a == b:
            return self._bits(M_NAME, self.first[a], U0_FIRST), 2
        if ag and bg and not ag.isdisjoint(bg):
            out.append("nickname")
            count = max(self.first[a], self.first[b])
            return self._bits(M_NAME, count, U0_FIRST) - 0.5, 2
        if len(a) == 1 or len(b) == 1:
            initial, name = (a, b) if len(a) == 1 else (b, a)
            if initial == name[0] or initial in self.nicknames.initials(name):
                out.append("first initial only")
                return 2.0, 1
            return 0.0, -1
        if _gendered_pair(a, b):
            return 0.0, -1
        if a.startswith(b) or b.startswith(a):  # "maryann" / "mary", "jeanfrancois" / "jean"
            out.append("first name is part of the other")
            return 2.0, 1
        if _typo(a, b) and not (self._established(a) and self._established(b)):
            out.append("first name spelled differently")
            count = min(self.first[a], self.first[b])
            return self._bits(M_NAME, count, U0_FIRST) - 3.0, 2
        return 0.0, -1

    def _last(self, a: str, b: str, out: list[str]) -> tuple[float, int]:
        if not a or not b:
            return 0.0, 0
        if a == b:
            return self._bits(M_NAME, self.last[a], U0_LAST), 2
        if _typo(a, b) or (len(a) > 3 and len(b) > 3 and (a in b or b in a)):
            out.append("last name spelled differently")
            count = min(self.last[a], self.last[b])
            return self._bits(M_NAME, count, U0_LAST) - 3.0, 1
        return LAST_NAME_CONFLICT_BITS, -1

    def _names(self, a: Features, b: Features, out: list[str]) -> tuple[float, int, int]:
        """Best of same-order and swapped names, with the first and last names' kinds."""
        if a.first == b.first and a.last == b.last and a.first and a.last:
            out.append("same name")
            return (
                self._bits(M_NAME, self.first[a.first], U0_FIRST)
                + self._bits(M_NAME, self.last[a.last], U0_LAST),
                2,
                2,
            )
        direct: list[str] = []
        fw, fk = self._first(a.first, a.first_groups, b.first, b.first_groups, direct)
        lw, lk = self._last(a.last, b.last, direct)
        if fk == 2 and lk == 2:
            out.extend(direct or ["same name"])
            return fw + lw, fk, lk
        if a.first and a.last and (a.first_code == b.last_code or a.last_code == b.first_code):
            cross: list[str] = ["first and last names swapped"]
            cw, ck = self._first(a.first, a.first_groups, b.last, b.last_groups, cross)
            cw2, ck2 = self._first(a.last, a.last_groups, b.first, b.first_groups, cross)
            if ck >= 1 and ck2 >= 1 and cw + cw2 > fw + lw:
                out.extend(cross)
                return cw + cw2, min(ck, ck2), ck2
        out.extend(direct)
        return fw + lw, fk, lk

    def score(self, a: Features, b: Features) -> PairScore:
        """The evidence that `a` and `b` are one person."""
        out: list[str] = []
        bits, first_kind, last_kind = self._names(a, b, out)
        if first_kind == -1:
            return PairScore(-99.0, ("different first names",), veto="different first names")
        # An initial, half a compound name, or no first name at all: never automatic.
        review_only = first_kind == 1 or not (a.first and b.first)
        one_suffix = a.suffix != b.suffix
        if one_suffix and a.suffix and b.suffix:
            return PairScore(-99.0, ("Jr/Sr differs",), veto="Jr/Sr differs")
        if a.middle_initial and b.middle_initial and a.middle_initial != b.middle_initial:
            return PairScore(-99.0, ("different middle names",), veto="different middle names")
        strong = False
        if a.dob is not None and b.dob is not None:
            if a.dob == b.dob:
                bits += self._bits(M_DOB, self.dob[a.dob], U0_DOB)
                out.append("same date of birth")
                strong = True
                one_suffix = False  # the birth date tells father and son apart
            elif _date_typo(a.dob.isoformat(), b.dob.isoformat()):
                bits -= 2.0
                review_only = True
                out.append("dates of birth differ by one digit")
            else:
                return PairScore(
                    -99.0, ("different dates of birth",), veto="different dates of birth"
                )
        elif a.birthday is not None and b.birthday is not None:
            if a.birthday != b.birthday:
                return PairScore(-99.0, ("different birthdays",), veto="different birthdays")
            bits += 6.0
            out.append("same birthday")
        if one_suffix:  # "John Smith" may be John Smith Jr's father: never automatic
            review_only = True
            out.append("only one has Jr/Sr")
        shared = a.emails & b.emails
        if shared:
            bits += max(self._bits(M_CONTACT, self.emails[e], U0_EMAIL) for e in shared)
            out.append("same email")
            strong = True
        elif a.emails and b.emails:
            bits += CONTACT_DISAGREE_BITS
        shared = a.phones & b.phones
        if shared:
            bits += max(self._bits(M_CONTACT, self.phones[p], U0_PHONE) for p in shared)
            out.append("same phone")
            strong = True
        elif a.phones and b.phones:
            bits += CONTACT_DISAGREE_BITS
        if a.external_id and b.external_id:
            if a.external_id == b.external_id:
                bits += self._bits(M_CONTACT, 2, U0_EXTERNAL)
                out.append("same external id")
                strong = True
            else:
                bits += EXTERNAL_DISAGREE_BITS
        place, same_home = self._place(a, b, out)
        # The same name (give or take a typo) at the same street address is one person: a
        # namesake son living there is told apart by a birth date, a Jr, or two records.
        strong = strong or (same_home and first_kind == 2 and last_kind >= 1)
        return PairScore(
            bits + place + self.prior, tuple(out), strong=strong, review_only=review_only
        )

    def _place(self, a: Features, b: Features, out: list[str]) -> tuple[float, bool]:
        """Address evidence, and whether it is the same home (street line and postal code
        or city). A household shares its address, so this alone is never enough."""
        bits, same_home = 0.0, False
        if a.postal and b.postal:
            if a.postal == b.postal:
                bits += self._bits(M_POSTAL, self.postal[a.postal], U0_POSTAL)
                out.append("same postal code")
            else:
                bits += POSTAL_DISAGREE_BITS
        elif a.city and b.city:
            bits += 2.0 if a.city == b.city else -0.5
        if a.address and b.address:
            if a.address == b.address or _street(a) == _street(b):
                bits += ADDRESS_AGREE_BITS
                out.append("same street address")
                same_home = a.postal == b.postal if a.postal and b.postal else a.city == b.city
            else:
                bits -= 1.0
        return bits, same_home


def _street(rec: Features) -> str:
    """The record's folded street line, worked out once per record (far more distinct
    lines than any cache holds)."""
    key = rec.address_key
    if key is None:
        key = rec.address_key = address_key(rec.address)
    return key


def _date_typo(a: str, b: str) -> bool:
    """Two ISO dates one keystroke apart: one digit changed, or day and month swapped."""
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    # A changed decade or century is a generation apart (parent and child), not a typo.
    if len(diffs) == 1 and diffs[0] not in (0, 1, 2):
        return True
    return a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]
