"""How each demo inquiry unfolds: its fate, its dates, and the events that lead there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from app.db.models import Inquiry
from app.domain.enums import ChecklistStatus
from app.services import demo_data as data
from app.services.demo_people import Person
from app.services.demo_state import Desk, SimInquiry, SimItem
from app.services.demo_story import Story

OPEN_PATH = (
    "new", "contacted", "qualified", "collecting_documents", "application_submitted",
    "lender_review", "approved",
)  # fmt: skip


@dataclass(frozen=True)
class Fate:
    stage: str  # where the inquiry is now
    status: str
    weight: int
    min_age: float  # days since the inquiry arrived
    max_age: float


FATES = (
    Fate("new", "active", 8, 0.05, 6),
    Fate("contacted", "active", 10, 1, 25),
    Fate("qualified", "active", 9, 3, 50),
    Fate("collecting_documents", "active", 10, 6, 70),
    Fate("waiting_on_client", "active", 4, 10, 90),
    Fate("application_submitted", "active", 5, 12, 80),
    Fate("lender_review", "active", 4, 15, 90),
    Fate("approved", "active", 4, 18, 100),
    Fate("funded", "won", 17, 25, 270),
    Fate("lost", "lost", 18, 2, 270),
    Fate("qualified", "on_hold", 3, 20, 270),
    Fate("contacted", "nurture", 5, 15, 270),
)
ADVICE_FATES = tuple(f for f in FATES if f.stage in ("new", "contacted", "lost"))


@dataclass(frozen=True)
class Deal:
    """How a funded inquiry closed: the outcome text and its term."""

    outcome: str
    years: int | None  # None: no maturity (a HELOC)


def deal_for(desk: Desk, type_key: str) -> Deal:
    rng = desk.rng
    lender = rng.choice(data.LENDERS)
    if type_key == "heloc":
        return Deal(f"{lender} HELOC at prime + {rng.choice(('0.5', '0.75', '1.0'))}%", None)
    if type_key == "second_mortgage":
        return Deal(f"{lender}, 1-yr second mortgage {rng.uniform(8.5, 11.99):.2f}%", 1)
    if type_key == "commercial":
        return Deal(f"{lender}, 5-yr commercial {rng.uniform(5.5, 7.2):.2f}%", 5)
    label, years, low, high, _ = rng.choices(data.TERMS, [t[4] for t in data.TERMS])[0]
    return Deal(f"{lender}, {label} {rng.uniform(low, high):.2f}%", years)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _money(value: float, step: int = 1000) -> Decimal:
    return Decimal(round(value / step) * step)


def fill_amounts(desk: Desk, inq: SimInquiry, person: Person) -> None:
    """Amounts, property and dates that fit the inquiry type and the city."""
    rng, key, c = desk.rng, inq.type.key, inq.created_at.date()
    scale = 1.35 if person.place.pricey else 1.0
    home = f"{person.place.line1}, {person.place.city}"
    value = rng.uniform(420_000, 1_350_000) * scale
    inq.property_type = rng.choice(data.PROPERTY_TYPES)
    inq.timeline = rng.choice(data.TIMELINES)
    if key in ("purchase", "pre_approval"):
        down = value * rng.choice((0.05, 0.08, 0.1, 0.15, 0.2, 0.25))
        inq.property_value, inq.down_payment = _money(value), _money(down)
        inq.amount = _money(value - down)
        if key == "purchase":
            inq.property_address = f"{rng.randint(2, 3999)} {rng.choice(data.STREETS)}"
            inq.target_close_date = c + timedelta(days=rng.randint(30, 100))
        return
    inq.property_address, inq.property_value = home, _money(value)
    share = {"refinance": (0.4, 0.78), "renewal": (0.25, 0.7), "construction": (0.6, 0.8)}
    low, high = share.get(key, (0.05, 0.2))
    inq.amount = _money(value * rng.uniform(low, high))
    if key == "commercial":
        inq.property_type = rng.choice(("Mixed-use", "Retail plaza", "Small industrial"))
        inq.property_value = _money(value * rng.uniform(2, 4))
        inq.amount = _money(float(inq.property_value) * rng.uniform(0.5, 0.7))
    if key == "general_advice":
        inq.amount = inq.property_value = None
        inq.timeline = "Just exploring"
    elif key != "renewal":
        inq.target_close_date = c + timedelta(days=rng.randint(20, 90))


def path_to(fate: Fate, lost_from: str) -> list[str]:
    """The stages an inquiry passes through, in order, to reach its fate."""
    if fate.stage == "funded":
        return [*OPEN_PATH, "funded"]
    if fate.stage == "lost":
        return [*OPEN_PATH[: OPEN_PATH.index(lost_from) + 1], "lost"]
    if fate.stage == "waiting_on_client":
        return [*OPEN_PATH[:4], "waiting_on_client"]
    return list(OPEN_PATH[: OPEN_PATH.index(fate.stage) + 1])


def _daytime(desk: Desk, moment: datetime, floor: datetime) -> datetime:
    """The same day at a working hour (a broker moves cards at work), kept in the past."""
    local = moment.astimezone(desk.tz)
    if 8 <= local.hour < 19:
        return moment
    hour = time(desk.rng.randint(9, 17), desk.rng.randint(0, 59))
    moved = datetime.combine(local.date(), hour, desk.tz).astimezone(moment.tzinfo)
    return moved if floor < moved < desk.now else moment


@dataclass(frozen=True)
class PartnerRef:
    """A referral partner as stories need it."""

    id: int  # referral_partners.id
    contact_id: int
    name: str


@dataclass
class Plan:
    """What one inquiry is headed for; `end` is when it reaches its last stage."""

    fate: Fate
    end: datetime
    lost_from: str = "new"
    deal: Deal | None = None
    stale: bool = False  # the broker stopped touching it weeks ago
    unassigned: bool = False  # nobody has picked it up yet
    idle_from: datetime | None = None  # the broker has done none of its tasks since


def tell(desk: Desk, inq: SimInquiry, plan: Plan, partner: PartnerRef | None = None) -> Story:
    """Build the inquiry's events from its plan and play them."""
    rng, now, c = desk.rng, desk.now, inq.created_at
    path = path_to(plan.fate, plan.lost_from)
    moves = path[1:]
    abandon = c if plan.unassigned else plan.idle_from
    if plan.stale:
        abandon = plan.end + timedelta(days=rng.uniform(0.5, 4))
    draw = rng.random()
    first_delay = (
        rng.uniform(3, 30) if draw < 0.35
        else rng.uniform(30, 180) if draw < 0.65
        else rng.uniform(180, 1440) if draw < 0.9
        else rng.uniform(1440, 4320)
    )  # fmt: skip
    first = desk.office(c + timedelta(minutes=first_delay))
    if moves and first >= plan.end:
        first = c + (plan.end - c) * 0.15
    answered = moves and moves[0] == "contacted" and rng.random() < 0.5
    story = Story(desk, inq, first_touch=first, abandon_at=abandon,
                  answered_at=first if answered else None)  # fmt: skip
    kind, direction, summary = data.ARRIVALS[inq.source_key or "email"]
    who = partner.name if partner else "a partner"
    text = summary.format(type=inq.type.name.lower(), partner=who)
    story.at(c, story.interact, kind, direction, text)
    if plan.unassigned:
        story.at(c + timedelta(minutes=rng.randint(2, 30)), story.unassign)
    contacted = first + timedelta(minutes=rng.randint(15, 40))
    if moves and not answered and moves[0] == "contacted":
        reply = first + timedelta(hours=rng.uniform(0.5, 36))
        if reply >= plan.end and len(moves) > 1:
            reply = first + (plan.end - first) * 0.3
        reply_kind, reply_text = rng.choice(data.REPLIES)
        story.at(reply, story.interact, reply_kind, "inbound", reply_text)
        contacted = reply + timedelta(minutes=rng.randint(10, 240))
    elif not moves and plan.fate.status == "active" and not plan.unassigned and draw < 0.3:
        reply_kind, reply_text = rng.choice(data.REPLIES)
        story.at(first + timedelta(hours=rng.uniform(1, 30)), story.interact, reply_kind,
                 "inbound", reply_text)  # fmt: skip
    times = _move_times(desk, moves, contacted, plan.end)
    _schedule_moves(desk, story, plan, moves, times, partner)
    last_active = min(now, abandon or now, plan.end if plan.fate.status != "active" else now)
    if moves and moves[0] == "contacted" and contacted < last_active:
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            when = contacted + (last_active - contacted) * rng.random()
            chat_kind, chat_text = rng.choice(data.INBOUND_CHATTER)
            story.at(when, story.interact, chat_kind, "inbound", chat_text)
    story.run()
    return story


def _move_times(desk: Desk, moves: list[str], contacted: datetime, end: datetime) -> list[datetime]:
    """When each move happens: contacted first, the last at `end`, the rest in between."""
    if not moves:
        return []
    if moves[0] != "contacted":  # lost before anyone talked
        return [end]
    if len(moves) == 1:
        return [contacted]
    end = max(end, contacted + timedelta(hours=2 * len(moves)))
    end = min(end, desk.now - timedelta(minutes=desk.rng.randint(10, 90)))
    rest = sorted(contacted + (end - contacted) * desk.rng.random() for _ in moves[1:-1])
    times = [contacted, *(_daytime(desk, t, contacted) for t in rest), end]
    return sorted(times)


def _schedule_moves(
    desk: Desk,
    story: Story,
    plan: Plan,
    moves: list[str],
    times: list[datetime],
    partner: PartnerRef | None,
) -> None:
    rng, inq = desk.rng, story.inq
    lender = rng.choice(data.LENDERS)
    for index, (key, when) in enumerate(zip(moves, times, strict=True)):
        following = times[index + 1] if index + 1 < len(times) else None
        if key == "qualified":
            story.at(when, story.interact, "meeting", "outbound",
                     "Discovery meeting: income, down payment and goals")  # fmt: skip
            if inq.type.key in ("purchase", "pre_approval") and rng.random() < 0.7:
                hold = (when + timedelta(days=120)).date()
                story.at(when, story.update, "rate_hold_expiry", hold)
            if inq.type.key == "pre_approval":
                story.at(when, story.broker_task, "email", "Send the pre-approval letter",
                         when + timedelta(days=1))  # fmt: skip
        if key == "collecting_documents":
            _schedule_documents(desk, story, when, following, plan)
        if key == "application_submitted":
            story.at(when, story.interact, "note", "internal", f"Application sent to {lender}")
            for item in inq.items:
                if item.status == ChecklistStatus.RECEIVED and rng.random() < 0.4:
                    story.at(when, story.checklist, item, ChecklistStatus.VERIFIED)
        if key == "approved":
            story.at(when, story.interact, "note", "internal", f"Commitment received: {lender}")
            story.at(when, story.broker_task, "review", "Review commitment conditions with client",
                     when + timedelta(days=1))  # fmt: skip
        if key == "funded" and plan.deal is not None:
            _schedule_funding(desk, story, when, plan.deal, partner)
            story.at(when, story.move, key, plan.deal.outcome)
            continue
        if key == "lost":
            reason = rng.choice(data.LOST_EARLY if plan.lost_from == "new" else data.LOST_LATE)
            story.at(when, story.interact, "note", "internal", f"Closed lost: {reason}")
            story.at(when, story.move, key, "", reason)
            continue
        story.at(when, story.move, key)
    if plan.fate.status in ("on_hold", "nurture") and times:
        held = times[-1] + timedelta(days=rng.uniform(1, 10))
        held = min(held, desk.now - timedelta(days=1))
        reason = rng.choice(data.HOLD_REASONS)
        story.at(held, story.set_status, plan.fate.status, reason)
        story.at(held, story.broker_task, "call", f"Check back: {reason.lower()}",
                 desk.office(held + timedelta(days=rng.randint(20, 120))))  # fmt: skip


def _schedule_documents(
    desk: Desk, story: Story, start: datetime, until: datetime | None, plan: Plan
) -> None:
    rng, inq = desk.rng, story.inq
    closed_at = plan.end if plan.fate.status == "lost" else None
    wanted: list[SimItem] = []
    for item in inq.items:
        if item.required or rng.random() < 0.35:
            wanted.append(item)
        else:
            story.at(start + timedelta(minutes=10), story.checklist, item,
                     ChecklistStatus.WAIVED, "Not applicable")  # fmt: skip
    for item in wanted:
        story.at(start, story.checklist, item, ChecklistStatus.REQUESTED)
    story.at(start, story.interact, "email", "outbound",
             f"Sent document checklist ({len(wanted)} items)")  # fmt: skip
    batches = [start + timedelta(days=rng.uniform(0.3, 12)) for _ in range(rng.randint(1, 4))]
    for item in wanted:
        when = rng.choice(batches)
        if until is not None and when >= until - timedelta(hours=1):
            when = start + (until - start) * rng.uniform(0.2, 0.9)
        if closed_at is not None and when >= closed_at:
            continue
        if until is None and plan.fate.status == "active" and rng.random() < 0.3:
            continue  # still outstanding: the client has not sent it yet
        story.at(when, story.checklist, item, ChecklistStatus.RECEIVED)
    for when in sorted(set(batches)):
        if (until is None or when < until) and (closed_at is None or when < closed_at):
            story.at(when, story.interact, "email", "inbound", "Client sent documents")


def _schedule_funding(
    desk: Desk, story: Story, when: datetime, deal: Deal, partner: PartnerRef | None
) -> None:
    inq = story.inq
    story.at(when, story.interact, "note", "internal", f"Funded: {deal.outcome}")
    base = inq.term_maturity_date if inq.type.key == "renewal" else None
    start = base if base is not None and base > when.date() else when.date()
    maturity = add_years(start, deal.years) if deal.years else None
    story.at(when, story.update, "term_maturity_date", maturity)
    if partner is not None:
        story.at(when + timedelta(hours=2), story.interact, "email", "outbound",
                 "Thank-you for the referral: the deal funded", partner.contact_id)  # fmt: skip


def new_inquiry(
    desk: Desk, person: Person, type_key: str, source_key: str, created: datetime
) -> SimInquiry:
    """A fresh inquiry (not yet opened) with amounts and dates for its type."""
    if created >= desk.now:
        raise ValueError(f"demo inquiry would arrive in the future ({created})")
    inq = SimInquiry(
        id=desk.rows.new_id(Inquiry),
        contact_id=person.id,
        type=desk.types[type_key],
        stage=desk.stages["new"],
        created_at=created,
        source_key=source_key,
    )
    draw = desk.rng.random()
    inq.priority = "high" if draw < 0.15 else "low" if draw < 0.25 else "normal"
    fill_amounts(desk, inq, person)
    return inq
