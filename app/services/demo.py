"""Realistic demo data for a mortgage broker's desk, the same for the same seed.

Months of work are simulated with the real follow-up engine and lead score (see
`demo_story`) and written in bulk, all in one transaction. Each inquiry ends re-planned and
scored at `now`, so the result is the state the services themselves would leave: running
`followups.replan` over it changes nothing (tests/services/test_demo.py checks that).
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.clock import local_day_bounds
from app.db.models import (
    ChecklistTemplate,
    Contact,
    ImportBatch,
    Inquiry,
    InquiryType,
    Interaction,
    ReferralPartner,
    Source,
    Stage,
    Task,
)
from app.errors import InvalidInput
from app.services import demo_data as data
from app.services.context import ServiceContext
from app.services.demo_households import Households
from app.services.demo_people import PeopleMaker
from app.services.demo_plans import PartnerRef
from app.services.demo_rows import DemoRows
from app.services.demo_state import Desk, StageInfo, TypeInfo, log_interaction_row
from app.services.demo_story import Story
from app.services.followups import load_followup_rules
from app.services.lookups import default_owner
from app.services.settings import phone_region

MIN_CONTACTS = 40
MAX_CONTACTS = 200_000


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the database holds after the demo."""

    contacts: int
    inquiries: int
    tasks: int
    interactions: int
    partners: int


def generate_demo(ctx: ServiceContext, *, contacts: int = 300, seed: int = 7) -> DemoSummary:
    """Fill an empty database with `contacts` people and their inquiries, tasks and timeline.

    Refuses (InvalidInput) a database that already has contacts, demo or real.
    """
    if not MIN_CONTACTS <= contacts <= MAX_CONTACTS:
        raise InvalidInput(f"the demo needs between {MIN_CONTACTS} and {MAX_CONTACTS} contacts")
    now = ctx.clock.now()
    with ctx.db.session() as session:
        _refuse_unless_empty(session)
        desk = _desk(session, random.Random(seed), now, ctx.clock.tz)
        people = PeopleMaker(desk.rng, desk.rows, session, phone_region(session))
        partners = _partners(desk, people, min(10, max(3, contacts // 30)))
        slots = _todays_slots(desk)

        def by_hand(story: Story) -> bool:
            _by_hand(desk, story, slots.pop(0))
            return bool(slots)

        def flush() -> None:
            desk.rows.write(session)

        Households(desk, people, partners, flush, by_hand).fill(contacts - len(partners))
        flush()
        summary = DemoSummary(
            contacts=_count(session, Contact.id),
            inquiries=_count(session, Inquiry.id),
            tasks=_count(session, Task.id),
            interactions=_count(session, Interaction.id),
            partners=_count(session, ReferralPartner.id),
        )
        session.add(
            ImportBatch(
                kind="demo",
                source_name=f"demo data (seed {seed})",
                status="done",
                started_at=now,
                finished_at=ctx.clock.now(),
                summary=json.dumps({"seed": seed, **asdict(summary)}),
            )
        )
        return summary


def _count(session: Session, column: InstrumentedAttribute[int]) -> int:
    return int(session.scalar(select(func.count(column))) or 0)


def _refuse_unless_empty(session: Session) -> None:
    demo = session.scalar(select(ImportBatch.id).where(ImportBatch.kind == "demo").limit(1))
    if demo is not None:
        raise InvalidInput("this database already has demo data")
    if session.scalar(select(Contact.id).limit(1)) is not None:
        raise InvalidInput(
            "this database already has contacts; demo data only goes into an empty database"
        )


def _desk(session: Session, rng: random.Random, now: datetime, tz: tzinfo) -> Desk:
    stages = {
        s.key: StageInfo(s.id, s.key, s.name, s.kind, s.is_warm, s.followup_days)
        for s in session.scalars(select(Stage).where(Stage.active.is_(True)))
    }
    missing = {"new", "contacted", "funded", "lost"} - set(stages)
    if missing:
        raise InvalidInput(f"the demo needs the default stages (missing: {sorted(missing)})")
    templates: dict[int, list[tuple[str, str, int, bool]]] = {}
    for t in session.scalars(select(ChecklistTemplate).order_by(ChecklistTemplate.position)):
        templates.setdefault(t.inquiry_type_id, []).append(
            (t.doc_key, t.name, t.position, t.required)
        )
    types = {
        t.key: TypeInfo(t.id, t.key, t.name, tuple(templates.get(t.id, ())))
        for t in session.scalars(select(InquiryType).order_by(InquiryType.position))
    }
    owner = default_owner(session)
    return Desk(
        rows=DemoRows(session),
        rng=rng,
        rules=load_followup_rules(session),
        stages=stages,
        types=types,
        sources={s.key: s.id for s in session.scalars(select(Source).order_by(Source.id))},
        owner_id=owner.id if owner else None,
        owner_name=owner.name if owner else None,
        now=now,
        tz=tz,
    )


_PARTNER_TOUCHES = (
    ("meeting", "outbound", "Coffee meeting: referral pipeline for the spring market"),
    ("email", "outbound", "Sent this month's rate sheet"),
    ("call", "inbound", "Partner called: two buyers getting ready to write offers"),
    ("email", "inbound", "Partner asked about a client's pre-approval status"),
)


def _partners(desk: Desk, people: PeopleMaker, count: int) -> list[PartnerRef]:
    """Realtors, a lawyer, a planner: contacts with role "partner" and a partner row."""
    rng, rows, refs = desk.rng, desk.rows, []
    for company, kind in data.PARTNER_FIRMS[:count]:
        since = desk.now - timedelta(days=rng.uniform(300, 900))
        person = people.contact(
            since, role="partner", company=company, tags=("referral partner",),
            notes=f"Referral partner ({kind.replace('_', ' ')})",
        )  # fmt: skip
        partner_id = rows.new_id(ReferralPartner)
        rows.add(ReferralPartner, id=partner_id, contact_id=person.id, company=company,
                 kind=kind, active=True)  # fmt: skip
        for _ in range(rng.randint(2, 4)):
            kind_, direction, summary = rng.choice(_PARTNER_TOUCHES)
            when = desk.office(desk.now - timedelta(days=rng.uniform(2, 270)))
            if when < desk.now:
                log_interaction_row(rows, when, person.id, None, kind_, direction, summary)
        refs.append(PartnerRef(partner_id, person.id, person.name))
    return refs


def _todays_slots(desk: Desk) -> list[datetime]:
    """Due times of the broker's own tasks: some today, some from past days left open."""
    start, _ = local_day_bounds(desk.now.astimezone(desk.tz).date(), desk.tz)
    return [
        start + timedelta(hours=9, minutes=30),
        start - timedelta(days=1) + timedelta(hours=10),
        start + timedelta(hours=15, minutes=30),
        start + timedelta(hours=11),
        start - timedelta(days=3) + timedelta(hours=14),
        start + timedelta(hours=16, minutes=45),
    ]


def _by_hand(desk: Desk, story: Story, due: datetime) -> None:
    """A task the broker set by hand, not done yet; then the re-plan add_task would do."""
    rng, now = desk.rng, desk.now
    kind, title = rng.choice(data.BROKER_TASKS)
    made = min(now, max(story.inq.created_at, due - timedelta(days=rng.uniform(1, 4))))
    task = story.broker_task(made, kind, title, due)
    task.planned = None
    story.replan(now)
