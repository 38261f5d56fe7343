"""People's names as they come out of address books: split, de-titled, sensibly cased.

Casing is only fixed when a name is all capitals or all lower case ("MCDONALD",
"o'brien"): a name written in mixed case ("DeShawn", "de Souza") is the person's own
spelling and is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# fmt: off
_PREFIXES = {
    "mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "miss": "Miss", "mx": "Mx.", "dr": "Dr.",
    "prof": "Prof.", "rev": "Rev.", "hon": "Hon.", "sir": "Sir", "m.": "M.", "mme": "Mme",
    "mlle": "Mlle", "me": "Me", "dre": "Dre", "pr": "Pr",
}
_SUFFIXES = {
    "jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV", "phd": "PhD", "md": "MD",
    "esq": "Esq.", "cpa": "CPA", "dds": "DDS", "mba": "MBA", "cfa": "CFA", "cfp": "CFP",
}
# fmt: on
# Lower-case particles inside family names: "van der Berg", "de la Fontaine".
# fmt: off
_PARTICLES = frozenset([
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "des",
    "la", "le", "ter", "ten",
])
# fmt: on
_APOSTROPHES = re.compile(r"(['’])")
_ONE_WORD = re.compile(r"[^\s.,]*")


@dataclass(frozen=True)
class NameParts:
    """A name split into its parts, casing fixed."""

    first: str = ""
    middle: str = ""
    last: str = ""
    prefix: str = ""
    suffix: str = ""


def prefix_key(token: str) -> str | None:
    """The canonical prefix for a token ('dr.' -> 'Dr.'), or None. 'M' needs its dot."""
    lowered = token.casefold()
    if lowered == "m.":
        return _PREFIXES["m."]
    return _PREFIXES.get(lowered.rstrip("."))


def suffix_key(token: str) -> str | None:
    """The canonical suffix for a token ('ph.d.' -> 'PhD'), or None."""
    return _SUFFIXES.get(token.casefold().replace(".", "").strip(","))


def split_full_name(full: str) -> NameParts:
    """'Smith, John A.' / 'Dr. John A. Smith Jr.' / 'Jean de la Fontaine' -> parts."""
    text = " ".join(full.split())
    suffixes: list[str] = []
    if "," in text:
        parts = [part.strip() for part in text.split(",") if part.strip()]
        while len(parts) > 1 and all(suffix_key(t) for t in parts[-1].split()):
            suffixes[0:0] = [suffix_key(t) or t for t in parts.pop().split()]
        if len(parts) >= 2:
            prefix, tokens, more = _strip_titles(" ".join(parts[1:]).split())
            _, surname, surname_suffixes = _strip_titles(parts[0].split(), prefixes=False)
            return _cased(
                NameParts(
                    first=tokens[0] if tokens else "",
                    middle=" ".join(tokens[1:]),
                    last=" ".join(surname),
                    prefix=prefix,
                    suffix=" ".join([*surname_suffixes, *more, *suffixes]),
                )
            )
        text = parts[0] if parts else ""
    prefix, tokens, more = _strip_titles(text.split())
    suffix = " ".join([*more, *suffixes])
    if not tokens:
        return NameParts(prefix=prefix, suffix=suffix)
    if len(tokens) == 1:
        return _cased(NameParts(first=tokens[0], prefix=prefix, suffix=suffix))
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].casefold() in _PARTICLES:
        start -= 1
    return _cased(
        NameParts(
            first=tokens[0],
            middle=" ".join(tokens[1:start]),
            last=" ".join(tokens[start:]),
            prefix=prefix,
            suffix=suffix,
        )
    )


def clean_name_fields(first: str, middle: str, last: str, prefix: str, suffix: str) -> NameParts:
    """Separate names given in columns: titles moved out of the names, casing fixed."""
    if (
        not (middle or prefix or suffix)
        and _ONE_WORD.fullmatch(first)
        and _ONE_WORD.fullmatch(last)
    ):
        # The common case, kept fast: one word each, nothing to move out.
        return NameParts(first=_fix_case(first, False), last=_fix_case(last, True))
    found_prefix, first_tokens, first_suffixes = _strip_titles(first.split())
    _, last_tokens, last_suffixes = _strip_titles(last.replace(",", " ").split(), prefixes=False)
    given_prefix = prefix_key(prefix.strip()) or prefix.strip()
    given_suffix = " ".join(suffix_key(t) or t for t in suffix.split())
    return _cased(
        NameParts(
            first=" ".join(first_tokens),
            middle=" ".join(middle.split()),
            last=" ".join(last_tokens),
            prefix=given_prefix or found_prefix,
            suffix=" ".join(filter(None, [given_suffix, *first_suffixes, *last_suffixes])),
        )
    )


def fix_case(name: str, *, family: bool = False) -> str:
    """'MCDONALD' -> 'McDonald', "o'brien" -> "O'Brien", 'van der berg' -> 'van der Berg'.

    Mixed-case names are returned unchanged. `family` keeps particles lower case.
    """
    return _fix_case(name, family)


@lru_cache(maxsize=65536)  # first names and family names repeat a lot
def _fix_case(name: str, family: bool) -> str:
    letters = [char for char in name if char.isalpha()]
    if not letters or (any(c.isupper() for c in letters) and any(c.islower() for c in letters)):
        return name
    tokens = name.split()
    out = []
    for index, token in enumerate(tokens):
        lowered = token.lower()
        if family and lowered in _PARTICLES and index < len(tokens) - 1:
            out.append(lowered)
        else:
            out.append("-".join(_cap_part(part) for part in lowered.split("-")))
    return " ".join(out)


def _cap_part(part: str) -> str:
    pieces = _APOSTROPHES.split(part)  # "o'brien" -> ["o", "'", "brien"]
    capped = "".join(piece[:1].upper() + piece[1:] for piece in pieces)
    if capped.startswith("Mc") and len(capped) > 2:
        capped = "Mc" + capped[2].upper() + capped[3:]
    return capped


def _strip_titles(tokens: list[str], *, prefixes: bool = True) -> tuple[str, list[str], list[str]]:
    """(prefix, remaining tokens, suffixes); a title is only taken if a name remains."""
    tokens = [token.strip(",") for token in tokens if token.strip(",")]
    prefix = ""
    if prefixes and len(tokens) > 1 and (found := prefix_key(tokens[0])):
        prefix, tokens = found, tokens[1:]
    suffixes: list[str] = []
    while len(tokens) > 1 and (found := suffix_key(tokens[-1])):
        suffixes.insert(0, found)
        tokens = tokens[:-1]
    return prefix, tokens, suffixes


def _cased(parts: NameParts) -> NameParts:
    return NameParts(
        first=_fix_case(parts.first, False),
        middle=_fix_case(parts.middle, False),
        last=_fix_case(parts.last, True),
        prefix=parts.prefix,
        suffix=parts.suffix,
    )
