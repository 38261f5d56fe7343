"""A ReportFilter resolved against the database: ids instead of keys, UTC bounds
instead of local days, and the SQL conditions every report shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Executable, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from app.clock import Clock, local_day_bounds
from app.db.models import Inquiry, InquiryType, Source, User
from app.errors import InvalidInput
from app.reports.model import ReportFilter


class epoch_ms(FunctionElement[int]):
    """Milliseconds since 1970 (UTC) of a stored time, as an integer computed by the
    database: reports fetch plain numbers instead of parsing thousands of datetimes."""

    type = BigInteger()
    inherit_cache = True
    name = "epoch_ms"


@compiles(epoch_ms)
def _epoch_ms_default(element: epoch_ms, compiler: SQLCompiler, **kw: Any) -> str:
    inner = compiler.process(element.clauses, **kw)
    return f"CAST(round(EXTRACT(EPOCH FROM {inner}) * 1000) AS BIGINT)"


@compiles(epoch_ms, "sqlite")
def _epoch_ms_sqlite(element: epoch_ms, compiler: SQLCompiler, **kw: Any) -> str:
    # Times are stored as naive UTC text, which julianday() reads as UTC.
    inner = compiler.process(element.clauses, **kw)
    return f"CAST(round((julianday({inner}) - 2440587.5) * 86400000.0) AS INTEGER)"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def fetch_rows(session: Session, stmt: Executable) -> list[tuple[Any, ...]]:
    """All rows of a Core select as the driver's plain tuples.

    Reports read tens of thousands of rows of plain numbers, and SQLAlchemy's row objects
    would double the time. Binds are still processed by SQLAlchemy; results are not, so
    select only columns that need no conversion (ids, text, counts, epoch_ms)."""
    result = session.connection().execute(stmt)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def to_ms(moment: datetime) -> int:
    """The same number epoch_ms gives in SQL, for an aware datetime in Python."""
    return round(moment.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    """An aware UTC datetime from epoch milliseconds."""
    return EPOCH + timedelta(milliseconds=ms)


def local_midnight_ms(day: date, tz: tzinfo) -> int:
    """Start of a local calendar day, as epoch milliseconds."""
    return to_ms(local_day_bounds(day, tz)[0])


def local_date(ms: int, tz: tzinfo) -> date:
    """The broker's calendar day of an instant given in epoch milliseconds."""
    return datetime.fromtimestamp(ms / 1000, tz).date()


@dataclass(frozen=True)
class Scope:
    """Everything a report query needs to know about the filter and the moment."""

    flt: ReportFilter
    now: datetime
    tz: tzinfo
    start: datetime | None  # first instant of date_from, UTC
    end: datetime | None  # first instant after date_to, UTC (exclusive)
    type_ids: tuple[int, ...]
    source_ids: tuple[int, ...]
    owner_ids: tuple[int, ...]

    @property
    def narrowed(self) -> bool:
        """True when the filter leaves some (non-archived) inquiries out."""
        return bool(self.type_ids or self.source_ids or self.owner_ids or self.start or self.end)

    @property
    def today(self) -> date:
        """The broker's calendar date at the report's moment."""
        return self.now.astimezone(self.tz).date()

    @property
    def now_ms(self) -> int:
        """The report's moment in epoch milliseconds."""
        return to_ms(self.now)

    def conditions(self, *, created: bool = True) -> list[ColumnElement[bool]]:
        """WHERE terms on Inquiry: not archived, type/source/owner, and (when `created`)
        created within the date range."""
        terms: list[ColumnElement[bool]] = [Inquiry.archived_at.is_(None)]
        if self.type_ids:
            terms.append(Inquiry.type_id.in_(self.type_ids))
        if self.source_ids:
            terms.append(Inquiry.source_id.in_(self.source_ids))
        if self.owner_ids:
            terms.append(Inquiry.owner_id.in_(self.owner_ids))
        if created and self.start is not None:
            terms.append(Inquiry.created_at >= self.start)
        if created and self.end is not None:
            terms.append(Inquiry.created_at < self.end)
        return terms


def _ids_for_keys(
    session: Session, table: type[InquiryType] | type[Source], keys: tuple[str, ...], what: str
) -> tuple[int, ...]:
    if not keys:
        return ()
    rows = dict(session.execute(select(table.key, table.id)).all())
    unknown = [k for k in keys if k not in rows]
    if unknown:
        known = ", ".join(sorted(rows))
        raise InvalidInput(f"unknown {what} '{unknown[0]}' (known: {known})")
    return tuple(sorted({rows[k] for k in keys}))


def resolve_scope(session: Session, flt: ReportFilter, clock: Clock) -> Scope:
    """Check the filter's keys against the database and fix the UTC bounds."""
    type_ids = _ids_for_keys(session, InquiryType, flt.type_keys, "inquiry type")
    source_ids = _ids_for_keys(session, Source, flt.source_keys, "source")
    if flt.owner_ids:
        known = set(session.scalars(select(User.id)))
        missing = [o for o in flt.owner_ids if o not in known]
        if missing:
            raise InvalidInput(f"no owner with id {missing[0]}")
    tz = clock.tz
    return Scope(
        flt=flt,
        now=clock.now(),
        tz=tz,
        start=local_day_bounds(flt.date_from, tz)[0] if flt.date_from else None,
        end=local_day_bounds(flt.date_to, tz)[1] if flt.date_to else None,
        type_ids=type_ids,
        source_ids=source_ids,
        owner_ids=tuple(sorted(set(flt.owner_ids))),
    )


def day_after(day: date) -> date:
    """The next calendar day."""
    return day + timedelta(days=1)
