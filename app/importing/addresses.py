"""Postal addresses: province and state codes, postal codes, countries, one-line addresses."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

# fmt: off
_PROVINCES: dict[str, tuple[str, ...]] = {
    "AB": ("alberta", "alta"),
    "BC": ("british columbia", "colombie britannique", "c b"),
    "MB": ("manitoba", "man"),
    "NB": ("new brunswick", "nouveau brunswick", "n b"),
    "NL": ("newfoundland and labrador", "newfoundland", "terre neuve et labrador",
           "terre neuve", "nfld", "t n l"),
    "NS": ("nova scotia", "nouvelle ecosse"),
    "ON": ("ontario", "ont"),
    "PE": ("prince edward island", "ile du prince edouard", "pei", "i p e"),
    "QC": ("quebec", "que", "pq", "p q"),
    "SK": ("saskatchewan", "sask"),
    "NT": ("northwest territories", "territoires du nord ouest", "nwt", "t n o"),
    "NU": ("nunavut",),
    "YT": ("yukon", "yk"),
}
_STATES: dict[str, tuple[str, ...]] = {
    code: (name,) for code, name in (
        ("AL", "alabama"), ("AK", "alaska"), ("AZ", "arizona"), ("AR", "arkansas"),
        ("CA", "california"), ("CO", "colorado"), ("CT", "connecticut"),
        ("DE", "delaware"), ("DC", "district of columbia"), ("FL", "florida"),
        ("GA", "georgia"), ("HI", "hawaii"), ("ID", "idaho"), ("IL", "illinois"),
        ("IN", "indiana"), ("IA", "iowa"), ("KS", "kansas"), ("KY", "kentucky"),
        ("LA", "louisiana"), ("ME", "maine"), ("MD", "maryland"), ("MA", "massachusetts"),
        ("MI", "michigan"), ("MN", "minnesota"), ("MS", "mississippi"), ("MO", "missouri"),
        ("MT", "montana"), ("NE", "nebraska"), ("NV", "nevada"), ("NH", "new hampshire"),
        ("NJ", "new jersey"), ("NM", "new mexico"), ("NY", "new york"),
        ("NC", "north carolina"), ("ND", "north dakota"), ("OH", "ohio"),
        ("OK", "oklahoma"), ("OR", "oregon"), ("PA", "pennsylvania"),
        ("RI", "rhode island"), ("SC", "south carolina"), ("SD", "south dakota"),
        ("TN", "tennessee"), ("TX", "texas"), ("UT", "utah"), ("VT", "vermont"),
        ("VA", "virginia"), ("WA", "washington"), ("WV", "west virginia"),
        ("WI", "wisconsin"), ("WY", "wyoming"), ("PR", "puerto rico"),
    )
}
_COUNTRIES: dict[str, tuple[str, ...]] = {
    "CA": ("canada", "can"),
    "US": ("united states", "united states of america", "usa", "u s a", "u s", "america",
           "etats unis", "etats unis d amerique"),
    "FR": ("france",), "GB": ("united kingdom", "uk", "great britain", "england",
                              "royaume uni", "angleterre"),
    "MX": ("mexico", "mexique"), "BE": ("belgium", "belgique"), "CH": ("switzerland", "suisse"),
    "IE": ("ireland", "irlande"), "IN": ("india", "inde"), "CN": ("china", "chine"),
    "PH": ("philippines",), "DE": ("germany", "allemagne"), "IT": ("italy", "italie"),
    "PT": ("portugal",), "ES": ("spain", "espagne"), "LB": ("lebanon", "liban"),
    "HT": ("haiti",), "MA": ("morocco", "maroc"), "DZ": ("algeria", "algerie"),
}
# fmt: on


def _key(text: str) -> str:
    """Case, accents, dots and spacing folded away: 'Québec' -> 'quebec', 'C.-B.' -> 'cb'."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)))


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    found = {_key(name): code for code, names in table.items() for name in names}
    found.update({code.casefold(): code for code in table})
    return found


_PROVINCE_KEYS = _lookup(_PROVINCES)
_STATE_KEYS = _lookup(_STATES)
_COUNTRY_KEYS = _lookup(_COUNTRIES)
_CA_POSTAL = re.compile(r"^([A-Z]\d[A-Z])\s*-?\s*(\d[A-Z]\d)$")
_US_ZIP = re.compile(r"^(\d{5})-?(\d{4})?$")
_POSTAL_AT_END = re.compile(
    r"(?:^|[\s,])([A-Za-z]\d[A-Za-z]\s*-?\s*\d[A-Za-z]\d|\d{5}(?:-\d{4})?)$"
)


@dataclass(frozen=True)
class AddressParts:
    """An address split into the contact's columns."""

    line1: str = ""
    line2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""


@lru_cache(maxsize=4096)  # a file has few distinct regions, countries, postal codes
def region_code(text: str, country: str = "") -> str:
    """'Ontario'/'ont.'/'on' -> 'ON', 'Québec' -> 'QC', 'New York' -> 'NY'; else unchanged."""
    key = _key(text)
    if not key:
        return ""
    if country != "US" and key in _PROVINCE_KEYS:
        return _PROVINCE_KEYS[key]
    if country != "CA" and key in _STATE_KEYS:
        return _STATE_KEYS[key]
    return " ".join(text.split())


@lru_cache(maxsize=1024)
def country_code(text: str) -> str | None:
    """The ISO code for a country name or code ('Canada', 'USA', 'fr'), else None."""
    key = _key(text)
    if key in _COUNTRY_KEYS:
        return _COUNTRY_KEYS[key]
    code = key.upper()
    if len(code) == 2 and code in phonenumbers.SUPPORTED_REGIONS:
        return code
    return None


@lru_cache(maxsize=65536)
def postal_code(text: str, country: str = "") -> str:
    """Canadian codes as 'M5V 3L9'; US ZIPs kept (a 4-digit ZIP regains its leading 0)."""
    value = " ".join(text.upper().split())
    if match := _CA_POSTAL.match(value):
        return f"{match.group(1)} {match.group(2)}"
    if country == "US" and re.fullmatch(r"\d{4}", value):
        return "0" + value  # spreadsheets drop the 0 of New England ZIPs
    if match := _US_ZIP.match(value):
        return match.group(1) + (f"-{match.group(2)}" if match.group(2) else "")
    return value


def infer_country(region: str, postal: str) -> str:
    """The country implied by a known province/state code or a Canadian postal code."""
    if region in _PROVINCES or _CA_POSTAL.match(postal):
        return "CA"
    if region in _STATES and region != "CA":
        return "US"
    return ""


def split_address(text: str) -> AddressParts:
    """Best effort for a one-cell address: '12 King St W, Apt 4, Toronto, ON M5V 3L9, Canada'."""
    parts = [p.strip() for p in re.split(r"[,\n]+", text) if p.strip()]
    country = ""
    if len(parts) > 1 and (code := country_code(parts[-1])):
        country = code
        parts.pop()
    region = postal = ""
    if parts and (match := _POSTAL_AT_END.search(parts[-1])):
        postal = postal_code(match.group(1), country)
        parts[-1] = parts[-1][: match.start(1)].strip(" ,")
    if parts and parts[-1] and (postal or len(parts) > 1):
        words = parts[-1].split()
        for size in (3, 2, 1):  # "Prince Edward Island", "New York", "ON"
            if len(words) >= size and (code := _known_region(" ".join(words[-size:]))):
                region = code
                parts[-1] = " ".join(words[:-size])
                break
    parts = [p for p in parts if p]
    if len(parts) == 1:
        return AddressParts(line1=parts[0], region=region, postal_code=postal, country=country)
    return AddressParts(
        line1=parts[0] if parts else "",
        line2=", ".join(parts[1:-1]),
        city=parts[-1] if len(parts) > 1 else "",
        region=region,
        postal_code=postal,
        country=country,
    )


def _known_region(text: str) -> str:
    key = _key(text)
    return _PROVINCE_KEYS.get(key) or _STATE_KEYS.get(key) or ""
