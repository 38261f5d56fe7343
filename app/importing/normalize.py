"""From a mapped row to a clean PersonRecord, keeping a readable warning for every value
that could not be used (an invalid email, an unreadable date) and rejecting only rows
with no name, no email and no phone.

Spreadsheet formulas: a text value starting with =, +, -, @ (or a tab or carriage return)
is stored with a leading apostrophe ('=HYPERLINK(...)), so it stays text if the broker
later opens an export in Excel; phone numbers like "+1 416 555 0101" and negative numbers
are not formulas and are left alone. Values longer than their database column are cut,
with a warning; notes are unlimited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from email.utils import parseaddr

from app.errors import InvalidInput
from app.importing import addresses
from app.importing.birth_dates import parse_birth_date
from app.importing.contact_fast_paths import email_address, phone_e164
from app.importing.mapping import TARGETS, split_multi
from app.importing.model import NormalizedRow, PersonRecord, SourceRow
from app.importing.person_names import NameParts, clean_name_fields, split_full_name

NO_IDENTITY = "no name, email or phone"
# fmt: off
_LIMITS = {
    "first_name": 100, "last_name": 100, "middle_name": 100, "prefix": 30, "suffix": 30,
    "company": 200, "address_line1": 200, "address_line2": 200, "city": 100, "region": 100,
    "postal_code": 20, "external_id": 200,
}
_TAG_LIMIT = 60
_ADDRESS = ("address_line1", "address_line2", "city", "region", "postal_code", "country",
            "full_address")
_LINE_BREAKS = re.compile(r"\r\n?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_CHARS = frozenset("".join(_FORMULA_START))
_MESSY_SPACE = re.compile(r"\s\s|[^\S ]")  # two spaces, or a tab, line break...
_NOT_A_FORMULA = re.compile(r"^[+\-]?[\d\s().,/\-]*$")  # phone numbers, negative numbers
_GOOGLE_SYSTEM_TAGS = frozenset({"mycontacts", "starred", "my contacts"})
_USED = frozenset(TARGETS) - {"ignore"}
_NO_ADDRESS = addresses.AddressParts()
_TAG_PREFIX = re.compile(r"^(?:\*\s*|System Group:\s*)")
_HOME = re.compile(r"home|domicile|maison", re.IGNORECASE)
# fmt: on

Cells = dict[str, list[tuple[str, str]]]  # target -> [(header, value)] in mapping order
Plan = list[tuple[str, str]]  # (header, target) for the columns that are used


def normalize_row(row: SourceRow, mapping: dict[str, str], *, region: str) -> NormalizedRow:
    """Normalize one row; `region` is the default phone region and date convention.

    Columns are read in the mapping's order (the file's order for proposed mappings), which
    decides the primary email/phone and where one address block ends and the next begins.
    """
    return _normalize(row, _plan(mapping), region)


def normalize_rows(
    rows: Iterable[SourceRow], mapping: dict[str, str], *, region: str
) -> Iterator[NormalizedRow]:
    """normalize_row for many rows of one file: the mapping is looked at only once."""
    plan = _plan(mapping)
    return (_normalize(row, plan, region) for row in rows)


def _plan(mapping: dict[str, str]) -> Plan:
    return [(header, target) for header, target in mapping.items() if target in _USED]


def _normalize(row: SourceRow, plan: Plan, region: str) -> NormalizedRow:
    warnings: list[str] = []
    cells: Cells = {}
    address_cells: list[tuple[str, str, str]] = []
    values = row.values
    for header, target in plan:
        raw = values.get(header) or ""
        if target in _ADDRESS:
            address_cells.append((header, target, raw.strip()))
        elif raw and (value := raw.strip()):
            cells.setdefault(target, []).append((header, value))

    names = _names(cells)
    emails = _emails(cells.get("email", ()), warnings)
    phones = _phones(cells.get("phone", ()), region, warnings)
    if not (names.first or names.last or emails or phones):
        return NormalizedRow(source=row, person=None, reason=NO_IDENTITY, warnings=tuple(warnings))

    birth = None
    if date_text := _first(cells, "date_of_birth"):
        birth = parse_birth_date(date_text, region)
        if birth is None:
            warnings.append(f"date of birth '{date_text}' could not be read; left empty")
    address = _address(address_cells, warnings) if address_cells else _NO_ADDRESS
    texts = {
        "first_name": names.first, "last_name": names.last, "middle_name": names.middle,
        "prefix": names.prefix, "suffix": names.suffix, "address_line1": address.line1,
        "address_line2": address.line2, "city": address.city, "region": address.region,
        "postal_code": address.postal_code, "company": _first(cells, "company"),
        "external_id": _first(cells, "external_id"),
    }  # fmt: skip
    safe = {field: _safe_text(field, value, warnings) for field, value in texts.items()}
    person = PersonRecord(
        **safe,
        emails=tuple(emails),
        phones=tuple(phones),
        date_of_birth=birth.full if birth else None,
        birth_month=birth.month if birth else None,
        birth_day=birth.day if birth else None,
        country=address.country,
        notes=_notes(cells["notes"], warnings) if "notes" in cells else "",
        tags=_tags(cells["tags"], warnings) if "tags" in cells else (),
    )
    return NormalizedRow(source=row, person=person, warnings=tuple(warnings))


def neutralize_formula(value: str) -> str:
    """'=SUM(A1)' -> "'=SUM(A1)": a value a spreadsheet would run is kept as plain text."""
    if value.startswith(_FORMULA_START) and not _NOT_A_FORMULA.match(value):
        return "'" + value
    return value


def _first(cells: Cells, target: str) -> str:
    found = cells.get(target)
    return found[0][1] if found else ""


def _names(cells: Cells) -> NameParts:
    first, last = _first(cells, "first_name"), _first(cells, "last_name")
    middle, prefix, suffix = (_first(cells, t) for t in ("middle_name", "prefix", "suffix"))
    if first or last or not (full := _first(cells, "full_name")):
        return clean_name_fields(first, middle, last, prefix, suffix)
    if neutralize_formula(full) != full:
        return NameParts(last=full)  # not a name to take apart; stored as inert text below
    parts = split_full_name(full)
    given = clean_name_fields("", middle, "", prefix, suffix)
    return NameParts(
        first=parts.first,
        middle=parts.middle or given.middle,
        last=parts.last,
        prefix=given.prefix or parts.prefix,
        suffix=given.suffix or parts.suffix,
    )


def _emails(found: Sequence[tuple[str, str]], warnings: list[str]) -> list[str]:
    emails: list[str] = []
    for _, cell in found:
        for candidate in split_multi(cell, "email"):
            text = (parseaddr(candidate)[1] or candidate) if "<" in candidate else candidate
            try:
                email = email_address(text)
            except InvalidInput as exc:
                warnings.append(f"{exc}; left out")
                continue
            if email not in emails:
                emails.append(email)
    return emails


def _phones(found: Sequence[tuple[str, str]], region: str, warnings: list[str]) -> list[str]:
    phones: list[str] = []
    for _, cell in found:
        for candidate in split_multi(cell, "phone"):
            try:
                e164 = phone_e164(candidate, region)
            except InvalidInput as exc:
                warnings.append(f"{exc}; left out")
                continue
            if e164 not in phones:
                phones.append(e164)
    return phones


def _address(found: list[tuple[str, str, str]], warnings: list[str]) -> addresses.AddressParts:
    """The fullest of the address blocks (Outlook has Business and Home), cleaned."""
    if not any(value for _, _, value in found):
        return _NO_ADDRESS
    block = _pick_block(found)
    lines1 = block.get("address_line1", "").splitlines() or [""]
    line1 = " ".join(lines1[0].split())
    line2 = ", ".join(
        " ".join(p.split()) for p in [*lines1[1:], block.get("address_line2", "")] if p.strip()
    )
    city, region, postal = block.get("city", ""), block.get("region", ""), ""
    postal_raw, country_raw = block.get("postal_code", ""), block.get("country", "")
    if not line1 and (full := block.get("full_address", "")):
        parsed = addresses.split_address(full)
        line1, line2 = parsed.line1, line2 or parsed.line2
        city, region = city or parsed.city, region or parsed.region
        postal_raw, country_raw = postal_raw or parsed.postal_code, country_raw or parsed.country
    country = ""
    if country_raw:
        country = addresses.country_code(country_raw) or ""
        if not country:
            warnings.append(f"country '{country_raw}' was not recognised; left empty")
    region = addresses.region_code(region, country)
    postal = addresses.postal_code(postal_raw, country)
    country = country or addresses.infer_country(region, postal)
    return addresses.AddressParts(
        line1=line1,
        line2=line2,
        city=" ".join(city.split()),
        region=region,
        postal_code=postal,
        country=country,
    )


def _pick_block(found: list[tuple[str, str, str]]) -> dict[str, str]:
    blocks: list[list[tuple[str, str, str]]] = [[]]
    seen: set[str] = set()
    for cell in found:
        if cell[1] in seen and cell[1] != "address_line2":
            blocks.append([])  # the same field again: the next address starts here
            seen = set()
        seen.add(cell[1])
        blocks[-1].append(cell)
    best = blocks[0] if len(blocks) == 1 else max(blocks, key=_fullness)  # first of equals
    chosen: dict[str, str] = {}
    for _, target, value in best:
        if target == "address_line2" and value and chosen.get(target):
            chosen[target] += ", " + value
        elif value and not chosen.get(target):
            chosen[target] = value
    return chosen


def _notes(found: list[tuple[str, str]], warnings: list[str]) -> str:
    cleaned = [(h, _safe_text("notes", _LINE_BREAKS.sub("\n", v), warnings)) for h, v in found]
    if len(cleaned) == 1:
        return cleaned[0][1]
    return "\n".join(f"{header}: {value}" for header, value in cleaned)


def _tags(found: list[tuple[str, str]], warnings: list[str]) -> tuple[str, ...]:
    tags: dict[str, str] = {}
    for _, cell in found:
        for tag in split_multi(cell, "tags"):
            name = _TAG_PREFIX.sub("", tag).strip()
            if not name or name.casefold() in _GOOGLE_SYSTEM_TAGS:
                continue
            name = _safe_text("tag", name, warnings, limit=_TAG_LIMIT)
            tags.setdefault(name.casefold(), name)
    return tuple(tags.values())


def _fullness(block: list[tuple[str, str, str]]) -> tuple[int, bool]:
    """Filled fields first; between equals, the home address."""
    home = any(_HOME.search(header) for header, _, _ in block)
    return (sum(1 for _, _, value in block if value), home)


def _safe_text(field: str, value: str, warnings: list[str], limit: int | None = None) -> str:
    """Formula-looking text made inert, then cut to the column's size."""
    if not value:
        return value
    if field != "notes" and _MESSY_SPACE.search(value):
        value = " ".join(value.split())  # one-line fields: no line breaks or runs of spaces
    safe = value
    if value[0] in _FORMULA_CHARS and (safe := neutralize_formula(value)) != value:
        warnings.append(
            f"{field.replace('_', ' ')} looks like a spreadsheet formula; stored as text"
        )
    size = limit or _LIMITS.get(field)
    if size is not None and len(safe) > size:
        warnings.append(f"{field.replace('_', ' ')} was longer than {size} characters and was cut")
        safe = safe[:size].rstrip()
    return safe
