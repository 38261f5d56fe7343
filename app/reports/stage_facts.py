"""What the stage history says about each inquiry, kept between report runs.

Reading the whole stage history (several rows per inquiry, hundreds of thousands in a
large book) is most of a funnel's cost. An inquiry's history only changes when it moves,
and every move also sets its current stage and `stage_entered_at`. So the facts are kept
per database file (and funnel step order) and re-read only for inquiries whose current
stage or stage entry time differ from when they were read. Results are exactly those of
reading everything; only the time differs (a first run reads it all).
"""

from __future__ import annotations

import itertools
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import StageChange
from app.reports.scope import epoch_ms, fetch_rows

# (current stage id, stage_entered_at as stored): unchanged while the inquiry stays put.
Freshness = tuple[int, object]
Ranks = dict[int, int]  # funnel stage id -> its step number

_FULL_READ = 5_000  # above this many inquiries to (re)read, one pass over all is faster
_SLICE = 900  # ids per IN (...) list, well under SQLite's bound-parameter limit
_KEPT = 4  # books kept (per database file and step order); least recently used dropped


class StageBook:
    """Per inquiry: the furthest funnel step it ever entered and its finished stays;
    per stage: every finished stay, shortest first (so medians need no sort)."""

    def __init__(self) -> None:
        self.fresh: dict[int, Freshness] = {}
        self.furthest: dict[int, int] = {}  # -1: never entered a funnel step
        self.stays_of: dict[int, tuple[tuple[int, int], ...]] = {}  # (stage id, ms)
        # Per stage, every finished stay: lengths (ms) shortest first, and whose each is.
        self.lengths: dict[int, list[int]] = {}
        self.owners: dict[int, list[int]] = {}

    def holds_only(self, count: int) -> bool:
        """True when the book knows no more than the `count` inquiries just brought up
        to date, so the per-stage lists need no filtering."""
        return len(self.fresh) == count

    def _forget(self, iid: int) -> None:
        for stage_id, length in self.stays_of.pop(iid, ()):
            lengths, owners = self.lengths[stage_id], self.owners[stage_id]
            i = bisect_left(lengths, length)
            while owners[i] != iid:  # among equal lengths, find this inquiry's
                i += 1
            del lengths[i], owners[i]
        self.fresh.pop(iid, None)
        self.furthest.pop(iid, None)

    def _learn(
        self, iid: int, fresh: Freshness, furthest: int, stays: tuple[tuple[int, int], ...]
    ) -> None:
        self.fresh[iid] = fresh
        self.furthest[iid] = furthest
        self.stays_of[iid] = stays

    def _index_stays(self, iid: int) -> None:
        for stage_id, length in self.stays_of[iid]:
            lengths = self.lengths.setdefault(stage_id, [])
            i = bisect_right(lengths, length)
            lengths.insert(i, length)
            self.owners.setdefault(stage_id, []).insert(i, iid)

    def _reindex_all(self) -> None:
        pairs: dict[int, list[tuple[int, int]]] = {}
        for iid, stays in self.stays_of.items():
            for stage_id, length in stays:
                pairs.setdefault(stage_id, []).append((length, iid))
        self.lengths, self.owners = {}, {}
        for stage_id, stage_pairs in pairs.items():
            stage_pairs.sort()
            self.lengths[stage_id] = [length for length, _ in stage_pairs]
            self.owners[stage_id] = [iid for _, iid in stage_pairs]


def _facts(
    fresh: Freshness, entries: list[tuple[int, int]], ranks: Ranks
) -> tuple[int, tuple[tuple[int, int], ...]]:
    """(furthest step, finished stays as (stage id, ms)) from time-ordered entries."""
    stays = tuple(
        (stage_id, later - changed)
        for (stage_id, changed), (_next, later) in itertools.pairwise(entries)
    )
    # The current stage counts too, should its history row be missing (old imports).
    furthest = max([ranks.get(stage_id, -1) for stage_id, _ in entries] + [ranks.get(fresh[0], -1)])
    return furthest, stays


_books: OrderedDict[tuple[str, tuple[tuple[int, int], ...]], StageBook] = OrderedDict()
_lock = threading.Lock()


@contextmanager
def stage_book(
    session: Session,
    cohort: Sequence[tuple[int, Freshness]],
    ranks: Ranks,
    *,
    everything: bool,
) -> Iterator[StageBook]:
    """The book, brought up to date for the `cohort` (inquiry id, freshness) pairs and
    held for the caller alone until the block ends. `everything` says the cohort is every
    inquiry there is: the book then also forgets deleted or archived ones."""
    key = (str(session.connection().engine.url), tuple(sorted(ranks.items())))
    with _lock:
        book = _books.pop(key, None) or StageBook()
        _books[key] = book  # most recently used last
        while len(_books) > _KEPT:
            _books.popitem(last=False)
        known = book.fresh
        stale = [(iid, fresh) for iid, fresh in cohort if known.get(iid) != fresh]
        if stale:
            _refresh(session, book, stale, ranks)
        if everything and len(known) > len(cohort):
            for iid in set(known) - {iid for iid, _ in cohort}:
                book._forget(iid)
        yield book


def forget_all() -> None:
    """Drop every kept book (tests start clean with it)."""
    with _lock:
        _books.clear()


def _refresh(
    session: Session, book: StageBook, stale: list[tuple[int, Freshness]], ranks: Ranks
) -> None:
    many = len(stale) > _FULL_READ
    read = _read(session, None if many else [iid for iid, _ in stale])
    for iid, fresh in stale:
        if not many:
            book._forget(iid)
        book._learn(iid, fresh, *_facts(fresh, read.get(iid, []), ranks))
        if not many:
            book._index_stays(iid)
    if many:  # cheaper to sort the per-stage lists once than to patch them
        book._reindex_all()


def _read(session: Session, inquiry_ids: list[int] | None) -> dict[int, list[tuple[int, int]]]:
    """(stage id, changed ms) per inquiry in time order: of these inquiries, or of all."""
    query = select(
        StageChange.inquiry_id, StageChange.to_stage_id, epoch_ms(StageChange.changed_at)
    ).order_by(StageChange.inquiry_id, StageChange.changed_at, StageChange.id)
    if inquiry_ids is None:
        rows = fetch_rows(session, query)
    else:
        rows = []
        for start in range(0, len(inquiry_ids), _SLICE):
            part = inquiry_ids[start : start + _SLICE]
            rows += fetch_rows(session, query.where(StageChange.inquiry_id.in_(part)))
    grouped: dict[int, list[tuple[int, int]]] = {}
    for iid, stage_id, changed in rows:
        entries = grouped.get(iid)
        if entries is None:
            grouped[iid] = [(stage_id, changed)]
        else:
            entries.append((stage_id, changed))
    return grouped
