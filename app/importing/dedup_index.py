"""Loading the existing contacts for matching: three bulk queries, no ORM objects.

The rows are read at the driver level: at 100,000 contacts SQLAlchemy's per-row result
processing would cost more than the queries. The one typed column, the date of birth, is
stored by SQLAlchemy's SQLite `Date` as ISO text and parsed back here the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from app.db.models import Contact, ContactEmail, ContactPhone
from app.importing.dedup_existing import ExistingContact


def _rows(session: Session, stmt: Select[Any]) -> list[Any]:
    conn = session.connection()
    sql = str(stmt.compile(dialect=conn.dialect))
    return list(conn.exec_driver_sql(sql).fetchall())


def _grouped(session: Session, stmt: Select[Any]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for contact_id, value in _rows(session, stmt):
        found = out.get(contact_id)
        if found is None:
            out[contact_id] = [value]
        else:
            found.append(value)
    return {cid: tuple(values) for cid, values in out.items()}


def load_match_index(session: Session) -> list[ExistingContact]:
    """Every contact that is not archived, with what the matcher compares."""
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
    e, p = ContactEmail.__table__.c, ContactPhone.__table__.c
    emails = _grouped(session, select(e.contact_id, e.email).order_by(e.contact_id, e.position))
    phones = _grouped(session, select(p.contact_id, p.e164).order_by(p.contact_id, p.position))
    none: tuple[str, ...] = ()
    parse = date.fromisoformat
    return [
        ExistingContact(
            cid,
            first or "",
            last or "",
            emails.get(cid, none),
            phones.get(cid, none),
            parse(dob[:10]) if dob else None,
            month,
            day,
            line1 or "",
            city or "",
            postal or "",
        )
        for cid, first, last, dob, month, day, line1, city, postal in rows
    ]
