"""Reading the contacts an import merges into, at the driver level.

The same result as `merge_store.load_states`, for tens of thousands of contacts at once:
the rows come back as plain tuples and only the two typed columns (the date of birth and
the update time) go through their column type's result processor, as SQLAlchemy would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.db.models import contact_tags
from app.importing.batch_write import chunks, contacts_t, emails_t, phones_t, tags_t
from app.importing.merge import MERGE_FIELDS, ContactState


def _statements(part: Sequence[int]) -> list[Select[Any]]:
    c = contacts_t.c
    e, p, link = emails_t.c, phones_t.c, contact_tags.c
    return [
        select(c.id, c.updated_at, *(c[name] for name in MERGE_FIELDS)).where(c.id.in_(part)),
        select(e.contact_id, e.email)
        .where(e.contact_id.in_(part))
        .order_by(e.contact_id, e.position),
        select(p.contact_id, p.e164)
        .where(p.contact_id.in_(part))
        .order_by(p.contact_id, p.position),
        select(link.contact_id, tags_t.c.name)
        .join(tags_t, tags_t.c.id == link.tag_id)
        .where(link.contact_id.in_(part)),
    ]


def load_states(session: Session, ids: Sequence[int]) -> dict[int, ContactState]:
    """The current values, emails, phones and tags of the contacts `ids`."""
    conn = session.connection()
    dialect = conn.dialect
    c = contacts_t.c
    columns = [c.id, c.updated_at, *(c[name] for name in MERGE_FIELDS)]
    procs = [
        (i, proc)
        for i, column in enumerate(columns)
        if (proc := column.type._cached_result_processor(dialect, None)) is not None
    ]
    sql: dict[int, list[str]] = {}  # chunk length -> the four statements, compiled
    states: dict[int, ContactState] = {}
    for part in chunks(sorted(set(ids))):
        if len(part) not in sql:
            sql[len(part)] = [
                stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True}).string
                for stmt in _statements(part)
            ]
        contacts, emails, phones, tags = sql[len(part)]
        params = tuple(part)  # the only parameters: the ids of the IN list, in order
        for raw in conn.exec_driver_sql(contacts, params).fetchall():
            row = list(raw)
            for i, proc in procs:
                if row[i] is not None:
                    row[i] = proc(row[i])
            values = {name: row[i + 2] for i, name in enumerate(MERGE_FIELDS)}
            states[row[0]] = ContactState(row[0], values, updated_at=row[1])
        for cid, email in conn.exec_driver_sql(emails, params).fetchall():
            states[cid].emails.append(email)
        for cid, e164 in conn.exec_driver_sql(phones, params).fetchall():
            states[cid].phones.append(e164)
        for cid, name in conn.exec_driver_sql(tags, params).fetchall():
            states[cid].tags.append(name)
    return states
