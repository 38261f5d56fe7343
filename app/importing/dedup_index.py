"""Loading the existing contacts for matching: three bulk queries, no ORM objects.

The rows are read at the driver level: at 100,000 contacts SQLAlchemy's per-row result
processing would cost more than the queries. The one typed column, the date of birth, is
stored by SQLAlchemy's SQLite `Date` as ISO text and kept so (`ExistingTable` parses each
distinct date once).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from app.db.models import Contact, ContactEmail, ContactPhone
from app.importing.dedup_table import ExistingTable


def _rows(session: Session, stmt: Select[Any]) -> list[Any]:
    conn = session.connection()
    sql = str(stmt.compile(dialect=conn.dialect))
    return list(conn.exec_driver_sql(sql).fetchall())


def load_match_index(session: Session) -> ExistingTable:
    """Every contact that is not archived, with what the matcher compares, as columns."""
    c = Contact.__table__.c
    rows = _rows(
        session,
        select(
            c.id, c.first_name, c.last_name, c.date_of_birth, c.birth_month, c.birth_day,
            c.address_line1, c.city, c.postal_code,
        )
        .where(c.archived_at.is_(None))
        .order_by(c.id),
    )  # fmt: skip
    columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) or [()] * 9
    ids, first, last, dob, month, day, line1, city, postal = columns
    position = {cid: pos for pos, cid in enumerate(ids)}
    e, p = ContactEmail.__table__.c, ContactPhone.__table__.c
    points = []
    for stmt in (
        # By contact only: the (contact, value) unique index gives that order without a
        # sort, and the matcher compares a contact's emails and phones as sets.
        select(e.contact_id, e.email).order_by(e.contact_id),
        select(p.contact_id, p.e164).order_by(p.contact_id),
    ):
        found = position.get
        points.append(
            [(pos, value) for cid, value in _rows(session, stmt) if (pos := found(cid)) is not None]
        )
    return ExistingTable(
        list(ids),
        _text(first),
        _text(last),
        [v or None for v in dob],
        list(month),
        list(day),
        _text(line1),
        _text(city),
        _text(postal),
        points[0],
        points[1],
    )


def _text(column: tuple[Any, ...]) -> list[str]:
    """A text column with NULL as ''."""
    return [v or "" for v in column]
