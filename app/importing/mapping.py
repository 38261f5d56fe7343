"""Which column of a file holds which field of a contact.

Known exports (Google Contacts, Outlook, LinkedIn, lead-vendor sheets, vCard) are
recognised by their headers and mapped without questions. Other files are mapped by
header synonyms in English and French, compared with rapidfuzz after folding case and
accents; a header that matches nothing well enough is ignored. The broker can edit a
mapping, and it is remembered for the next file with the same headers.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.importing import mapping_tables as tables
from app.services.settings import get_setting, set_setting

# fmt: off
TARGETS: tuple[str, ...] = (
    "first_name", "last_name", "full_name", "middle_name", "prefix", "suffix", "email",
    "phone", "date_of_birth", "address_line1", "address_line2", "city", "region",
    "postal_code", "country", "full_address", "company", "notes", "tags", "external_id",
    "ignore",
)
MULTI_TARGETS = frozenset({"email", "phone", "tags", "notes"})  # several columns combine
THRESHOLD = 80  # out of 100; below it a header is left unmapped (ignored)
# One typo in a short word is too much: "Stage" is not "State".
SHORT_WORD_THRESHOLD = 90
_EXTRA = re.compile(r"^extra_\d+$")
_SPLIT_TARGETS = frozenset({"email", "phone", "tags"})
_SEPARATOR_CHARS = re.compile(r"[:;\n/,]")
_SEPARATORS = re.compile(r"\s*:::\s*|[;\n]|\s+/\s+|,")  # Google's " ::: " and the usual ones
_VCARD_KEYS: dict[str, str] = {
    "FN": "full_name", "N.given": "first_name", "N.family": "last_name",
    "N.additional": "middle_name", "N.prefix": "prefix", "N.suffix": "suffix",
    "BDAY": "date_of_birth", "ORG": "company", "NOTE": "notes", "CATEGORIES": "tags",
    "UID": "external_id", "ADR.1.street": "address_line1", "ADR.1.pobox": "address_line2",
    "ADR.1.extended": "address_line2", "ADR.1.city": "city", "ADR.1.region": "region",
    "ADR.1.code": "postal_code", "ADR.1.country": "country",
}
# fmt: on
_VCARD_OTHER = re.compile(
    r"^(?:EMAIL|TEL|URL)\.\d+$|^ADR\.\d+\.\w+$|^(?:ORG\.unit|NICKNAME|TITLE)$"
)


@dataclass(frozen=True)
class MappingProposal:
    """A mapping to show the broker: `format` is set when the file was recognised."""

    format: str | None
    mapping: dict[str, str]

    @property
    def label(self) -> str:
        """A readable name of the recognised export, or '' for an unknown layout."""
        return tables.FORMAT_LABELS.get(self.format or "", "")


def fold(text: str) -> str:
    """Lower-case, accents removed, punctuation as spaces: 'Téléphone (1)' -> 'telephone 1'."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("e-mail", "email"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^0-9a-z#]+", " ", text).replace("#", " ").split())


def detect_format(headers: tuple[str, ...] | list[str]) -> str | None:
    """'google', 'outlook', 'linkedin', 'lead_vendor', 'vcard', or None when unknown."""
    names = {header.strip().casefold() for header in headers}
    if names and all(h in _VCARD_KEYS or _VCARD_OTHER.match(h) for h in _real(headers)):
        return "vcard"
    has_person = bool(names & {"first name", "given name", "name"})
    if has_person and names & {"e-mail 1 - value", "phone 1 - value"}:
        return "google"
    if "e-mail address" in names and names & {"business phone", "home phone", "mobile phone"}:
        return "outlook"
    if {"first name", "last name", "connected on"} <= names and "url" in names:
        return "linkedin"
    if _is_vendor(headers):
        return "lead_vendor"
    return None


def propose_mapping(headers: tuple[str, ...] | list[str]) -> MappingProposal:
    """The mapping for a known export, else the fuzzy suggestion."""
    kind = detect_format(headers)
    if kind is None:
        return MappingProposal(None, suggest_mapping(headers))
    return MappingProposal(kind, known_mapping(kind, headers))


def known_mapping(kind: str, headers: tuple[str, ...] | list[str]) -> dict[str, str]:
    """The fixed mapping of a recognised export (see detect_format)."""
    if kind == "vcard":
        return {h: _vcard_target(h) for h in headers}
    if kind == "lead_vendor":
        return _vendor_mapping(headers)
    table = {"google": tables.GOOGLE, "outlook": tables.OUTLOOK, "linkedin": tables.LINKEDIN}
    fixed = table[kind]
    mapping = {h: fixed.get(h.strip().casefold(), "ignore") for h in headers}
    if kind == "google":
        for header in headers:
            folded = header.strip().casefold()
            if re.fullmatch(r"e-mail \d+ - value", folded):
                mapping[header] = "email"
            elif re.fullmatch(r"phone \d+ - value", folded):
                mapping[header] = "phone"
    return mapping


def suggest_mapping(headers: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Map each header to its closest target by synonyms; 'ignore' when none is close."""
    mapping = {header: _best_target(fold(header)) for header in headers}
    targets = set(mapping.values())
    for header, target in mapping.items():
        # "Nom" alone (no "Prénom" column) is the whole name, not the family name.
        if target == "last_name" and fold(header) == "nom" and "first_name" not in targets:
            mapping[header] = "full_name"
        # One "Address" column next to City/Postal columns is the street line.
        if target == "full_address" and targets & {"city", "postal_code", "region"}:
            mapping[header] = "address_line1"
    ids = [header for header, target in mapping.items() if target == "external_id"]
    for header in ids[1:]:
        mapping[header] = "ignore"
    return mapping


def check_mapping(headers: tuple[str, ...] | list[str], mapping: dict[str, str]) -> dict[str, str]:
    """A complete mapping for `headers` (unmapped -> 'ignore'); InvalidInput on bad targets."""
    unknown = sorted({target for target in mapping.values() if target not in TARGETS})
    if unknown:
        raise InvalidInput(f"unknown field(s) in the column mapping: {', '.join(unknown)}")
    return {header: mapping.get(header, "ignore") for header in headers}


def split_multi(value: str, target: str) -> list[str]:
    """The separate values of one cell: emails, phones and tags may hold several."""
    text = value.strip()
    if not text:
        return []
    if target not in _SPLIT_TARGETS or not _SEPARATOR_CHARS.search(text):
        return [text]
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


def mapping_key(headers: tuple[str, ...] | list[str]) -> str:
    """A stable key for a header list: same columns (case, accents, spacing aside) -> same key."""
    normalized = "\x1f".join(fold(header) for header in _real(headers))
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:20]


def remember_mapping(
    session: Session, headers: tuple[str, ...] | list[str], mapping: dict[str, str]
) -> None:
    """Store the broker's mapping for the next file with the same headers."""
    kept = {header: target for header, target in check_mapping(headers, mapping).items()}
    set_setting(session, f"import_mapping:{mapping_key(headers)}", kept)


def recall_mapping(session: Session, headers: tuple[str, ...] | list[str]) -> dict[str, str] | None:
    """The mapping remembered for these headers, or None when there is none."""
    stored: Any = get_setting(session, f"import_mapping:{mapping_key(headers)}")
    if not isinstance(stored, dict):
        return None
    # The key folds case and accents, so match the stored headers the same way.
    by_fold = {fold(str(header)): str(target) for header, target in stored.items()}
    recalled = {header: by_fold.get(fold(header), "ignore") for header in headers}
    return {header: t if t in TARGETS else "ignore" for header, t in recalled.items()}


def _real(headers: tuple[str, ...] | list[str]) -> list[str]:
    """Headers from the file, without the extra_N columns added for ragged rows."""
    return [header for header in headers if not _EXTRA.match(header)]


def _vcard_target(key: str) -> str:
    if key in _VCARD_KEYS:
        return _VCARD_KEYS[key]
    if key.startswith("EMAIL."):
        return "email"
    if key.startswith("TEL."):
        return "phone"
    return "ignore"


def _is_vendor(headers: tuple[str, ...] | list[str]) -> bool:
    folded = [fold(header) for header in headers]
    has_lead_id = any(f in tables.VENDOR_ID_HEADERS or f.startswith("lead ") for f in folded)
    has_loan = any({"loan", "mortgage"} & set(f.split()) for f in folded)
    suggested = set(suggest_mapping(headers).values())
    has_contact = bool(suggested & {"email", "phone"})
    has_name = bool(suggested & {"first_name", "last_name", "full_name"})
    return (has_lead_id or has_loan) and has_contact and has_name


def _vendor_mapping(headers: tuple[str, ...] | list[str]) -> dict[str, str]:
    mapping = suggest_mapping(headers)
    for header in headers:
        folded = fold(header)
        if folded in tables.VENDOR_ID_HEADERS or folded.replace(" ", "") == "leadid":
            mapping[header] = "external_id"
        elif mapping[header] in {"ignore", "region"} and set(folded.split()) & (
            tables.VENDOR_NOTE_WORDS
        ):
            mapping[header] = "notes"
    return mapping


def _best_target(header: str) -> str:
    if not header:
        return "ignore"
    best: tuple[float, float, str] = (0.0, 0.0, "ignore")
    threshold = SHORT_WORD_THRESHOLD if " " not in header and len(header) < 7 else THRESHOLD
    for target, synonyms in tables.SYNONYMS.items():
        for synonym in synonyms:
            score = _score(header, synonym)
            if score >= threshold:
                best = max(best, (score, fuzz.ratio(header, synonym), target))
    return best[2]


def _score(header: str, synonym: str) -> float:
    """token_set_ratio when the two differ only by qualifying words, else token_sort_ratio."""
    words, synonym_words = set(header.split()), set(synonym.split())
    if (words - synonym_words) & tables.NEGATING_WORDS:
        return 0.0
    if (words ^ synonym_words) - tables.QUALIFIER_WORDS:
        return float(fuzz.token_sort_ratio(header, synonym))
    return float(fuzz.token_set_ratio(header, synonym))
