"""A large reminder workload: contacts, inquiries and tasks bulk-inserted with Core.

The task mix is what years of use leave behind: most tasks done or cancelled, some open
in the future, some overdue but already shown (notified), and `due` open, un-notified
tasks whose time has come (the ones a re-derivation pass must return).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, insert, select

from app.clock import FixedClock
from app.db.base import Base
from app.db.models import Contact, Inquiry, InquiryType, Stage, Task
from app.services.context import open_context

KINDS = ("call", "email", "text", "follow_up", "document_request", "renewal_check", "meeting")
FIRST = ("Maria", "Wei", "Arjun", "Chloe", "Liam", "Fatima", "Noah", "Sofia", "Omar", "Emma")
LAST = ("Gonzalez", "Chen", "Patel", "Tremblay", "Smith", "Khan", "Roy", "Singh", "Martin")
BATCH = 10_000


@dataclass(frozen=True)
class Sizes:
    contacts: int
    inquiries: int
    tasks: int
    due: int


def _insert(connection: Connection, table: type[Base], rows: list[dict[str, object]]) -> None:
    for start in range(0, len(rows), BATCH):
        connection.execute(insert(table), rows[start : start + BATCH])


def _task_state(i: int, due: int, rng: random.Random, now: datetime) -> dict[str, object]:
    """Task number `i`: the first `due` are due and un-notified; the rest a realistic mix."""
    past = now - timedelta(minutes=rng.randint(1, 60 * 24 * 400))
    state: dict[str, object] = {
        "state": "open",
        "due_at": past,
        "notified_at": None,
        "done_at": None,
        "cancelled_at": None,
    }
    if i < due:
        return state
    shown = past + timedelta(minutes=1)
    roll = rng.random()
    if roll < 0.55:
        state.update(state="done", done_at=shown, notified_at=shown)
    elif roll < 0.65:
        state.update(state="cancelled", cancelled_at=shown)
    elif roll < 0.80:  # overdue, already shown, not acted on yet
        state.update(notified_at=shown)
    else:  # planned for later
        state.update(due_at=now + timedelta(minutes=rng.randint(1, 60 * 24 * 200)))
    return state


def build(path: Path, now: datetime, *, tasks: int, due: int, seed: int = 6) -> Sizes:
    """A fresh database at `path` (made by open_context) holding the workload."""
    rng = random.Random(seed)
    ctx = open_context(path, FixedClock(current=now))
    contacts = max(1, tasks // 10)
    inquiries = contacts + contacts // 4
    engine = ctx.db.engine
    with engine.begin() as connection:
        type_ids = list(connection.scalars(select(InquiryType.id)))
        stage_ids = list(connection.scalars(select(Stage.id)))
        created = now - timedelta(days=800)
        _insert(
            connection,
            Contact,
            [
                {
                    "first_name": rng.choice(FIRST),
                    "last_name": rng.choice(LAST),
                    "search_name": "",
                    "created_at": created,
                    "updated_at": created,
                }
                for _ in range(contacts)
            ],
        )
        _insert(
            connection,
            Inquiry,
            [
                {
                    "contact_id": 1 + i % contacts,
                    "type_id": rng.choice(type_ids),
                    "stage_id": rng.choice(stage_ids),
                    "created_at": created,
                    "updated_at": created,
                    "stage_entered_at": created,
                }
                for i in range(inquiries)
            ],
        )
        rows = []
        for i in range(tasks):
            inquiry_id = rng.randint(1, inquiries)
            kind = rng.choice(KINDS)
            row: dict[str, object] = {
                "inquiry_id": inquiry_id,
                "contact_id": 1 + (inquiry_id - 1) % contacts,
                "kind": kind,
                "title": f"{kind.replace('_', ' ').capitalize()} about the file",
                "origin": "rule",
                "rule_key": f"bench:{i}",
                "created_at": created,
                **_task_state(i, due, rng, now),
            }
            row["original_due_at"] = row["due_at"]
            rows.append(row)
        rng.shuffle(rows)  # due tasks spread through the table, not clustered by id
        _insert(connection, Task, rows)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.db.close()
    return Sizes(contacts=contacts, inquiries=inquiries, tasks=tasks, due=due)
