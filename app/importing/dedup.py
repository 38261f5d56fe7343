"""The de-duplicator: for each incoming person, merge, review or new.

Incoming records are compared with the existing contacts and with the earlier records of
the same import (so two rows of one file that are one person end up together), only
within blocks (`dedup_blocking`), scored by `dedup_scoring`. Records already folded
together form a cluster; a record is compared with every member and a veto against any
member keeps it out of the whole cluster.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Literal

from app.importing.dedup_blocking import BlockIndex, keys_of
from app.importing.dedup_existing import ExistingContact
from app.importing.dedup_features import FeatureMaker, Features
from app.importing.dedup_scoring import Frequencies, PairScore, PairScorer
from app.importing.dedup_table import ExistingTable
from app.importing.dedup_text import postal_key
from app.importing.model import PersonRecord
from app.importing.nicknames import NicknameIndex, default_nicknames

__all__ = [
    "DuplicatePair",
    "ExistingContact",
    "MatchDecision",
    "find_duplicate_pairs",
    "match_records",
    "paused_gc",
]

MERGE_THRESHOLD = 0.995  # probability at or above which a merge needs nobody's approval
# Without a shared email, phone, birth date, id or home, the names alone must be this sure.
MERGE_THRESHOLD_NAMES_ONLY = 0.999
REVIEW_THRESHOLD = 0.40  # at or above: shown to the broker as a possible duplicate
AMBIGUITY_BITS = 4.0  # a runner-up this close (log2-odds) to the best makes it a review

Kind = Literal["merge", "review", "new"]


@dataclass(frozen=True)
class MatchDecision:
    """What to do with one incoming record.

    `target` is an existing contact id, or (with `in_file`) the index of the earlier
    incoming record this one is the same person as; None for "new".
    """

    kind: Kind
    target: int | None
    score: float
    reasons: tuple[str, ...]
    in_file: bool = False


@dataclass(frozen=True)
class DuplicatePair:
    """Two existing contacts that look like one person (`first_id` < `second_id`)."""

    first_id: int
    second_id: int
    score: float
    reasons: tuple[str, ...]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector during bulk work.

    Matching and importing allocate hundreds of thousands of small objects that form no
    cycles; without this, Python's collector re-scans the growing heap over and over and
    takes more time than the work itself. Reference counting still frees memory.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


Root = tuple[bool, int]
_NEW = MatchDecision("new", None, 0.0, ())  # (is an existing contact, contact id or incoming index)


def match_records(
    existing: Sequence[ExistingContact],
    incoming: Sequence[PersonRecord],
    *,
    nicknames: NicknameIndex | None = None,
    tick: Callable[[int], None] | None = None,
) -> list[MatchDecision]:
    """One decision per incoming record, in order. `tick(n)` is called every few hundred
    records with how many are done (it may raise to stop the work)."""
    with paused_gc():
        return _match(existing, incoming, nicknames or default_nicknames(), tick)


def _scan_existing(
    existing: Sequence[ExistingContact], make: FeatureMaker, freq: Frequencies
) -> Iterator[list[str]]:
    """Blocking keys of each existing contact, counting its values on the way."""
    name = make.name
    firsts, lasts, emails, phones = freq.first, freq.last, freq.emails, freq.phones
    postals, dobs = freq.postal, freq.dob
    freq.records += len(existing)
    for contact in existing:
        first, last = name(contact.first_name), name(contact.last_name)
        postal = postal_key(contact.postal_code) if contact.postal_code else ""
        dob = contact.date_of_birth
        firsts.append(first[0])
        lasts.append(last[0])
        emails.extend(contact.emails)
        phones.extend(contact.phones)
        if postal:
            postals.append(postal)
        if dob is not None:
            dobs.append(dob)
        yield keys_of(first, last, contact.emails, contact.phones, "", postal, dob)


def _match(
    existing: Sequence[ExistingContact],
    incoming: Sequence[PersonRecord],
    nick: NicknameIndex,
    tick: Callable[[int], None] | None,
) -> list[MatchDecision]:
    make = FeatureMaker(nick)
    recs = [make(p, i) for i, p in enumerate(incoming)]
    freq = Frequencies()
    freq.add_features(recs)
    first = len(existing)
    stored: Callable[[int], Features]
    if isinstance(existing, ExistingTable):  # read from the database: column by column
        table = existing
        blocks = BlockIndex(
            recs, first=first, scan=lambda found: table.scan(make, freq, found, recs)
        )
        stored = partial(table.features, make=make)
    else:
        blocks = BlockIndex(recs, first=first, early=_scan_existing(existing, make, freq))
        stored = lambda pos: make.existing(existing[pos])  # noqa: E731
    scorer = PairScorer(freq, nick)
    known: dict[int, Features] = {}  # existing contacts met so far
    roots: list[Root] = []
    decisions: list[MatchDecision] = []
    for k, rec in enumerate(recs):
        if tick is not None and k % 500 == 0:
            tick(k)
        best: dict[Root, PairScore] = {}
        vetoed: set[Root] = set()
        for other in blocks.candidates(first + k):
            if other < first:
                feats = known.get(other)
                if feats is None:
                    feats = known[other] = stored(other)
                root: Root = (True, feats.ident)
            else:
                feats = recs[other - first]
                root = roots[other - first]
            score = scorer.score(rec, feats)
            if score.veto:
                vetoed.add(root)
            elif root not in best or score.bits > best[root].bits:
                best[root] = score
        decision, root = _decide(best, vetoed, k)
        decisions.append(decision)
        roots.append(root)
    if tick is not None:
        tick(len(incoming))
    return decisions


def _decide(best: dict[Root, PairScore], vetoed: set[Root], k: int) -> tuple[MatchDecision, Root]:
    if not best:  # most records: nobody like them
        return _NEW, (False, k)
    ranked = sorted(
        ((s, r) for r, s in best.items() if r not in vetoed),
        key=lambda item: item[0].bits,
        reverse=True,
    )
    own: Root = (False, k)
    if not ranked or ranked[0][0].probability < REVIEW_THRESHOLD:
        return MatchDecision("new", None, ranked[0][0].probability if ranked else 0.0, ()), own
    top, root = ranked[0]
    reasons = top.reasons
    runner_up = next((s for s, _ in ranked[1:] if s.probability >= REVIEW_THRESHOLD), None)
    close = runner_up is not None and top.bits - runner_up.bits < AMBIGUITY_BITS
    if close:
        reasons = (*reasons, "looks like more than one record")
    sure = top.probability >= (MERGE_THRESHOLD if top.strong else MERGE_THRESHOLD_NAMES_ONLY)
    automatic = sure and not top.review_only and not close
    kind: Kind = "merge" if automatic else "review"
    decision = MatchDecision(kind, root[1], top.probability, reasons, in_file=not root[0])
    return decision, (root if automatic else own)


def find_duplicate_pairs(
    contacts: Sequence[ExistingContact], *, nicknames: NicknameIndex | None = None
) -> list[DuplicatePair]:
    """Pairs of existing contacts that score as possible duplicates, best first."""
    with paused_gc():
        return _find_pairs(contacts, nicknames or default_nicknames())


def _find_pairs(contacts: Sequence[ExistingContact], nick: NicknameIndex) -> list[DuplicatePair]:
    make = FeatureMaker(nick)
    recs = [make.existing(c) for c in contacts]
    freq = Frequencies()
    freq.add_features(recs)
    scorer = PairScorer(freq, nick)
    blocks = BlockIndex(recs)
    pairs: list[DuplicatePair] = []
    for pos, rec in enumerate(recs):
        for other in blocks.candidates(pos):
            score = scorer.score(rec, recs[other])
            if not score.veto and score.probability >= REVIEW_THRESHOLD:
                a, b = contacts[other].contact_id, contacts[pos].contact_id
                pairs.append(DuplicatePair(min(a, b), max(a, b), score.probability, score.reasons))
    pairs.sort(key=lambda p: (-p.score, p.first_id, p.second_id))
    return pairs
