"""A reporting workload: years of inquiries with their stage history, timeline and tasks,
bulk-inserted with Core (the services would take hours for 500,000 interactions).

Each inquiry walks the pipeline the way real files do: most stop early (lost, or still
open if recent), some go through "Waiting on client", a few lost ones are reopened, about
one in five is funded (with a term maturity, so renewals come due). The first outbound
contact sets first_response_at (minutes for most, days for some, never for a few);
the rest of the timeline falls between that and the inquiry's close.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from app.clock import FixedClock
from app.db.models import (
    Contact,
    Inquiry,
    InquiryType,
    Interaction,
    ReferralPartner,
    Source,
    Stage,
    StageChange,
    Task,
    User,
)
from app.services.context import open_context

FIRST = ("Maria", "Wei", "Arjun", "Chloe", "Liam", "Fatima", "Noah", "Sofia", "Omar", "Emma")
LAST = ("Gonzalez", "Chen", "Patel", "Tremblay", "Smith", "Khan", "Roy", "Singh", "Martin")
PATH = (
    "new",
    "contacted",
    "qualified",
    "collecting_documents",
    "application_submitted",
    "lender_review",
    "approved",
    "funded",
)
# Chance of moving on from each stage of PATH (else lost, or still there if recent).
ADVANCE = (0.85, 0.75, 0.8, 0.72, 0.85, 0.9, 0.93)
SOURCE_WEIGHTS = {
    "website_form": 22,
    "application_link": 5,
    "email": 6,
    "phone": 12,
    "referral_partner": 20,
    "social": 8,
    "rate_comparison": 10,
    "lead_vendor": 9,
    "past_client": 6,
    "walk_in": 2,
}
# Prices the broker pays, so ROI has per-lead, monthly and free sources.
COSTS = {
    "rate_comparison": (Decimal("45.00"), None),
    "lead_vendor": (Decimal("35.00"), None),
    "social": (None, Decimal("600.00")),
    "website_form": (None, Decimal("250.00")),
}
LOST_REASONS = (
    "Went with their bank",
    "Rate shopping only",
    "Did not qualify",
    "No response",
    "Purchase fell through",
    "Went with another broker",
)
KINDS = ("call", "email", "text", "meeting")
BATCH = 20_000
YEARS = 3


@dataclass(frozen=True)
class Sizes:
    inquiries: int
    interactions: int
    stage_changes: int
    tasks: int


@dataclass
class _Rows:
    contacts: list[dict[str, Any]] = field(default_factory=list)
    inquiries: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[dict[str, Any]] = field(default_factory=list)


def _insert(connection: Any, table: type, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        connection.execute(insert(table), rows[start : start + BATCH])


class _Maker:
    """Builds every row in memory, ids assigned here so rows can refer to each other."""

    def __init__(self, rng: random.Random, now: datetime, ids: dict[str, Any]) -> None:
        self.rng, self.now, self.ids = rng, now, ids
        self.rows = _Rows()
        self.depth: list[int] = []  # how far each inquiry went (more steps, more timeline)
        self.spans: list[tuple[int, int, datetime, datetime | None, datetime]] = []
        self._open: dict[str, Any] | None = None  # the inquiry's open task while walking

    def contact(self, created: datetime, role: str = "borrower") -> int:
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        self.rows.contacts.append(
            {
                "first_name": first,
                "last_name": last,
                "search_name": f"{first} {last}".lower(),
                "role": role,
                "created_at": created,
                "updated_at": created,
            }
        )
        return len(self.rows.contacts)

    def inquiry(self, partners: list[int]) -> None:
        rng, now = self.rng, self.now
        iid = len(self.rows.inquiries) + 1
        # More leads lately: the business grew.
        created = now - timedelta(days=YEARS * 365 * (1 - math.sqrt(rng.random())))
        created = min(created, now - timedelta(minutes=5))
        reuse = iid > 50 and rng.random() < 0.15
        contact_id = rng.randint(1, len(self.rows.contacts)) if reuse else self.contact(created)
        source = rng.choices(list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values()))[0]
        responded = self._first_response(created)
        walk = self._walk(iid, created, responded)
        self._settle_open_task()
        stage_key, entered, status, closed, steps = walk
        funded = closed if status == "won" else None
        row: dict[str, Any] = {
            "contact_id": contact_id,
            "type_id": rng.choice(self.ids["types"]),
            "source_id": self.ids["sources"][source],
            "partner_id": rng.choice(partners) if source == "referral_partner" else None,
            "owner_id": rng.choices(self.ids["users"] + [None], (85, 10, 5))[0],
            "stage_id": self.ids["stages"][stage_key],
            "status": status,
            "amount": Decimal(rng.randrange(150, 1500) * 1000),
            "created_at": created,
            "updated_at": entered,
            "stage_entered_at": entered,
            "first_response_at": responded,
            "funded_at": funded,
            "closed_at": closed,
            "lost_reason": rng.choice(LOST_REASONS) if status == "lost" else "",
            "outcome": "Lender X, 5-yr fixed" if status == "won" else "",
            "term_maturity_date": _maturity(funded, rng) if funded else None,
            "last_contact_at": None,
        }
        self.rows.inquiries.append(row)
        self.depth.append(steps)
        # A forgotten inquiry's conversations stopped soon after its last move.
        quiet = min(now, max(entered, responded or created) + timedelta(days=10))
        self.spans.append((iid, contact_id, created, responded, closed or quiet))

    def _first_response(self, created: datetime) -> datetime | None:
        rng = self.rng
        if rng.random() < 0.06:
            return None
        minutes = math.exp(rng.gauss(2.8, 1.9))  # median ~16 min, long tail into days
        moment = created + timedelta(minutes=minutes)
        return moment if moment < self.now else None

    def _walk(
        self, iid: int, created: datetime, responded: datetime | None
    ) -> tuple[str, datetime, str, datetime | None, int]:
        """Stage history of one inquiry: (stage, entered, status, closed, steps)."""
        rng, now, stages = self.rng, self.now, self.ids["stages"]
        at, current, status = created, "new", "active"
        self._change(iid, None, "new", at)
        index, steps, reopened = 0, 1, False
        while index < len(ADVANCE):
            gap = timedelta(hours=rng.expovariate(1 / 72) + 1)
            if index == 0 and responded is not None:
                gap = responded - at + timedelta(hours=rng.expovariate(1 / 24))
            if at + gap >= now:
                break  # still in this stage today
            if rng.random() < 0.012:
                break  # forgotten: still open, and nobody moved it since (stalled)
            at += gap
            if rng.random() < 0.08 and current != "waiting_on_client":
                self._change(iid, current, "waiting_on_client", at)
                at += timedelta(days=rng.expovariate(1 / 6))
                if at >= now:
                    current = "waiting_on_client"
                    break
                self._change(iid, "waiting_on_client", current, at)
            if rng.random() < ADVANCE[index]:
                index += 1
                self._change(iid, current, PATH[index], at)
                current, steps = PATH[index], steps + 1
                continue
            self._change(iid, current, "lost", at)
            current, status = "lost", "lost"
            back = at + timedelta(days=rng.expovariate(1 / 20))
            if not reopened and rng.random() < 0.08 and back < now:
                reopened, at, index = True, back, 2
                self._change(iid, "lost", PATH[index], at)
                current, status = PATH[index], "active"
                continue
            return current, at, status, at, steps
        if current == "funded":
            return current, at, "won", at, steps
        assert current in stages
        return current, at, status, None, steps

    def _change(self, iid: int, old: str | None, new: str, at: datetime) -> None:
        stages = self.ids["stages"]
        self.rows.history.append(
            {
                "inquiry_id": iid,
                "from_stage_id": stages[old] if old else None,
                "to_stage_id": stages[new],
                "changed_at": at,
            }
        )
        self._close_task(at, cancel=new == "lost")
        if new not in ("funded", "lost"):
            self._task(iid, at, new)

    def _task(self, iid: int, at: datetime, stage: str) -> None:
        """The follow-up a stage change plans; it stays open until done or the next move."""
        rng = self.rng
        due = at + timedelta(days=rng.choice((1, 2, 3, 5)))
        row: dict[str, Any] = {
            "inquiry_id": iid,
            "contact_id": 0,  # filled once the inquiry's contact is known
            "kind": rng.choice(("call", "email", "follow_up", "document_request")),
            "title": f"Follow up ({stage.replace('_', ' ')})",
            "due_at": due,
            "original_due_at": due,
            "created_at": at,
            "state": "open",
            "done_at": None,
            "cancelled_at": None,
        }
        # When the broker gets to it: mostly around the due time, sometimes days late.
        row["_planned"] = max(at, due + timedelta(hours=rng.expovariate(1 / 30) - 12))
        self.rows.tasks.append(row)
        self._open = row

    def _close_task(self, at: datetime, *, cancel: bool) -> None:
        """Done when planned if before `at`; else done (or cancelled) as the inquiry moves."""
        row, self._open = self._open, None
        if row is None:
            return
        if row["_planned"] < at:
            row.update(state="done", done_at=row["_planned"])
        elif cancel:
            row.update(state="cancelled", cancelled_at=at)
        else:
            row.update(state="done", done_at=at)

    def _settle_open_task(self) -> None:
        """An active inquiry's last task: usually done on time; some are left overdue."""
        row, self._open = self._open, None
        if row is not None and row["_planned"] < self.now and self.rng.random() < 0.7:
            row.update(state="done", done_at=row["_planned"])

    def timeline(self, total: int) -> None:
        """Exactly `total` interactions: each answered inquiry's first outbound contact,
        then the rest spread by how far the inquiry went."""
        rng = self.rng
        last_contact: dict[int, datetime] = {}
        for iid, contact_id, _created, responded, _end in self.spans:
            if responded is not None and len(self.rows.interactions) < total:
                self._interaction(iid, contact_id, "call", "outbound", responded)
                last_contact[iid] = responded
        rest = total - len(self.rows.interactions)
        picks = rng.choices(range(len(self.spans)), weights=self.depth, k=rest)
        for pick in picks:
            iid, contact_id, created, responded, end = self.spans[pick]
            start = responded or created
            at = start + (end - start) * rng.random()
            if rng.random() < 0.15:
                self._interaction(iid, contact_id, "note", "internal", at)
                continue
            direction = "outbound" if responded and rng.random() < 0.6 else "inbound"
            self._interaction(iid, contact_id, rng.choice(KINDS), direction, at)
            if iid not in last_contact or at > last_contact[iid]:
                last_contact[iid] = at
        for iid, moment in last_contact.items():
            self.rows.inquiries[iid - 1]["last_contact_at"] = moment

    def _interaction(
        self, iid: int, contact_id: int, kind: str, direction: str, at: datetime
    ) -> None:
        self.rows.interactions.append(
            {
                "contact_id": contact_id,
                "inquiry_id": iid,
                "kind": kind,
                "direction": direction,
                "occurred_at": at,
                "created_at": at,
            }
        )


def _maturity(funded: datetime, rng: random.Random) -> date:
    years = rng.choice((1, 2, 3, 5))
    day = funded.date()
    return day.replace(year=day.year + years, day=min(day.day, 28))


def build(path: Path, now: datetime, *, inquiries: int, interactions: int, seed: int = 7) -> Sizes:
    """A fresh database at `path` (made by open_context) holding the workload."""
    rng = random.Random(seed)
    ctx = open_context(path, FixedClock(current=now))
    engine = ctx.db.engine
    with engine.begin() as connection:
        for key, (per_lead, monthly) in COSTS.items():
            connection.execute(
                update(Source)
                .where(Source.key == key)
                .values(cost_per_lead=per_lead, monthly_cost=monthly)
            )
        if connection.scalar(select(User.id).where(User.name == "Assistant")) is None:
            connection.execute(insert(User), [{"name": "Assistant"}])
        ids: dict[str, Any] = {
            "types": list(connection.scalars(select(InquiryType.id))),
            "sources": dict(connection.execute(select(Source.key, Source.id)).tuples().all()),
            "stages": dict(connection.execute(select(Stage.key, Stage.id)).tuples().all()),
            "users": list(connection.scalars(select(User.id).order_by(User.id)))[:2],
        }
        maker = _Maker(rng, now, ids)
        start = now - timedelta(days=YEARS * 365)
        partner_contacts = [maker.contact(start, "partner") for _ in range(40)]
        for _ in range(inquiries):
            maker.inquiry(list(range(1, len(partner_contacts) + 1)))
        maker.timeline(interactions)
        for task in maker.rows.tasks:
            task["contact_id"] = maker.rows.inquiries[task["inquiry_id"] - 1]["contact_id"]
            del task["_planned"]
        rows = maker.rows
        _insert(connection, Contact, rows.contacts)
        _insert(
            connection,
            ReferralPartner,
            [{"contact_id": c, "company": f"Realty {c}"} for c in partner_contacts],
        )
        _insert(connection, Inquiry, rows.inquiries)
        _insert(connection, StageChange, rows.history)
        _insert(connection, Task, rows.tasks)
        _insert(connection, Interaction, rows.interactions)
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.db.close()
    return Sizes(
        inquiries=len(rows.inquiries),
        interactions=len(rows.interactions),
        stage_changes=len(rows.history),
        tasks=len(rows.tasks),
    )
