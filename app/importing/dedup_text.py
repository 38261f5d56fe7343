"""Text keys the de-duplicator compares: phonetic codes, folded addresses and postal codes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from app.importing.nicknames import name_key

_SUFFIXES = {"jr": "jr", "junior": "jr", "fils": "jr", "sr": "sr", "senior": "sr", "pere": "sr"}
_ROMAN = {"ii", "iii", "iv", "v"}

# Street words written many ways; folding them lets "12 Main Street" equal "12 main st.".
_STREET_WORDS = {
    "street": "st", "str": "st", "avenue": "av", "ave": "av", "road": "rd", "drive": "dr",
    "boulevard": "blvd", "boul": "blvd", "bd": "blvd", "crescent": "cres", "cr": "cres",
    "court": "ct", "place": "pl", "lane": "ln", "terrace": "terr", "circle": "cir",
    "highway": "hwy", "parkway": "pkwy", "square": "sq", "chemin": "ch", "rue": "",
    "north": "n", "south": "s", "east": "e", "west": "w", "nord": "n", "sud": "s",
    "est": "e", "ouest": "o", "apartment": "#", "apt": "#", "unit": "#", "suite": "#",
    "app": "#", "bureau": "#",
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9#]+")
_SOUNDEX = str.maketrans("bfpvcgjkqsxzdtlmnr", "111122222222334556", "aeiouyhw")


@lru_cache(maxsize=65536)
def phonetic(key: str) -> str:
    """A Soundex-like code of a `name_key`: first letter plus consonant classes."""
    if not key:
        return ""
    digits = key[1:].translate(_SOUNDEX)
    code = [key[0]]
    last = key[0].translate(_SOUNDEX)
    for digit in digits:
        if digit != last:
            code.append(digit)
        last = digit
    return "".join(code)[:5]


@lru_cache(maxsize=65536)
def address_key(line: str) -> str:
    """An address line folded for comparison: "12 Main Street, Apt 3" -> "12 main st # 3"."""
    text = unicodedata.normalize("NFKD", line.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = [_STREET_WORDS.get(w, w) for w in _WORD.findall(text)]
    return " ".join(w for w in words if w)


@lru_cache(maxsize=65536)
def postal_key(code: str) -> str:
    """Upper-case letters and digits only ("h2x 1y4" -> "H2X1Y4")."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def suffix_key(suffix: str) -> str:
    """Jr/Sr/II/III folded to one spelling ('' when there is none)."""
    key = name_key(suffix)
    return _SUFFIXES.get(key, key if key in _ROMAN else "")
