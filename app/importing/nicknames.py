"""Given-name equivalents (Bob = Robert, Maggie = Margaret, J-F = Jean-François).

The groups are data in `resources/defaults/nicknames.json`. Names are compared by a key
that ignores case, accents, spaces, hyphens and dots, so "Jean-François", "jean francois"
and "JEAN FRANCOIS" are one name and "J-F" is "jf".
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from app.paths import resources_dir

NICKNAMES_FILE = "nicknames.json"

_EMPTY: frozenset[int] = frozenset()


_ASCII_NON_LETTERS = str.maketrans(
    "", "", "".join(chr(i) for i in range(128) if not chr(i).isalpha())
)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Lower-case letters only, accents removed: the form names are compared in."""
    if name.isascii():  # the common case, without Unicode decomposition
        return name.lower().translate(_ASCII_NON_LETTERS)
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalpha() and not unicodedata.combining(ch))


class NicknameIndex:
    """Which equivalence groups each given name belongs to."""

    def __init__(self, groups: Iterable[Iterable[str]]) -> None:
        index: dict[str, set[int]] = {}
        for number, group in enumerate(groups):
            for name in group:
                key = name_key(name)
                if key:
                    index.setdefault(key, set()).add(number)
        self._groups = {key: frozenset(ids) for key, ids in index.items()}
        group_initials: dict[int, set[str]] = {}
        for key, ids in index.items():
            for number in ids:
                group_initials.setdefault(number, set()).add(key[0])
        self._initials = {
            key: frozenset(i for number in ids for i in group_initials[number])
            for key, ids in index.items()
        }

    def __len__(self) -> int:
        return len(self._groups)

    def groups(self, name: str) -> frozenset[int]:
        """The groups `name` is in (empty for a name we have no equivalents for)."""
        return self._groups.get(name_key(name), _EMPTY)

    def groups_of_key(self, key: str) -> frozenset[int]:
        """Like `groups`, for a name already passed through `name_key`."""
        return self._groups.get(key, _EMPTY)

    def initials(self, key: str) -> frozenset[str]:
        """First letters `key` (a `name_key`) may be written with: "bob" -> {b, r}."""
        return self._initials.get(key, frozenset(key[:1]))

    def knows(self, key: str) -> bool:
        """Whether `key` (a `name_key`) is a given name listed in some group."""
        return key in self._groups

    def equivalent(self, a: str, b: str) -> bool:
        """Same name, or two names that share a group (Bob and Robert)."""
        ka, kb = name_key(a), name_key(b)
        if not ka or not kb:
            return False
        return ka == kb or not self.groups_of_key(ka).isdisjoint(self.groups_of_key(kb))


def load_nicknames(path: Path | None = None) -> NicknameIndex:
    """Read the nickname groups (the shipped file unless `path` is given)."""
    source = path or resources_dir() / "defaults" / NICKNAMES_FILE
    data = json.loads(source.read_text(encoding="utf-8"))
    groups = data["groups"] if isinstance(data, dict) else data
    if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
        raise ValueError(f"{source.name}: expected a list of name groups")
    return NicknameIndex([str(n) for n in group] for group in groups)


@lru_cache(maxsize=1)
def default_nicknames() -> NicknameIndex:
    """The shipped groups, read once per process."""
    return load_nicknames()
