"""Exporting the broker's data as CSV or JSON, streamed so 100k contacts fit in memory.

Every dataset has a stable column list (scripts rely on it). Rows come from Core selects
in id order, read in chunks on one connection (one consistent snapshot), never as ORM
objects.

Values: times are ISO 8601 in UTC to the second, dates ISO 8601, booleans true/false,
amounts exact decimal strings. CSV is UTF-8 with a byte-order mark and CRLF line ends so
Excel opens it right. Against CSV injection (OWASP), any *text* cell starting with
``= + - @``, a tab or a carriage return gets a leading ``'``: E.164 phone numbers
therefore read ``'+14165550101`` in CSV. Numbers we compute (ids, scores, amounts) are
not text and are written as they are. JSON is never altered.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Executable, select

from app.db.models import (
    Consent,
    Contact,
    ContactEmail,
    ContactPhone,
    ImportBatch,
    ImportRow,
    Inquiry,
    InquiryType,
    Interaction,
    Source,
    Stage,
    Tag,
    Task,
    User,
    contact_tags,
)
from app.errors import InvalidInput, LeadkeeperError
from app.services.context import ServiceContext

Row = dict[str, Any]
FORMATS = ("csv", "json")
CHUNK_SIZE = 2000  # rows fetched per round trip; bounds memory whatever the table size
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "

CONTACT_COLUMNS = (
    "id", "first_name", "last_name", "role", "emails", "phones", "company", "date_of_birth",
    "address_line1", "city", "region", "postal_code", "do_not_contact", "consent_email",
    "consent_phone", "consent_sms", "tags", "created_at", "archived_at",
)  # fmt: skip
INQUIRY_COLUMNS = (
    "id", "contact_id", "contact_name", "type", "source", "owner", "stage", "status",
    "priority", "score", "amount", "target_close_date", "term_maturity_date", "created_at",
    "first_response_at", "last_contact_at", "next_followup_at", "outcome", "lost_reason",
)  # fmt: skip
TASK_COLUMNS = (
    "id", "inquiry_id", "contact_id", "contact_name", "kind", "title", "state", "origin",
    "rule_key", "owner", "due_at", "original_due_at", "snooze_count", "created_at", "done_at",
    "cancelled_at", "notes",
)  # fmt: skip
INTERACTION_COLUMNS = (
    "id", "contact_id", "contact_name", "inquiry_id", "kind", "direction", "occurred_at",
    "summary", "body", "message_id", "created_at",
)  # fmt: skip
PROVENANCE_COLUMNS = (
    "id", "batch_id", "batch_kind", "batch_source", "batch_status", "batch_started_at",
    "batch_finished_at", "batch_undone_at", "file_name", "row_number", "action", "reason",
    "contact_id", "inquiry_id", "score", "raw",
)  # fmt: skip


def _name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def _stream(conn: Connection, stmt: Executable) -> Iterator[Any]:
    """Rows of `stmt`, fetched CHUNK_SIZE at a time."""
    yield from conn.execution_options(yield_per=CHUNK_SIZE).execute(stmt)


def _grouped(conn: Connection, stmt: Executable) -> dict[int, list[Any]]:
    """(contact_id, value) rows as {contact_id: [values in query order]}."""
    grouped: dict[int, list[Any]] = defaultdict(list)
    for contact_id, value in conn.execute(stmt):
        grouped[contact_id].append(value)
    return grouped


_CONTACT_FIELDS = [
    getattr(Contact, name)
    for name in CONTACT_COLUMNS
    if name not in ("emails", "phones", "tags") and not name.startswith("consent_")
]


def contact_rows(ctx: ServiceContext) -> Iterator[Row]:
    """Every contact (archived ones too), with emails, phones, consents and tags."""
    with ctx.db.engine.connect() as conn:
        after = 0
        while True:
            chunk = conn.execute(
                select(*_CONTACT_FIELDS)
                .where(Contact.id > after)
                .order_by(Contact.id)
                .limit(CHUNK_SIZE)
            ).all()
            if not chunk:
                return
            # Ids in a chunk are consecutive in id order, so a range selects their children.
            last = chunk[-1].id
            emails = _grouped(
                conn,
                select(ContactEmail.contact_id, ContactEmail.email)
                .where(ContactEmail.contact_id > after, ContactEmail.contact_id <= last)
                .order_by(ContactEmail.contact_id, ContactEmail.position, ContactEmail.id),
            )
            phones = _grouped(
                conn,
                select(ContactPhone.contact_id, ContactPhone.e164)
                .where(ContactPhone.contact_id > after, ContactPhone.contact_id <= last)
                .order_by(ContactPhone.contact_id, ContactPhone.position, ContactPhone.id),
            )
            tags = _grouped(
                conn,
                select(contact_tags.c.contact_id, Tag.name)
                .join(Tag, Tag.id == contact_tags.c.tag_id)
                .where(contact_tags.c.contact_id > after, contact_tags.c.contact_id <= last)
                .order_by(contact_tags.c.contact_id, Tag.name),
            )
            consents: dict[tuple[int, str], str] = {
                (cid, channel): level
                for cid, channel, level in conn.execute(
                    select(Consent.contact_id, Consent.channel, Consent.level).where(
                        Consent.contact_id > after, Consent.contact_id <= last
                    )
                )
            }
            for c in chunk:
                yield {
                    "id": c.id,
                    "first_name": c.first_name,
                    "last_name": c.last_name,
                    "role": c.role,
                    "emails": LIST_SEPARATOR.join(emails.get(c.id, ())),
                    "phones": LIST_SEPARATOR.join(phones.get(c.id, ())),
                    "company": c.company,
                    "date_of_birth": c.date_of_birth,
                    "address_line1": c.address_line1,
                    "city": c.city,
                    "region": c.region,
                    "postal_code": c.postal_code,
                    "do_not_contact": bool(c.do_not_contact),
                    # No consent row means no consent was ever given.
                    "consent_email": consents.get((c.id, "email"), "none"),
                    "consent_phone": consents.get((c.id, "phone"), "none"),
                    "consent_sms": consents.get((c.id, "sms"), "none"),
                    "tags": LIST_SEPARATOR.join(tags.get(c.id, ())),
                    "created_at": c.created_at,
                    "archived_at": c.archived_at,
                }
            after = last


def inquiry_rows(ctx: ServiceContext) -> Iterator[Row]:
    """Every inquiry; type, source and stage as their keys, owner by name."""
    stmt = (
        select(
            Inquiry,
            Contact.first_name,
            Contact.last_name,
            InquiryType.key.label("type_key"),
            Source.key.label("source_key"),
            User.name.label("owner_name"),
            Stage.key.label("stage_key"),
        )
        .join(Contact, Contact.id == Inquiry.contact_id)
        .join(InquiryType, InquiryType.id == Inquiry.type_id)
        .join(Stage, Stage.id == Inquiry.stage_id)
        .outerjoin(Source, Source.id == Inquiry.source_id)
        .outerjoin(User, User.id == Inquiry.owner_id)
        .order_by(Inquiry.id)
    )
    with ctx.db.engine.connect() as conn:
        for r in _stream(conn, stmt):
            yield {
                "id": r.id,
                "contact_id": r.contact_id,
                "contact_name": _name(r.first_name, r.last_name),
                "type": r.type_key,
                "source": r.source_key,
                "owner": r.owner_name,
                "stage": r.stage_key,
                "status": r.status,
                "priority": r.priority,
                "score": r.score,
                "amount": r.amount,
                "target_close_date": r.target_close_date,
                "term_maturity_date": r.term_maturity_date,
                "created_at": r.created_at,
                "first_response_at": r.first_response_at,
                "last_contact_at": r.last_contact_at,
                "next_followup_at": r.next_followup_at,
                "outcome": r.outcome,
                "lost_reason": r.lost_reason,
            }


def task_rows(ctx: ServiceContext) -> Iterator[Row]:
    """Every task, open or not, with its contact's name and owner."""
    stmt = (
        select(Task, Contact.first_name, Contact.last_name, User.name.label("owner_name"))
        .join(Contact, Contact.id == Task.contact_id)
        .outerjoin(User, User.id == Task.owner_id)
        .order_by(Task.id)
    )
    with ctx.db.engine.connect() as conn:
        for r in _stream(conn, stmt):
            row = {col: getattr(r, col, None) for col in TASK_COLUMNS}
            row["contact_name"] = _name(r.first_name, r.last_name)
            row["owner"] = r.owner_name
            yield row


def interaction_rows(ctx: ServiceContext) -> Iterator[Row]:
    """The whole timeline, oldest id first."""
    stmt = (
        select(Interaction, Contact.first_name, Contact.last_name)
        .join(Contact, Contact.id == Interaction.contact_id)
        .order_by(Interaction.id)
    )
    with ctx.db.engine.connect() as conn:
        for r in _stream(conn, stmt):
            row = {col: getattr(r, col, None) for col in INTERACTION_COLUMNS}
            row["contact_name"] = _name(r.first_name, r.last_name)
            yield row


def provenance_rows(ctx: ServiceContext) -> Iterator[Row]:
    """Every import row with the batch it belongs to: where each record came from."""
    stmt = (
        select(
            ImportRow,
            ImportBatch.kind.label("batch_kind"),
            ImportBatch.source_name.label("batch_source"),
            ImportBatch.status.label("batch_status"),
            ImportBatch.started_at.label("batch_started_at"),
            ImportBatch.finished_at.label("batch_finished_at"),
            ImportBatch.undone_at.label("batch_undone_at"),
        )
        .join(ImportBatch, ImportBatch.id == ImportRow.batch_id)
        .order_by(ImportRow.batch_id, ImportRow.row_number, ImportRow.id)
    )
    with ctx.db.engine.connect() as conn:
        for r in _stream(conn, stmt):
            yield {col: getattr(r, col) for col in PROVENANCE_COLUMNS}


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple[str, ...]
    rows: Callable[[ServiceContext], Iterator[Row]]


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset("contacts", CONTACT_COLUMNS, contact_rows),
        Dataset("inquiries", INQUIRY_COLUMNS, inquiry_rows),
        Dataset("tasks", TASK_COLUMNS, task_rows),
        Dataset("interactions", INTERACTION_COLUMNS, interaction_rows),
        Dataset("provenance", PROVENANCE_COLUMNS, provenance_rows),
    )
}


def dataset(name: str) -> Dataset:
    """The dataset called `name`, or InvalidInput naming the known ones."""
    try:
        return DATASETS[name]
    except KeyError:
        raise InvalidInput(f"unknown dataset '{name}' (known: {', '.join(DATASETS)})") from None


def neutralize(text: str) -> str:
    """Prefix text a spreadsheet would run as a formula with `'` (OWASP CSV injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> str:
    """One CSV cell: typed values formatted, any text neutralized."""
    if isinstance(value, str):  # most cells: test it first, exports can be large
        return neutralize(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return neutralize(str(value))


def json_value(value: Any) -> Any:
    """A JSON-ready value: times and dates ISO 8601, decimals as exact strings."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def write_csv(rows: Iterable[Row], columns: tuple[str, ...], out: TextIO) -> int:
    """Write a header and `rows` as Excel-friendly CSV; returns the number of rows.

    `out` must be a text stream opened with newline="" (no newline translation)."""
    out.write("\ufeff")  # the BOM tells Excel the file is UTF-8
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(row[col]) for col in columns])
        count += 1
    return count


def write_json(rows: Iterable[Row], columns: tuple[str, ...], out: TextIO) -> int:
    """Write `rows` as one JSON list of objects, one object per line, without holding
    the list in memory; returns the number of rows."""
    out.write("[")
    count = 0
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(json.dumps({col: json_value(row[col]) for col in columns}, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def export_stream(ctx: ServiceContext, name: str, fmt: str, out: TextIO) -> int:
    """Write dataset `name` in `fmt` ("csv" or "json") to `out`; returns the row count."""
    chosen = dataset(name)
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
    write = write_csv if fmt == "csv" else write_json
    return write(chosen.rows(ctx), chosen.columns, out)


@dataclass(frozen=True)
class ExportResult:
    dataset: str
    format: str
    rows: int
    path: Path


def export_file(ctx: ServiceContext, name: str, fmt: str, path: Path) -> ExportResult:
    """Export to `path`, private to the user (0600) and atomically: the data goes to a
    temporary file in the same folder that is renamed only once complete, so a failed
    export leaves any earlier file as it was and no half file behind."""
    dataset(name)  # refuse an unknown dataset before touching the disk
    target = path.expanduser()
    if target.is_dir():
        raise LeadkeeperError(f"cannot write {path}: it is a folder")
    try:
        fd, tmp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )  # mkstemp creates the file 0600
    except OSError as exc:
        raise LeadkeeperError(f"cannot write {path}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as out:
            count = export_stream(ctx, name, fmt, out)
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise LeadkeeperError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
    return ExportResult(dataset=name, format=fmt, rows=count, path=target)
