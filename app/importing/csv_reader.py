"""Reading contact spreadsheets saved as CSV (or Excel's tab-separated "Unicode text").

The separator is found with csv.Sniffer checked against a count heuristic (the separator
that splits most records into the same number of cells wins). Lines before the column
names (LinkedIn puts a "Notes:" paragraph there) are skipped. Row numbers are the line a
record starts on, so a broker can find it in the file; fully empty lines are not records.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

from app.errors import InvalidInput
from app.importing.decoding import decode_bytes
from app.importing.model import SourceRow
from app.importing.read_result import ReadFile

__all__ = ["ReadFile", "parse_csv_text", "read_csv"]

_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_FIELD_LIMIT = 10 * 1024 * 1024  # a 200 KB note is normal; a 10 MB cell is not a contact
_SAMPLE_CHARS = 32 * 1024
_SAMPLE_RECORDS = 50
_PREAMBLE_RECORDS = 20
_LONG_RECORD_LINES = 20  # a value spanning more lines than this hints at a missing quote
_MAX_FILE_BYTES = 256 * 1024 * 1024
_DATA_LIKE = re.compile(r"^[\d\s()+\-./:,]+$")
_EMAIL_LIKE = re.compile(r"\S+@\S+\.\S+")


def read_csv(path: Path) -> ReadFile:
    """Read a CSV file in any common dialect and encoding (see the module docstring)."""
    data = read_bytes(path)
    decoded = decode_bytes(data, path.name)
    result = parse_csv_text(decoded.text, file_name=path.name, encoding=decoded.encoding)
    result.warnings[0:0] = [(0, warning) for warning in decoded.warnings]
    return result


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or InvalidInput with a readable reason."""
    try:
        size = path.stat().st_size
        if size > _MAX_FILE_BYTES:
            raise InvalidInput(f"{path.name} is larger than 256 MB: split it into smaller files")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InvalidInput(f"{path} does not exist") from exc
    except IsADirectoryError as exc:
        raise InvalidInput(f"{path} is a folder, not a file") from exc
    except PermissionError as exc:
        raise InvalidInput(f"{path} cannot be read (permission denied)") from exc


def parse_csv_text(text: str, *, file_name: str, encoding: str = "utf-8") -> ReadFile:
    """Split decoded CSV text into rows keyed by (de-duplicated) column names."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    delimiter = _detect_delimiter(text[:_SAMPLE_CHARS])
    rejected: list[tuple[int, str]] = []
    warnings: list[tuple[int, str]] = []
    records = _records(text, delimiter, rejected)
    _recover_unclosed_quote(records, text, delimiter, warnings)
    header_index = _find_header(records, file_name)
    header_line, _, header_cells = records[header_index]
    headers = _unique_headers(header_cells)
    if header_line > 1:
        warnings.append((0, f"skipped the lines before the column names (line {header_line})"))
    rows: list[SourceRow] = []
    extra_count = 0
    for line, end_line, cells in records[header_index + 1 :]:
        if end_line - line > _LONG_RECORD_LINES:
            warnings.append(
                (
                    line,
                    f"a value spans {end_line - line + 1} lines: check for a missing closing quote",
                )
            )
        values = dict(zip(headers, cells, strict=False))
        if len(cells) < len(headers):
            values.update((name, "") for name in headers[len(cells) :])
        extra = cells[len(headers) :]
        while extra and not extra[-1].strip():
            extra = extra[:-1]  # Excel pads rows with empty trailing cells
        if extra:
            extra_count = max(extra_count, len(extra))
            values.update((f"extra_{n}", cell) for n, cell in enumerate(extra, start=1))
            warnings.append(
                (
                    line,
                    f"{len(extra)} more values than columns; kept as extra_1"
                    f"{'…extra_' + str(len(extra)) if len(extra) > 1 else ''}",
                )
            )
        rows.append(SourceRow(file_name=file_name, row_number=line, values=values))
    all_headers = headers + tuple(f"extra_{n}" for n in range(1, extra_count + 1))
    return ReadFile(
        file_name=file_name,
        kind="csv",
        headers=all_headers,
        rows=rows,
        rejected=rejected,
        encoding=encoding,
        dialect=_DELIMITERS[delimiter],
        warnings=warnings,
    )


Records = list[tuple[int, int, list[str]]]  # non-empty records: (first line, last line, cells)


def _records(text: str, delimiter: str, rejected: list[tuple[int, str]]) -> Records:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    items: list[tuple[int, int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if reader.line_num < start:  # nothing consumed: stop rather than loop
                rejected.append((start, f"could not be read: {exc}"))
                break
            rejected.append((start, _csv_error_reason(exc)))
            continue
        if "".join(cells).strip():
            items.append((start, reader.line_num, cells))
    return items


def _recover_unclosed_quote(
    records: Records, text: str, delimiter: str, warnings: list[tuple[int, str]]
) -> None:
    """A quote opened and never closed swallows the rest of the file into one value: read
    the lines from that record on again, with quotes taken literally."""
    if not records or records[-1][0] == records[-1][1]:
        return
    start = records[-1][0]
    lines = io.StringIO(text, newline="").readlines()[start - 1 :]
    try:
        for _ in csv.reader(lines, delimiter=delimiter, strict=True):
            pass
        return
    except csv.Error:
        pass
    records.pop()
    literal = csv.reader(lines, delimiter=delimiter, quoting=csv.QUOTE_NONE)
    for offset, cells in enumerate(literal):
        if "".join(cells).strip():
            records.append((start + offset, start + offset, cells))
    warnings.append(
        (
            start,
            "a quote is never closed; this row and the ones after it were "
            "read with quotes kept as text",
        )
    )


def _csv_error_reason(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return "a value is larger than 10 MB"
    return f"could not be read as CSV: {exc}"


def _detect_delimiter(sample: str) -> str:
    """Sniffer's answer when the counts agree with it, else the best by counts."""
    scores = {delimiter: _consistency(sample, delimiter) for delimiter in _DELIMITERS}
    best = max(scores, key=lambda delimiter: scores[delimiter])
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        return best
    if sniffed in scores and 0 < scores[best][0] * 0.9 <= scores[sniffed][0]:
        return sniffed
    return best


def _consistency(sample: str, delimiter: str) -> tuple[int, int]:
    """(records having the most common cell count, that count); 0 when it is one cell."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    widths: list[int] = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                widths.append(len(cells))
            if len(widths) >= _SAMPLE_RECORDS:
                break
    except csv.Error:
        pass
    if not widths:
        return (0, 0)
    width, count = Counter(widths).most_common(1)[0]
    return (count, width) if width > 1 else (0, 0)


def _find_header(records: Records, file_name: str) -> int:
    """Index of the column names: the first record with two or more filled cells (the
    first record, for one-column files)."""
    if not records:
        raise InvalidInput(f"{file_name} is empty: no column names and no rows")
    head = records[:_PREAMBLE_RECORDS]
    multi = [index for index, (_, _, cells) in enumerate(head) if _filled(cells) >= 2]
    index = multi[0] if multi else 0
    if not _looks_like_header(records[index][2]):
        raise InvalidInput(
            f"{file_name}: the first line looks like data, not column names: add a header "
            "row (for example: First Name, Last Name, Email, Phone)"
        )
    return index


def _filled(cells: list[str]) -> int:
    return sum(1 for cell in cells if cell.strip())


def _looks_like_header(cells: list[str]) -> bool:
    names = [cell.strip() for cell in cells if cell.strip()]
    if not names or any(len(name) > 100 for name in names):
        return False
    if any(_EMAIL_LIKE.search(name) for name in names):
        return False
    data_like = sum(1 for name in names if _DATA_LIKE.match(name))
    return data_like * 2 < len(names) and any(ch.isalpha() for name in names for ch in name)


def _unique_headers(cells: list[str]) -> tuple[str, ...]:
    """Trimmed names; blanks become 'column N', repeats get ' (2)', ' (3)'."""
    seen: Counter[str] = Counter()
    names: list[str] = []
    for position, cell in enumerate(cells, start=1):
        name = " ".join(cell.replace("\ufeff", "").split()) or f"column {position}"
        seen[name.casefold()] += 1
        if seen[name.casefold()] > 1:
            name = f"{name} ({seen[name.casefold()]})"
        names.append(name)
    return tuple(names)
