"""Blocking: which records are worth comparing at all (never every pair).

Two records become candidates when they share a blocking key: an email, a phone, an
external id, the last name with the first name (or one of its nickname groups) in either
order, the phonetic codes of both names, a postal code or a date of birth with the two
initials. A key shared by more than `MAX_BLOCK` records (a shared office line, a very common
name) says little and is dropped, so one popular value cannot make the work quadratic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache

from app.importing.dedup_features import Features, NameInfo

MAX_BLOCK = 60  # records sharing one key; bigger blocks are ignored
MAX_NAME_BLOCK = 6
MAX_PHONETIC_BLOCK = 4


@lru_cache(maxsize=65536)
def first_tokens(key: str, groups: frozenset[int]) -> tuple[str, ...]:
    """The first-name parts of name keys: the name and each of its nickname groups."""
    return (key, *(f"g{g}" for g in sorted(groups)))


def keys_of(
    first: NameInfo,
    last: NameInfo,
    emails: Iterable[str],
    phones: Iterable[str],
    external_id: str,
    postal: str,
    dob: date | None,
) -> list[str]:
    """The blocking keys of one record (strings, prefixed by kind so kinds never collide)."""
    keys = ["e:" + email for email in emails]
    keys.extend("p:" + phone for phone in phones)
    if external_id:
        keys.append("x:" + external_id)
    first_key, first_groups, first_code = first
    last_key, _, last_code = last
    if first_key and last_key:
        # The whole last name with the first name or one of its nickname groups, in
        # sorted order so "Smith John" meets "John Smith".
        for token in first_tokens(first_key, first_groups):
            keys.append(
                "n:" + (token + "|" + last_key if token < last_key else last_key + "|" + token)
            )
        if first_code < last_code:
            keys.append("s:" + first_code + "|" + last_code)
        else:
            keys.append("s:" + last_code + "|" + first_code)
    # Initials in sorted order, so swapped names keep them; a spouse or a child at the
    # same address or with the same birthday mostly has other initials.
    a, b = first_key[:1], last_key[:1]
    initials = a + b if a < b else b + a
    if postal:
        keys.append("a:" + postal + initials)
    if dob is not None:
        keys.append("d:" + dob.isoformat() + initials)
    return keys


def blocking_keys(rec: Features) -> list[str]:
    """The blocking keys of a prepared record."""
    return keys_of(
        (rec.first, rec.first_groups, rec.first_code),
        (rec.last, rec.last_groups, rec.last_code),
        rec.emails,
        rec.phones,
        rec.external_id,
        rec.postal,
        rec.dob,
    )


def _cap(key: str) -> int:
    # A name shared by many records is a common name: agreeing on it alone could never
    # reach a review, so its big block would only cost time.
    kind = key[0]
    return MAX_NAME_BLOCK if kind == "n" else MAX_PHONETIC_BLOCK if kind == "s" else MAX_BLOCK


class BlockIndex:
    """Blocking keys -> record positions.

    `records` sit at positions `first`, `first + 1`, ...; `early` gives the keys of the
    records before them (existing contacts), or `scan` works out which of those records
    have each key of `records` (`dedup_table.ExistingTable.scan`). Only keys that one of
    `records` has, shared by at least two and at most `MAX_BLOCK` records, are kept.
    """

    def __init__(
        self,
        records: Sequence[Features],
        *,
        first: int = 0,
        early: Iterable[list[str]] = (),
        scan: Callable[[dict[str, int | list[int]]], dict[str, list[int]]] | None = None,
    ) -> None:
        self.first = first
        self.keys = [blocking_keys(rec) for rec in records]
        # key -> positions; a lone position is kept as an int, the common case, to spare
        # hundreds of thousands of one-item lists.
        found: dict[str, int | list[int]] = {}
        get = found.get
        for offset, keys in enumerate(self.keys):
            pos = first + offset
            for key in keys:
                had = get(key)
                if had is None:
                    found[key] = pos
                elif type(had) is int:
                    if had != pos:
                        found[key] = [had, pos]
                elif had[-1] != pos:  # type: ignore[index]
                    had.append(pos)  # type: ignore[union-attr]
        before: dict[str, list[int]] = scan(found) if scan is not None else {}
        for pos, keys in enumerate(early):
            for key in keys:
                if key in found:
                    had_before = before.get(key)
                    if had_before is None:
                        before[key] = [pos]
                    elif had_before[-1] != pos:
                        had_before.append(pos)
        blocks: dict[str, list[int]] = {}
        self.dropped = 0
        for key, positions in found.items():
            later = [positions] if isinstance(positions, int) else positions
            size = len(later) + len(before.get(key, ()))
            if size < 2:
                continue
            if size > _cap(key):
                self.dropped += 1
                continue
            blocks[key] = before[key] + later if key in before else later
        self.blocks = blocks

    def candidates(self, pos: int) -> set[int]:
        """Positions before `pos` that share a usable key with the record at `pos`."""
        found: set[int] = set()
        blocks = self.blocks
        for key in self.keys[pos - self.first]:
            positions = blocks.get(key)
            if positions is None:
                continue
            for other in positions:
                if other >= pos:
                    break  # positions are ascending
                found.add(other)
        return found
