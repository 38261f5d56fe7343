"""Reading address-book exports (vCard 2.1, 3.0 and 4.0: phones, Apple, Google, Outlook).

The file is cut into cards here, and each card goes through vobject's line parser on its
own, so one malformed card is rejected with a reason and the others still import. vobject
does the hard part of the syntax (folded lines, quoted-printable with its soft line breaks
and CHARSET, item groups, parameters); the values are unescaped here rather than by
vobject's vCard behaviours, which keep only the text before the first unescaped comma
(common in 2.1 notes) and fail on some photo data. Photos, logos, sounds and keys are cut
out before parsing: they are never kept.

Each card becomes one SourceRow whose keys are canonical names (`FN`, `N.given`,
`EMAIL.1`, `TEL.2`, `ADR.1.street` ...), so mapping and normalizing treat it like a CSV row.
"""

from __future__ import annotations

import io
import quopri
import re
from collections.abc import Iterator
from pathlib import Path

import vobject

from app.importing.csv_reader import read_bytes
from app.importing.decoding import decode_bytes
from app.importing.model import SourceRow
from app.importing.read_result import ReadFile

__all__ = ["ReadFile", "parse_vcard_text", "read_vcards"]

_BINARY = ("PHOTO", "LOGO", "SOUND", "KEY")
_PROPERTY_START = re.compile(r"^(?:[\w-]+\.)?([\w-]+)[;:]", re.ASCII)
_N_PARTS = ("family", "given", "additional", "prefix", "suffix")
_ADR_PARTS = ("pobox", "extended", "street", "city", "region", "code", "country")
_SINGLE = {"FN", "BDAY", "UID", "NICKNAME", "TITLE"}  # first one wins
_NUMBERED = {"EMAIL", "TEL", "URL"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_QP = re.compile(r"ENCODING=QUOTED-PRINTABLE|;QUOTED-PRINTABLE", re.IGNORECASE)
_CHARSET = re.compile(r";CHARSET=([^;:]*)", re.IGNORECASE)


def read_vcards(path: Path) -> ReadFile:
    """Read every card of a .vcf file; broken cards are listed in `rejected`."""
    decoded = decode_bytes(read_bytes(path), path.name)
    result = parse_vcard_text(decoded.text, file_name=path.name, encoding=decoded.encoding)
    result.warnings[0:0] = [(0, warning) for warning in decoded.warnings]
    return result


def parse_vcard_text(text: str, *, file_name: str, encoding: str = "utf-8") -> ReadFile:
    """Flatten each card of decoded vCard text into a SourceRow (see the module docstring)."""
    rows: list[SourceRow] = []
    rejected: list[tuple[int, str]] = []
    warnings: list[tuple[int, str]] = []
    headers: dict[str, None] = {}
    for number, (lines, problem) in enumerate(_split_cards(text, warnings), start=1):
        if problem:
            rejected.append((number, problem))
            continue
        try:
            values = _flatten(lines)
        except Exception as exc:  # vobject raises several types on malformed input
            rejected.append((number, f"card {number} could not be read: {_describe(exc)}"))
            continue
        headers.update(dict.fromkeys(values))
        rows.append(SourceRow(file_name=file_name, row_number=number, values=values))
    return ReadFile(
        file_name=file_name,
        kind="vcard",
        headers=tuple(headers),
        rows=rows,
        rejected=rejected,
        encoding=encoding,
        dialect="vcard",
        warnings=warnings,
    )


def _split_cards(text: str, warnings: list[tuple[int, str]]) -> Iterator[tuple[list[str], str]]:
    """Yield (lines of one card, problem) for every BEGIN:VCARD; problem is "" when closed."""
    card: list[str] = []
    inside = False
    stray = 0
    skipping_binary = False
    for line in _LINE_BREAK.split(text):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if inside:
                yield card, "the card is not closed (no END:VCARD before the next card)"
            card, inside, skipping_binary = [line], True, False
        elif not inside:
            stray += bool(line.strip())
        elif upper == "END:VCARD":
            card.append(line)
            yield card, ""
            inside = False
        else:
            skipping_binary = _skip_binary(line, skipping_binary)
            if not skipping_binary:
                card.append(line)
    if inside:
        yield card, "the card is not closed (the file ends before END:VCARD)"
    if stray:
        warnings.append((0, f"ignored {stray} lines outside BEGIN:VCARD … END:VCARD"))


def _skip_binary(line: str, skipping: bool) -> bool:
    """True while inside a PHOTO/LOGO/SOUND/KEY value (including 2.1 unfolded base64)."""
    match = _PROPERTY_START.match(line)
    if match and not line[:1].isspace():
        return match.group(1).upper() in _BINARY
    # A continuation (indented) or a bare base64 line, which has no ':'.
    return skipping and bool(line.strip())


def _flatten(lines: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    counters: dict[str, int] = {}
    notes: list[str] = []
    stream = io.StringIO("\n".join(lines) + "\n")
    for logical, number in vobject.base.getLogicalLines(stream, allowQP=True):
        name, raw = _content_line(logical, number)
        if name in {"BEGIN", "END", "VERSION", "PRODID", "REV"} or name in _BINARY:
            continue
        if name == "N" and "N.family" not in values and "N.given" not in values:
            parts = _split_unescaped(raw, ";", unescape=False)
            for part, value in zip(_N_PARTS, parts, strict=False):
                # Several given or additional names are separated by commas.
                values[f"N.{part}"] = " ".join(_split_unescaped(value, ",")).strip()
        elif name == "ADR":
            counters[name] = index = counters.get(name, 0) + 1
            for part, value in zip(_ADR_PARTS, _split_unescaped(raw, ";"), strict=False):
                values[f"ADR.{index}.{part}"] = value.strip()
        elif name == "ORG" and "ORG" not in values:
            parts = _split_unescaped(raw, ";")
            values["ORG"] = parts[0].strip()
            if len(parts) > 1:
                values["ORG.unit"] = ", ".join(p.strip() for p in parts[1:] if p.strip())
        elif name == "CATEGORIES":
            found = [tag.strip() for tag in _split_unescaped(raw, ",") if tag.strip()]
            values["CATEGORIES"] = ", ".join(filter(None, [values.get("CATEGORIES", ""), *found]))
        elif name == "NOTE":
            notes.append(_unescape(raw).strip())
        elif name in _NUMBERED:
            counters[name] = index = counters.get(name, 0) + 1
            values[f"{name}.{index}"] = _strip_uri(name, _unescape(raw).strip())
        elif name in _SINGLE and name not in values:
            values[name] = _unescape(raw).strip()
    if any(notes):
        values["NOTE"] = "\n".join(note for note in notes if note)
    return values


def _content_line(logical: str, number: int) -> tuple[str, str]:
    """(NAME, value) by vobject's parser; quoted-printable in a bad charset is decoded here."""
    try:
        prop = vobject.base.textLineToContentLine(logical, number)
        return str(prop.name).upper(), str(prop.value)
    except (UnicodeDecodeError, LookupError):
        name, _params, value, _group = vobject.base.parseLine(logical, number)
        charset = _CHARSET.search(logical)
        encoding = charset.group(1).strip('"') if charset else "utf-8"
        if _QP.search(logical.split(":", 1)[0]):
            data = quopri.decodestring(value.encode("utf-8"))
            return str(name).upper(), _decode_leniently(data, encoding)
        return str(name).upper(), str(value)


def _decode_leniently(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _strip_uri(name: str, value: str) -> str:
    lowered = value.lower()
    if name == "TEL" and lowered.startswith("tel:"):
        return value[4:].replace(";ext=", " ext. ")
    if name == "EMAIL" and lowered.startswith("mailto:"):
        return value[7:]
    return value


def _split_unescaped(value: str, separator: str, *, unescape: bool = True) -> list[str]:
    """Split on `separator` not preceded by a backslash, then unescape each part."""
    finish = _unescape if unescape else str
    parts: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            current.append(char + next(chars, ""))
        elif char == separator:
            parts.append(finish("".join(current)))
            current = []
        else:
            current.append(char)
    parts.append(finish("".join(current)))
    return parts


def _unescape(value: str) -> str:
    """vCard text escapes: \\n is a line break; \\, \\; \\\\ stand for themselves."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _describe(exc: Exception) -> str:
    """A reason without the card's content (it is personal data)."""
    line = getattr(exc, "lineNumber", None)
    if isinstance(exc, vobject.base.ParseError):
        where = f"line {line} of the card" if line else "a line"
        return f"{where} is not a vCard property"
    return f"unexpected content ({type(exc).__name__})"
