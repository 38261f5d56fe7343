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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from email.utils import parseaddr

from app.errors import InvalidInput
from app.importing.birth_dates import parse_birth_date
from app.importing.contact_fast_paths import email_address, phone_e164
from app.importing.dedup import paused_gc
from app.importing.mapping import TARGETS, split_multi
from app.importing.model import NormalizedRow, PersonRecord, SourceRow
from app.importing.normalize_address import NO_ADDRESS, address_of
from app.importing.person_names import NameParts, clean_name_fields, fix_case, split_full_name
from app.importing.read_result import ReadFile

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
_TAG_PREFIX = re.compile(r"^(?:\*\s*|System Group:\s*)")
_MULTI = frozenset({"email", "phone", "notes", "tags"})
_ONE_WORD = re.compile(r"[^\s.,]*")  # as person_names.clean_name_fields decides it
_SEPARATOR_CHARS = re.compile(r"[:;\n/,]")  # as mapping.split_multi decides it
# fmt: on


def normalize_row(row: SourceRow, mapping: dict[str, str], *, region: str) -> NormalizedRow:
    """Normalize one row; `region` is the default phone region and date convention.

    Columns are read in the mapping's order (the file's order for proposed mappings), which
    decides the primary email/phone and where one address block ends and the next begins.
    """
    return _normalize(row, _program(mapping), region)


def normalize_rows(
    rows: Iterable[SourceRow], mapping: dict[str, str], *, region: str
) -> Iterator[NormalizedRow]:
    """normalize_row for many rows of one file: the mapping is looked at only once."""
    program = _program(mapping)
    return (_normalize(row, program, region) for row in rows)


def normalize_file(
    read: ReadFile,
    mapping: dict[str, str],
    *,
    region: str,
    tick: Callable[[int], None] | None = None,
    every: int = 500,
) -> list[NormalizedRow]:
    """Every record of a read file as a NormalizedRow, in file order: the rows through
    `mapping`, the records the reader could not read as rejected rows. `tick(done)` is
    called every `every` rows (it may raise to stop)."""
    rows: list[NormalizedRow] = []
    with paused_gc():  # 100,000 rows of new objects: see dedup.paused_gc
        for done, row in enumerate(normalize_rows(read.rows, mapping, region=region)):
            if tick is not None and done % every == 0:
                tick(done)
            rows.append(row)
    rows += [
        NormalizedRow(SourceRow(read.file_name, number, {}), None, reason)
        for number, reason in read.rejected
    ]
    if read.rejected:
        rows.sort(key=lambda r: r.source.row_number)
    return rows


@dataclass(frozen=True)
class _Program:
    """A mapping worked out once per file: each field's columns, in mapping order."""

    columns: dict[str, tuple[str, ...]]  # target -> headers
    singles: tuple[tuple[str, tuple[str, ...]], ...]  # one-value targets that are mapped
    address: tuple[tuple[str, str], ...]  # (header, target) of the address columns
    address_repeats: bool  # some address field has two columns (Outlook: Business, Home)


# The last mapping (its items, in order: the order decides the primary email) and its
# program: normalize_row is called row by row with the same mapping (the command line).
_LAST_PROGRAM: list[tuple[tuple[tuple[str, str], ...], _Program]] = []


def _program(mapping: dict[str, str]) -> _Program:
    items = tuple(mapping.items())
    last = _LAST_PROGRAM[0] if _LAST_PROGRAM else None
    if last is not None and last[0] == items:
        return last[1]
    columns: dict[str, list[str]] = {}
    address: list[tuple[str, str]] = []
    for header, target in mapping.items():
        if target in _ADDRESS:
            address.append((header, target))
        elif target in _USED:
            columns.setdefault(target, []).append(header)
    targets = [target for _, target in address]
    program = _Program(
        {target: tuple(headers) for target, headers in columns.items()},
        tuple((t, tuple(h)) for t, h in columns.items() if t not in _MULTI),
        tuple(address),
        len(set(targets)) != len(targets),
    )
    _LAST_PROGRAM[:] = [(items, program)]
    return program


def _cells(get: Callable[[str], str | None], headers: tuple[str, ...]) -> list[tuple[str, str]]:
    """(header, stripped value) of the non-blank cells among `headers`."""
    found = []
    for header in headers:
        raw = get(header)
        if raw and (value := raw.strip()):
            found.append((header, value))
    return found


def _normalize(row: SourceRow, program: _Program, region: str) -> NormalizedRow:
    warnings: list[str] = []
    get = row.values.get
    columns = program.columns
    none: tuple[str, ...] = ()
    picked: dict[str, str] = {}  # one-value field -> its first non-blank value
    for target, headers in program.singles:
        for header in headers:
            raw = get(header)
            if raw and (value := raw.strip()):
                picked[target] = value
                break
    pick = picked.get
    names = _names(picked)
    emails = _emails(get, columns.get("email", none), warnings)
    phones = _phones(get, columns.get("phone", none), region, warnings)
    if not (names.first or names.last or emails or phones):
        return NormalizedRow(source=row, person=None, reason=NO_IDENTITY, warnings=tuple(warnings))

    birth = None
    if date_text := pick("date_of_birth", ""):
        birth = parse_birth_date(date_text, region)
        if birth is None:
            warnings.append(f"date of birth '{date_text}' could not be read; left empty")
    address = NO_ADDRESS
    if program.address:
        found = [
            (header, target, (get(header) or "").strip()) for header, target in program.address
        ]
        address = address_of(found, warnings, program.address_repeats)
    notes = _cells(get, columns["notes"]) if "notes" in columns else None
    tags = _cells(get, columns["tags"]) if "tags" in columns else None
    # `x and _clean(...)`: an empty value needs no look (most fields of most rows).
    company, external_id = pick("company", ""), pick("external_id", "")
    person = PersonRecord(
        first_name=names.first and _clean("first_name", names.first, warnings),
        last_name=names.last and _clean("last_name", names.last, warnings),
        middle_name=names.middle and _clean("middle_name", names.middle, warnings),
        prefix=names.prefix and _clean("prefix", names.prefix, warnings),
        suffix=names.suffix and _clean("suffix", names.suffix, warnings),
        address_line1=address.line1 and _clean("address_line1", address.line1, warnings),
        address_line2=address.line2 and _clean("address_line2", address.line2, warnings),
        city=address.city and _clean("city", address.city, warnings),
        region=address.region and _clean("region", address.region, warnings),
        postal_code=address.postal_code and _clean("postal_code", address.postal_code, warnings),
        company=company and _clean("company", company, warnings),
        external_id=external_id and _clean("external_id", external_id, warnings),
        emails=tuple(emails),
        phones=tuple(phones),
        date_of_birth=birth.full if birth else None,
        birth_month=birth.month if birth else None,
        birth_day=birth.day if birth else None,
        country=address.country,
        notes=_notes(notes, warnings) if notes else "",
        tags=_tags(tags, warnings) if tags else (),
    )
    return NormalizedRow(source=row, person=person, warnings=tuple(warnings))


def _clean(field: str, value: str, warnings: list[str]) -> str:
    """`_safe_text` for a one-line field, with the everyday case decided at once: no
    formula start, not too long, printable (so no whitespace but single spaces)."""
    if not value or (
        value[0] not in _FORMULA_CHARS
        and len(value) <= _LIMITS[field]
        and "  " not in value
        and value.isprintable()
    ):
        return value
    return _safe_text(field, value, warnings)


def neutralize_formula(value: str) -> str:
    """'=SUM(A1)' -> "'=SUM(A1)": a value a spreadsheet would run is kept as plain text."""
    if value.startswith(_FORMULA_START) and not _NOT_A_FORMULA.match(value):
        return "'" + value
    return value


def _names(picked: dict[str, str]) -> NameParts:
    pick = picked.get
    first, last = pick("first_name", ""), pick("last_name", "")
    middle, prefix, suffix = pick("middle_name", ""), pick("prefix", ""), pick("suffix", "")
    if first or last or not (full := pick("full_name", "")):
        if not (middle or prefix or suffix) and _one_word(first) and _one_word(last):
            # The common case (what clean_name_fields does for it), kept fast.
            return NameParts(first=fix_case(first), last=fix_case(last, family=True))
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


def _one_word(name: str) -> bool:
    """No space, dot or comma: letters alone are decided without the regex."""
    return name.isalpha() or _ONE_WORD.fullmatch(name) is not None


def _split(cell: str, target: str) -> list[str] | tuple[str]:
    """split_multi, with the one-value case (no separator at all) decided at once."""
    return split_multi(cell, target) if _SEPARATOR_CHARS.search(cell) else (cell,)


def _emails(
    get: Callable[[str], str | None], headers: tuple[str, ...], warnings: list[str]
) -> list[str]:
    emails: list[str] = []
    for _, cell in _cells(get, headers) if headers else ():
        for candidate in _split(cell, "email"):
            text = (parseaddr(candidate)[1] or candidate) if "<" in candidate else candidate
            try:
                email = email_address(text)
            except InvalidInput as exc:
                warnings.append(f"{exc}; left out")
                continue
            if email not in emails:
                emails.append(email)
    return emails


def _phones(
    get: Callable[[str], str | None],
    headers: tuple[str, ...],
    region: str,
    warnings: list[str],
) -> list[str]:
    phones: list[str] = []
    for _, cell in _cells(get, headers) if headers else ():
        for candidate in _split(cell, "phone"):
            try:
                e164 = phone_e164(candidate, region)
            except InvalidInput as exc:
                warnings.append(f"{exc}; left out")
                continue
            if e164 not in phones:
                phones.append(e164)
    return phones


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
