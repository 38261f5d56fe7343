"""Turning the bytes of an import file into text, whatever program wrote them.

Order of evidence: a byte-order mark; the NUL pattern of UTF-16 without one; valid UTF-8;
then charset-normalizer, limited to the Western code pages a North American broker's files
come in (on short French files it otherwise guesses Central European code pages). A file
that is mostly UTF-8 with a few stray Windows-1252 bytes (two exports pasted together) keeps
its UTF-8, and only the stray bytes are read as Windows-1252. Bytes that fit no encoding
become U+FFFD with a warning: this never raises for text, only for files that are plainly
not text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from app.errors import InvalidInput

# Western code pages only: see the module docstring.
_WESTERN = ["cp1252", "mac_roman", "latin_1"]
_SAMPLE = 64 * 1024
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


@dataclass(frozen=True)
class DecodedText:
    """The text of a file and how it was read."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()
    nul_lines: tuple[int, ...] = ()  # lines that had NUL characters removed


def refuse_non_text(data: bytes, name: str) -> None:
    """Raise InvalidInput with advice for the binary formats people try to import."""
    if data.startswith(b"PK\x03\x04"):
        raise InvalidInput(
            f"{name}: Excel workbooks are not read directly: save as CSV (UTF-8) and import that"
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput(
            f"{name}: old Excel (.xls) workbooks are not read directly: save as CSV (UTF-8)"
        )
    if data.startswith(b"%PDF"):
        raise InvalidInput(f"{name}: PDF files cannot be imported; use a CSV or vCard file")


def decode_bytes(data: bytes, name: str = "file") -> DecodedText:
    """Decode an import file to text (see the module docstring). NULs are removed."""
    refuse_non_text(data, name)
    text, encoding, warnings = _decode(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    nul_lines: tuple[int, ...] = ()
    if "\x00" in text:
        nul_lines = _lines_with_nul(text)
        text = text.replace("\x00", "")
        shown = ", ".join(str(n) for n in nul_lines[:10]) + ("…" if len(nul_lines) > 10 else "")
        warnings.append(f"removed NUL characters (line {shown})")
    if _looks_binary(text):
        raise InvalidInput(f"{name} does not look like a text file: expected a CSV or vCard file")
    return DecodedText(text, encoding, tuple(warnings), nul_lines)


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _lenient(data, encoding)
    utf16 = _bomless_utf16(data[:4096])
    if utf16:
        return _lenient(data, utf16)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if _has_real_utf8(data.decode("utf-8", errors="replace")):
        text = data.decode("utf-8", errors=_CP1252_FALLBACK)
        return text, "utf-8+cp1252", ["some characters were not UTF-8 and were read as cp1252"]
    return _lenient(data, _guess_western(data))


def _lenient(data: bytes, encoding: str) -> tuple[str, str, list[str]]:
    text = data.decode(encoding, errors="replace")
    warnings = []
    if "\ufffd" in text:
        warnings.append("some characters could not be read and were replaced by '\ufffd'")
    return text, encoding, warnings


def _bomless_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text has a NUL in every other byte."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _guess_western(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data[: 4 * _SAMPLE], cp_isolation=_WESTERN).best()
    if best is None or best.encoding not in _WESTERN:
        return "cp1252"
    return best.encoding


def _has_real_utf8(text: str) -> bool:
    """True when valid multi-byte UTF-8 characters outnumber the invalid bytes."""
    bad = text.count("\ufffd")
    good = sum(1 for char in text if char > "\x7f") - bad
    return good > 0 and good >= bad


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as Windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


_CP1252_FALLBACK = "leadkeeper-cp1252-fallback"
codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)


def _lines_with_nul(text: str) -> tuple[int, ...]:
    lines: list[int] = []
    line_number = 1
    position = 0
    while (found := text.find("\x00", position)) >= 0:
        line_number += text.count("\n", position, found)
        if not lines or lines[-1] != line_number:
            lines.append(line_number)
        position = found + 1
    return tuple(lines)


def _looks_binary(text: str) -> bool:
    """Control characters are rare in text files and common in binary ones."""
    sample = text[:_SAMPLE]
    if not sample:
        return False
    return len(_CONTROL.findall(sample)) > 0.05 * len(sample)
