"""Bulk writes for an import: Core executemany inserts, never one ORM object per row.

Ids are given out here (max + 1 onwards) because SQLite's executemany returns none; this
is safe because the whole import is one write transaction that already holds the lock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from app.db.models import Contact, ContactEmail, ContactPhone, Tag, contact_tags
from app.domain.contact_points import digits_only
from app.importing.merge import MERGE_FIELDS, ContactState

CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit

contacts_t: Table = Contact.__table__  # type: ignore[assignment]
emails_t: Table = ContactEmail.__table__  # type: ignore[assignment]
phones_t: Table = ContactPhone.__table__  # type: ignore[assignment]
tags_t: Table = Tag.__table__  # type: ignore[assignment]


def chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    """`ids` in slices short enough for one IN (...) list."""
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def next_id(session: Session, table: Table) -> int:
    """The first id not yet used in `table`."""
    return int(session.scalar(select(func.max(table.c.id))) or 0) + 1


def bulk_insert(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert `rows` (values in `columns` order) with one executemany.

    The statement is Core's own INSERT; the values go through each column type's bind
    processor (as Core would) but without Core's per-row bookkeeping, which costs more
    than SQLite itself at 100,000 rows. A value repeated from the row before (the import
    time on every row) is processed once.
    """
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    order = [columns.index(name) for name in compiled.positiontup or ()]
    procs = [
        (i, proc)
        for i, name in enumerate(columns)
        if (proc := table.c[name].type._cached_bind_processor(dialect)) is not None
    ]
    params: Sequence[Sequence[Any]] = rows
    if procs:
        memo: dict[int, tuple[Any, Any]] = {}
        processed = []
        for row in rows:
            values = list(row)
            for i, proc in procs:
                value = values[i]
                if value is not None:
                    last = memo.get(i)
                    if last is not None and last[0] is value:
                        values[i] = last[1]
                    else:
                        values[i] = out = proc(value)
                        memo[i] = (value, out)
            processed.append(values)
        params = processed
    if order != list(range(len(columns))):
        params = [[row[j] for j in order] for row in params]
    conn.exec_driver_sql(compiled.string, [tuple(row) for row in params])


def search_name(first: object, last: object) -> str:
    """The lower-cased "first last" the contacts list searches on."""
    return f"{first or ''} {last or ''}".strip().lower()


def ensure_tags(session: Session, names: Iterable[str]) -> tuple[dict[str, int], list[int]]:
    """Tag ids by name, creating the missing tags; also the ids that were created."""
    wanted = sorted({n.strip()[:60] for n in names if n.strip()})
    if not wanted:
        return {}, []
    found = dict(
        session.execute(select(tags_t.c.name, tags_t.c.id).where(tags_t.c.name.in_(wanted))).all()
    )
    missing = [n for n in wanted if n not in found]
    created: list[int] = []
    if missing:
        first = next_id(session, tags_t)
        bulk_insert(
            session, tags_t, ("id", "name"), [(first + i, n) for i, n in enumerate(missing)]
        )
        found.update({n: first + i for i, n in enumerate(missing)})
        created = [first + i for i in range(len(missing))]
    return found, created


EMAIL_COLUMNS = ("contact_id", "email", "label", "position")
PHONE_COLUMNS = ("contact_id", "e164", "raw", "digits", "label", "position")
CONTACT_COLUMNS = (
    "id", "search_name", "role", *MERGE_FIELDS, "do_not_contact", "created_at", "updated_at",
)  # fmt: skip


def insert_points(
    session: Session,
    emails: list[tuple[int, str, int]],
    phones: list[tuple[int, str, int]],
    tags: list[tuple[int, int]],
) -> None:
    """Insert (contact id, value, position) emails and phones and (contact, tag) links."""
    bulk_insert(session, emails_t, EMAIL_COLUMNS, [(c, e, "", p) for c, e, p in emails])
    bulk_insert(
        session,
        phones_t,
        PHONE_COLUMNS,
        [(c, e, e, digits_only(e), "", p) for c, e, p in phones],
    )
    bulk_insert(session, contact_tags, ("contact_id", "tag_id"), tags)


def insert_contacts(
    session: Session, states: Sequence[ContactState], tag_ids: dict[str, int], *, now: datetime
) -> None:
    """Create one contact per state, with its emails, phones and tags (ids preassigned)."""
    if not states:
        return
    rows: list[tuple[Any, ...]] = []
    emails: list[tuple[int, str, int]] = []
    phones: list[tuple[int, str, int]] = []
    links: list[tuple[int, int]] = []
    for state in states:
        v = state.values
        cid = state.contact_id
        first = str(v.get("first_name") or "")[:100]
        last = str(v.get("last_name") or "")[:100]
        values = [v.get(name) for name in MERGE_FIELDS]
        values[0], values[1], values[-1] = first, last, str(v.get("notes") or "")
        rows.append((cid, search_name(first, last), "borrower", *values, False, now, now))
        emails.extend((cid, e, i) for i, e in enumerate(state.emails))
        phones.extend((cid, p, i) for i, p in enumerate(state.phones))
        links.extend((cid, tag_ids[t]) for t in dict.fromkeys(t.strip()[:60] for t in state.tags))
    bulk_insert(session, contacts_t, CONTACT_COLUMNS, rows)
    insert_points(session, emails, phones, links)
