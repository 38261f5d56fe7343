"""Reading any supported import file: the content decides, not the file name."""

from __future__ import annotations

from pathlib import Path

from app.importing.csv_reader import parse_csv_text, read_bytes
from app.importing.decoding import decode_bytes
from app.importing.read_result import ReadFile
from app.importing.vcard_reader import parse_vcard_text

__all__ = ["ReadFile", "is_vcard_text", "read_file"]


def read_file(path: Path) -> ReadFile:
    """Read a CSV/tab-separated file or a vCard file.

    Raises InvalidInput, with advice, for what cannot be read: Excel workbooks, PDFs,
    binary files, files without column names.
    """
    decoded = decode_bytes(read_bytes(path), path.name)
    if is_vcard_text(decoded.text):
        result = parse_vcard_text(decoded.text, file_name=path.name, encoding=decoded.encoding)
    else:
        result = parse_csv_text(decoded.text, file_name=path.name, encoding=decoded.encoding)
    result.warnings[0:0] = [(0, warning) for warning in decoded.warnings]
    return result


def is_vcard_text(text: str) -> bool:
    """True when the text starts (after a BOM and blank space) with BEGIN:VCARD."""
    return text.lstrip("\ufeff \t\r\n")[:11].upper() == "BEGIN:VCARD"
