"""A big, realistically shaped database for bench/core.py, written with bulk Core inserts.

Shapes: half the inquiries are active (one open task each, a few hundred of them overdue
and a few hundred due today), a quarter won, a fifth lost, the rest on hold or nurture;
closed inquiries carry their done and cancelled tasks; interactions are spread over the
contacts (those with an inquiry get more); one contact has exactly TIMELINE_SIZE.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session

from app.db.models import (
    ChecklistItem,
    ChecklistTemplate,
    Contact,
    ContactEmail,
    ContactPhone,
    Inquiry,
    InquiryType,
    Interaction,
    Source,
    Stage,
    StageChange,
    Task,
    User,
)
from app.services.context import ServiceContext
from app.services.demo_data import FIRST_NAMES, LAST_NAMES

CHUNK = 10_000
TIMELINE_SIZE = 20
OVERDUE_SHARE = 0.012  # of active inquiries: their open task is overdue
TODAY_SHARE = 0.012  # ... or due today
STATUSES = (("active", 50), ("won", 25), ("lost", 20), ("on_hold", 2), ("nurture", 3))
ACTIVE_STAGES = (
    ("new", 12), ("contacted", 18), ("qualified", 16), ("collecting_documents", 18),
    ("application_submitted", 9), ("lender_review", 8), ("approved", 8),
    ("waiting_on_client", 11),
)  # fmt: skip
HELD_STAGES = ("contacted", "qualified", "collecting_documents")
KINDS = ("call", "email", "text", "meeting", "note")


@dataclass(frozen=True)
class Sizes:
    contacts: int
    inquiries: int
    tasks: int
    interactions: int


@dataclass(frozen=True)
class Built:
    sizes: Sizes
    timeline_contact: int  # has exactly TIMELINE_SIZE interactions
    move_inquiry: int  # an active inquiry in "qualified"


def _table(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    table = _table(model)
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(table), rows[start : start + CHUNK])


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...], n: int) -> list[str]:
    return rng.choices([k for k, _ in pairs], [w for _, w in pairs], k=n)


def build(ctx: ServiceContext, sizes: Sizes, *, seed: int = 42) -> Built:
    """Fill the (empty, seeded) database behind `ctx`; ANALYZE at the end."""
    rng, now = random.Random(seed), ctx.clock.now()
    with ctx.db.session() as session:
        _contacts(session, rng, now, sizes.contacts)
    with ctx.db.session() as session:
        owners = _inquiries(session, rng, now, sizes)
    with ctx.db.session() as session:
        timeline_contact = _interactions(session, rng, now, sizes, owners)
    with ctx.db.session() as session:
        session.execute(text("ANALYZE"))
        qualified = session.scalar(select(Stage.id).where(Stage.key == "qualified"))
        move = session.scalar(
            select(Inquiry.id)
            .where(Inquiry.stage_id == qualified, Inquiry.status == "active")
            .limit(1)
        )
    assert move is not None
    return Built(sizes, timeline_contact, move)


def _contacts(session: Session, rng: random.Random, now: datetime, count: int) -> None:
    _log(f"contacts: {count:,}")
    for start in range(1, count + 1, CHUNK):
        ids = range(start, min(start + CHUNK, count + 1))
        people, emails, phones = [], [], []
        for cid in ids:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            made = now - timedelta(days=rng.uniform(0, 900))
            people.append({
                "id": cid, "first_name": first, "last_name": last,
                "search_name": f"{first} {last}".lower(), "role": "borrower",
                "city": "Toronto", "region": "ON", "country": "CA", "notes": "",
                "do_not_contact": False, "created_at": made, "updated_at": made,
            })  # fmt: skip
            emails.append({"contact_id": cid, "email": f"c{cid}@example.com", "position": 0})
            digits = f"1416555{cid % 10_000:04d}"
            phones.append({"contact_id": cid, "e164": f"+{digits}", "raw": digits[1:],
                           "digits": digits, "position": 0})  # fmt: skip
        _insert(session, Contact, people)
        _insert(session, ContactEmail, emails)
        _insert(session, ContactPhone, phones)


def _open_due(rng: random.Random, now: datetime, status: str) -> datetime | None:
    """The open task's due time: a few overdue, a few today, the rest in the coming weeks."""
    if status != "active":
        return now + timedelta(days=rng.uniform(30, 330)) if status == "won" else None
    draw = rng.random()
    if draw < OVERDUE_SHARE:
        return now - timedelta(days=rng.uniform(1, 20))
    if draw < OVERDUE_SHARE + TODAY_SHARE:
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return start + timedelta(hours=rng.uniform(8, 23.9))
    return now + timedelta(days=rng.uniform(1, 21))


def _inquiries(
    session: Session, rng: random.Random, now: datetime, sizes: Sizes
) -> dict[int, list[int]]:
    """Inquiries with their stage history, checklist and tasks; returns contact -> ids."""
    stages = {s.key: s for s in session.scalars(select(Stage))}
    types = list(session.scalars(select(InquiryType)))
    sources = list(session.scalars(select(Source.id)))
    owner = session.scalar(select(User.id))
    docs: dict[int, list[tuple[str, str]]] = {}
    for t in session.scalars(select(ChecklistTemplate).order_by(ChecklistTemplate.position)):
        docs.setdefault(t.inquiry_type_id, []).append((t.doc_key, t.name))
    n = sizes.inquiries
    statuses = _weighted(rng, STATUSES, n)
    contact_ids = rng.sample(range(1, sizes.contacts + 1), min(sizes.contacts, n))
    contact_of = [contact_ids[i % len(contact_ids)] for i in range(n)]
    dues = [_open_due(rng, now, s) for s in statuses]
    # Every inquiry with an open task gets it; the rest of the tasks are history.
    extra = [0] * n
    for i in rng.choices(range(n), k=max(0, sizes.tasks - sum(d is not None for d in dues))):
        extra[i] += 1
    _log(f"inquiries: {n:,}, tasks: {sizes.tasks:,}")
    by_contact: dict[int, list[int]] = {}
    task_id = 1
    for start in range(0, n, CHUNK // 2):
        inquiries: list[dict[str, Any]] = []
        history: list[dict[str, Any]] = []
        items: list[dict[str, Any]] = []
        tasks: list[dict[str, Any]] = []
        for i in range(start, min(start + CHUNK // 2, n)):
            iid, status, contact = i + 1, statuses[i], contact_of[i]
            by_contact.setdefault(contact, []).append(iid)
            if status == "active":
                stage = stages[_weighted(rng, ACTIVE_STAGES, 1)[0]]
            elif status in ("won", "lost"):
                stage = stages["funded" if status == "won" else "lost"]
            else:
                stage = stages[rng.choice(HELD_STAGES)]
            age = rng.uniform(1, 120) if status == "active" else rng.uniform(20, 720)
            created = now - timedelta(days=age)
            entered = created + timedelta(days=age * rng.uniform(0.1, 0.9))
            kind = rng.choice(types)
            if status != "active":
                last_contact = created + (entered - created) * rng.random()
            elif rng.random() < 0.012:
                last_contact = now - timedelta(days=rng.uniform(20, 60))  # gone quiet
            else:
                last_contact = max(created, now - timedelta(days=rng.uniform(0, 10)))
            closed = entered if status in ("won", "lost") else None
            inquiries.append({
                "id": iid, "contact_id": contact, "type_id": kind.id,
                "source_id": rng.choice(sources),
                "owner_id": None if status == "active" and rng.random() < 0.01 else owner,
                "stage_id": stage.id, "status": status, "priority": "normal",
                "score": rng.randint(10, 95), "score_breakdown": "",
                "amount": Decimal(rng.randrange(50, 1500) * 1000),
                "created_at": created, "updated_at": entered, "stage_entered_at": entered,
                "first_response_at": created + timedelta(minutes=rng.uniform(5, 600)),
                "last_contact_at": min(last_contact, now), "last_inbound_at": None,
                "next_followup_at": dues[i], "funded_at": closed if status == "won" else None,
                "closed_at": closed, "outcome": "TD, 5-yr fixed 4.79%" if status == "won" else "",
                "lost_reason": "Went with their bank" if status == "lost" else "",
                "cadence_stop_reason": "stage_change" if stage.key != "new" else "",
            })  # fmt: skip
            history.append({"inquiry_id": iid, "from_stage_id": None,
                            "to_stage_id": stages["new"].id, "changed_at": created})  # fmt: skip
            if stage.key != "new":
                history.append({"inquiry_id": iid, "from_stage_id": stages["new"].id,
                                "to_stage_id": stage.id, "changed_at": entered})  # fmt: skip
            done_docs = stage.key not in ("new", "contacted", "qualified")
            for pos, (doc_key, name) in enumerate(docs.get(kind.id, ())):
                got = done_docs and (stage.key != "collecting_documents" or rng.random() < 0.6)
                items.append({"inquiry_id": iid, "doc_key": doc_key, "name": name,
                              "position": pos, "status": "received" if got else "missing",
                              "received_at": entered if got else None})  # fmt: skip
            for k in range(extra[i]):
                at = created + (entered - created) * rng.random()
                done = rng.random() < 0.7
                tasks.append({
                    "id": task_id, "inquiry_id": iid, "contact_id": contact, "owner_id": owner,
                    "kind": rng.choice(KINDS[:3]), "title": f"Follow up ({k + 1})",
                    "state": "done" if done else "cancelled", "origin": "rule",
                    "rule_key": f"history:{k}", "due_at": at, "original_due_at": at,
                    "created_at": created, "done_at": at if done else None,
                    "cancelled_at": None if done else at,
                })  # fmt: skip
                task_id += 1
            due = dues[i]
            if due is not None:
                won = status == "won"
                tasks.append({
                    "id": task_id, "inquiry_id": iid, "contact_id": contact,
                    "owner_id": inquiries[-1]["owner_id"], "kind": "call" if won else "follow_up",
                    "title": "Check in: 1st funding anniversary" if won else "Follow up: next step",
                    "state": "open", "origin": "rule",
                    "rule_key": "anniversary:1" if won else f"next:{stage.key}:bench",
                    "due_at": due, "original_due_at": due, "created_at": entered,
                    "done_at": None, "cancelled_at": None,
                })  # fmt: skip
                task_id += 1
        _insert(session, Inquiry, inquiries)
        _insert(session, StageChange, history)
        _insert(session, ChecklistItem, items)
        _insert(session, Task, tasks)
    return by_contact


def _interaction_counts(
    rng: random.Random, sizes: Sizes, by_contact: dict[int, list[int]]
) -> tuple[list[int], int]:
    """How many interactions each contact gets (exact total); one gets exactly TIMELINE_SIZE."""
    counts = [0] * (sizes.contacts + 1)
    weights = [0] + [4 if c in by_contact else 1 for c in range(1, sizes.contacts + 1)]
    chosen = next(iter(by_contact))
    for contact in rng.choices(range(sizes.contacts + 1), weights, k=sizes.interactions):
        counts[contact] += 1
    surplus = counts[chosen] - TIMELINE_SIZE
    counts[chosen] = TIMELINE_SIZE
    donor = 1 if chosen != 1 else 2
    counts[donor] = max(0, counts[donor] + surplus)  # keep the total (near) exact
    return counts, chosen


def _interactions(
    session: Session,
    rng: random.Random,
    now: datetime,
    sizes: Sizes,
    by_contact: dict[int, list[int]],
) -> int:
    _log(f"interactions: {sizes.interactions:,}")
    counts, chosen = _interaction_counts(rng, sizes, by_contact)
    rows: list[dict[str, Any]] = []
    for contact, count in enumerate(counts):
        linked = by_contact.get(contact)
        for _ in range(count):
            at = now - timedelta(days=rng.uniform(0, 720))
            kind = rng.choice(KINDS)
            rows.append({
                "contact_id": contact, "inquiry_id": rng.choice(linked) if linked else None,
                "kind": kind, "direction": "internal" if kind == "note" else rng.choice(
                    ("inbound", "outbound")),
                "occurred_at": at, "summary": "Talked about rates", "body": "",
                "message_id": None, "created_at": at,
            })  # fmt: skip
            if len(rows) >= CHUNK:
                _insert(session, Interaction, rows)
                rows = []
    _insert(session, Interaction, rows)
    return chosen
