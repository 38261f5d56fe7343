"""Searching the broker's notes: contacts' notes, inquiries' notes, interaction summaries.

With the full-text table `notes_fts` (DDL below, to be added by a migration) a search is
an FTS5 prefix match over every note, newest first. Without it, the search is a LIKE over
a bounded recent subset: the newest RECENT_ROWS contacts, inquiries and interactions,
which keeps a keystroke fast at 500,000 interactions but misses older notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.db.models import Contact, Inquiry, Interaction

RECENT_ROWS = 5_000  # per table, for the LIKE fallback
SNIPPET_CHARS = 70

# rowid = source id * 4 + kind, so a trigger replaces a note by rowid (no table scan).
# Interactions are indexed by their summary (a note by its body too).
KIND_CONTACT, KIND_INQUIRY, KIND_INTERACTION = 1, 2, 3

NOTES_FTS_DDL: tuple[str, ...] = (
    "CREATE VIRTUAL TABLE notes_fts USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 2', prefix = '3')",
    # contacts.notes
    "CREATE TRIGGER notes_fts_contact_ai AFTER INSERT ON contacts WHEN new.notes <> '' BEGIN "
    "INSERT INTO notes_fts(rowid, body) VALUES (new.id * 4 + 1, new.notes); END",
    "CREATE TRIGGER notes_fts_contact_au AFTER UPDATE OF notes ON contacts BEGIN "
    "DELETE FROM notes_fts WHERE rowid = old.id * 4 + 1; "
    "INSERT INTO notes_fts(rowid, body) SELECT new.id * 4 + 1, new.notes "
    "WHERE new.notes <> ''; END",
    "CREATE TRIGGER notes_fts_contact_ad AFTER DELETE ON contacts BEGIN "
    "DELETE FROM notes_fts WHERE rowid = old.id * 4 + 1; END",
    # inquiries.notes
    "CREATE TRIGGER notes_fts_inquiry_ai AFTER INSERT ON inquiries WHEN new.notes <> '' BEGIN "
    "INSERT INTO notes_fts(rowid, body) VALUES (new.id * 4 + 2, new.notes); END",
    "CREATE TRIGGER notes_fts_inquiry_au AFTER UPDATE OF notes ON inquiries BEGIN "
    "DELETE FROM notes_fts WHERE rowid = old.id * 4 + 2; "
    "INSERT INTO notes_fts(rowid, body) SELECT new.id * 4 + 2, new.notes "
    "WHERE new.notes <> ''; END",
    "CREATE TRIGGER notes_fts_inquiry_ad AFTER DELETE ON inquiries BEGIN "
    "DELETE FROM notes_fts WHERE rowid = old.id * 4 + 2; END",
    # interactions: the summary (a note's body too)
    "CREATE TRIGGER notes_fts_interaction_ai AFTER INSERT ON interactions BEGIN "
    "INSERT INTO notes_fts(rowid, body) VALUES (new.id * 4 + 3, CASE WHEN new.kind = 'note' "
    "THEN new.summary || ' ' || new.body ELSE new.summary END); END",
    "CREATE TRIGGER notes_fts_interaction_au AFTER UPDATE OF summary, body, kind "
    "ON interactions BEGIN DELETE FROM notes_fts WHERE rowid = old.id * 4 + 3; "
    "INSERT INTO notes_fts(rowid, body) VALUES (new.id * 4 + 3, CASE WHEN new.kind = 'note' "
    "THEN new.summary || ' ' || new.body ELSE new.summary END); END",
    "CREATE TRIGGER notes_fts_interaction_ad AFTER DELETE ON interactions BEGIN "
    "DELETE FROM notes_fts WHERE rowid = old.id * 4 + 3; END",
    # backfill what exists
    "INSERT INTO notes_fts(rowid, body) SELECT id * 4 + 1, notes FROM contacts WHERE notes <> ''",
    "INSERT INTO notes_fts(rowid, body) SELECT id * 4 + 2, notes FROM inquiries WHERE notes <> ''",
    "INSERT INTO notes_fts(rowid, body) SELECT id * 4 + 3, CASE WHEN kind = 'note' "
    "THEN summary || ' ' || body ELSE summary END FROM interactions",
)


@dataclass(frozen=True)
class NoteMatch:
    contact_id: int
    inquiry_id: int | None
    snippet: str


def snippet(body: str, query: str) -> str:
    """About SNIPPET_CHARS of `body` on one line, showing the first word of `query`: from
    the start when it is there, else from a word shortly before it."""
    flat = " ".join(body.split())
    words = query.split()
    at = flat.lower().find(words[0]) if words else -1
    start = 0
    if at + len(words[0] if words else "") > SNIPPET_CHARS:
        start = flat.rfind(" ", 0, max(0, at - SNIPPET_CHARS // 3)) + 1
    piece = flat[start : start + SNIPPET_CHARS]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(flat) else "")


def has_fts(session: Session) -> bool:
    """Whether the database has the notes full-text table."""
    found = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'notes_fts'")
    ).first()
    return found is not None


def fts_query(query: str) -> str:
    """Each word as a quoted prefix term, all required: `"talk"* "rate"*`."""
    words = re.findall(r"\w+", query)
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _fts(session: Session, query: str, limit: int) -> list[NoteMatch]:
    terms = fts_query(query)
    if not terms:
        return []
    rowids = list(
        session.execute(
            text(
                "SELECT rowid FROM notes_fts WHERE notes_fts MATCH :q ORDER BY rowid DESC LIMIT :n"
            ),
            {"q": terms, "n": limit},
        ).scalars()
    )
    by_kind: dict[int, list[int]] = {}
    for rowid in rowids:
        by_kind.setdefault(rowid % 4, []).append(rowid // 4)
    found: dict[int, NoteMatch] = {}
    for cid, notes in session.execute(
        select(Contact.id, Contact.notes).where(Contact.id.in_(by_kind.get(KIND_CONTACT, [])))
    ):
        found[cid * 4 + KIND_CONTACT] = NoteMatch(cid, None, snippet(notes, query))
    for iid, cid, notes in session.execute(
        select(Inquiry.id, Inquiry.contact_id, Inquiry.notes).where(
            Inquiry.id.in_(by_kind.get(KIND_INQUIRY, []))
        )
    ):
        found[iid * 4 + KIND_INQUIRY] = NoteMatch(cid, iid, snippet(notes, query))
    for xid, cid, owner_inquiry, summary, body in session.execute(
        select(
            Interaction.id,
            Interaction.contact_id,
            Interaction.inquiry_id,
            Interaction.summary,
            Interaction.body,
        ).where(Interaction.id.in_(by_kind.get(KIND_INTERACTION, [])))
    ):
        shown = summary if query in summary.lower() else f"{summary} {body}"
        found[xid * 4 + KIND_INTERACTION] = NoteMatch(cid, owner_inquiry, snippet(shown, query))
    return [found[r] for r in rowids if r in found]


def _like(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _recent(session: Session, id_column: Any) -> int:
    newest = session.scalar(select(func.max(id_column)))
    return int(newest or 0) - RECENT_ROWS


def _bounded_like(session: Session, query: str, limit: int) -> list[NoteMatch]:
    pattern = _like(query)
    matches: list[NoteMatch] = []
    rows = session.execute(
        select(Interaction.contact_id, Interaction.inquiry_id, Interaction.summary)
        .where(
            Interaction.id > _recent(session, Interaction.id),
            Interaction.summary.like(pattern, escape="\\"),
        )
        .order_by(Interaction.id.desc())
        .limit(limit)
    )
    matches += [NoteMatch(cid, iid, snippet(summary, query)) for cid, iid, summary in rows]
    inquiry_rows = session.execute(
        select(Inquiry.contact_id, Inquiry.id, Inquiry.notes)
        .where(Inquiry.id > _recent(session, Inquiry.id), Inquiry.notes.like(pattern, escape="\\"))
        .order_by(Inquiry.id.desc())
        .limit(limit)
    )
    matches += [NoteMatch(cid, iid, snippet(notes, query)) for cid, iid, notes in inquiry_rows]
    contact_rows = session.execute(
        select(Contact.id, Contact.notes)
        .where(Contact.id > _recent(session, Contact.id), Contact.notes.like(pattern, escape="\\"))
        .order_by(Contact.id.desc())
        .limit(limit)
    )
    matches += [NoteMatch(cid, None, snippet(notes, query)) for cid, notes in contact_rows]
    return matches[:limit]


def search_notes(session: Session, query: str, limit: int) -> list[NoteMatch]:
    """Notes containing `query` (already lower-cased), newest first, at most `limit`."""
    if has_fts(session):
        return _fts(session, query, limit)
    return _bounded_like(session, query, limit)
