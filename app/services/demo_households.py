"""Who the demo's borrowers are, and which inquiries each household brings over the years.

The first households are fixed so every inquiry type, source and stage, an unassigned lead,
a stale warm lead and a renewal coming due appear even in a small demo; the rest are drawn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.domain.enums import InquiryStatus
from app.services import demo_data as data
from app.services.demo_people import PeopleMaker, Person
from app.services.demo_plans import (
    ADVICE_FATES,
    FATES,
    Deal,
    Fate,
    PartnerRef,
    Plan,
    add_years,
    deal_for,
    new_inquiry,
    tell,
)
from app.services.demo_state import Desk, log_interaction_row
from app.services.demo_story import Story

TYPE_WEIGHTS = {
    "purchase": 28, "refinance": 14, "renewal": 14, "pre_approval": 14,
    "debt_consolidation": 6, "second_mortgage": 4, "construction": 3, "commercial": 3,
    "heloc": 6, "general_advice": 8,
}  # fmt: skip
SOURCE_WEIGHTS = {
    "website_form": 18, "application_link": 6, "email": 8, "phone": 10,
    "referral_partner": 22, "social": 6, "rate_comparison": 10, "lead_vendor": 6,
    "past_client": 6, "walk_in": 3,
}  # fmt: skip
LOST_FROM = {"new": 35, "contacted": 25, "qualified": 20, "collecting_documents": 12,
             "application_submitted": 5, "lender_review": 3}  # fmt: skip
DAYS_TO_FUND = {"purchase": (35, 90), "refinance": (25, 60), "renewal": (15, 60),
                "pre_approval": (45, 120)}  # fmt: skip
FUNDED = next(f for f in FATES if f.stage == "funded")
WARM_ACTIVE = tuple(f for f in FATES if f.status == "active" and f.stage != "new")
COVERED = 16  # households 0..15 are fixed (see the module docstring)


@dataclass(frozen=True)
class Spec:
    """One inquiry a household will bring."""

    type_key: str
    source_key: str
    created: datetime
    plan: Plan
    maturity: date | None = None  # the current term's maturity (renewals)


class Households:
    """Makes borrower households (with co-borrowers) and prospects, and plays their stories.

    Rows go to the database every few households (`flush`), so memory stays flat however
    many contacts are asked for. `by_hand(story)` may add the broker's own tasks to a live
    story (active, owned, worked) before it is saved; it returns False once it is done.
    """

    FLUSH_EVERY = 250  # households between two writes

    def __init__(
        self,
        desk: Desk,
        people: PeopleMaker,
        partners: list[PartnerRef],
        flush: Callable[[], None],
        by_hand: Callable[[Story], bool],
    ) -> None:
        self.desk, self.people, self.partners = desk, people, partners
        self.flush, self.by_hand, self.more_by_hand = flush, by_hand, True
        self.rng = desk.rng
        self.type_keys = [k for k in desk.types if k in TYPE_WEIGHTS] or list(desk.types)
        self.source_keys = [k for k in desk.sources if k in SOURCE_WEIGHTS] or list(desk.sources)

    def fill(self, count: int) -> None:
        """`count` contacts: ~62% borrowers with inquiries, co-borrowers, then prospects."""
        rng = self.rng
        borrowers = max(COVERED + 1, round(count * 0.62))
        rest = max(0, count - borrowers)
        co = set(rng.sample(range(borrowers), min(rest, round(borrowers * 0.18))))
        # Every fate is drawn first: scores need the whole demo's won/lost count per source.
        plans = [self._specs(index) for index in range(borrowers)]
        outcomes = Counter(
            (spec.source_key, spec.plan.fate.status) for specs in plans for spec in specs
        )
        for key in self.source_keys:
            self.desk.source_counts[key] = (outcomes[(key, "won")], outcomes[(key, "lost")])
        for index, specs in enumerate(plans):
            self._household(specs, index in co)
            if index % self.FLUSH_EVERY == self.FLUSH_EVERY - 1:
                self.flush()
        for _ in range(rest - len(co)):
            self._prospect()

    # --- households --------------------------------------------------------------------------

    def _specs(self, index: int) -> list[Spec]:
        rng = self.rng
        if index < 12:
            return [self._recent(index)]
        if index == 12:
            return [self._recent(unassigned=True)]
        if index == 13:
            return [self._recent(stale=True)]
        if index == 14:
            return self._past_client(soon=True, returning=True)
        if index == 15:  # its first renewal check fell due two days ago, still to do
            return self._past_client(soon=True, returning=False, matures_in=118)
        draw = rng.random()
        if draw < 0.83:
            twist = rng.random()
            return [self._recent(stale=twist < 0.04, unassigned=0.04 <= twist < 0.07)]
        return self._past_client(soon=rng.random() < 0.5, returning=draw < 0.93)

    def _household(self, specs: list[Spec], with_co_borrower: bool) -> None:
        rng = self.rng
        role = "past_client" if all(s.plan.fate is FUNDED for s in specs) else "borrower"
        person = self.people.contact(specs[0].created, role=role)
        co_id = None
        if with_co_borrower:
            last = person.last if rng.random() < 0.7 else None
            co = self.people.contact(
                specs[0].created, role="co_borrower", last=last, place=person.place
            )
            co_id = co.id
        for spec in specs:
            self._play(person, spec, co_id)

    def _play(self, person: Person, spec: Spec, co_borrower_id: int | None) -> None:
        inq = new_inquiry(self.desk, person, spec.type_key, spec.source_key, spec.created)
        inq.co_borrower_id = co_borrower_id
        if spec.maturity is not None:
            inq.term_maturity_date = spec.maturity
            inq.target_close_date = spec.maturity
        partner = None
        if spec.source_key == "referral_partner" and self.partners:
            weights = [len(self.partners) - i for i in range(len(self.partners))]
            partner = self.rng.choices(self.partners, weights)[0]
            inq.partner_id = partner.id
        story = tell(self.desk, inq, spec.plan, partner)
        live = inq.status == "active" and inq.owner_id is not None and story.abandon_at is None
        if live and self.more_by_hand and self.rng.random() < 0.3:
            self.more_by_hand = self.by_hand(story)
        story.save()

    def _prospect(self) -> None:
        rng, desk = self.rng, self.desk
        created = desk.now - timedelta(days=rng.uniform(3, 500))
        dnc = rng.random() < 0.05
        notes = "Asked not to be contacted" if dnc else ""
        person = self.people.contact(created, do_not_contact=dnc, notes=notes)
        if rng.random() < 0.6:
            log_interaction_row(desk.rows, created, person.id, None, "note", "internal",
                                rng.choice(data.PROSPECT_NOTES))  # fmt: skip

    # --- inquiries ---------------------------------------------------------------------------

    def _pick(self, weights: dict[str, int], keys: list[str]) -> str:
        return self.rng.choices(keys, [weights.get(k, 1) for k in keys])[0]

    def _fate(self, choices: tuple[Fate, ...]) -> Fate:
        return self.rng.choices(choices, [f.weight for f in choices])[0]

    def _recent(
        self,
        index: int | None = None,
        *,
        unassigned: bool = False,
        stale: bool = False,
        type_key: str | None = None,
        source_key: str | None = None,
        created: datetime | None = None,
        maturity: date | None = None,
    ) -> Spec:
        """An inquiry from the last nine months, headed for a drawn (or fixed) fate."""
        rng, now = self.rng, self.desk.now
        if type_key is None:
            type_key = (
                self.type_keys[index]
                if index is not None and index < len(self.type_keys)
                else self._pick(TYPE_WEIGHTS, self.type_keys)
            )
        if source_key is None:
            source_key = (
                self.source_keys[index]
                if index is not None and index < len(self.source_keys)
                else self._pick(SOURCE_WEIGHTS, self.source_keys)
            )
        if unassigned:
            fate = FATES[0]
            source_key = rng.choice(("website_form", "lead_vendor", "rate_comparison"))
        elif stale:
            fate = self._fate(WARM_ACTIVE)
        elif index is not None and index < len(FATES):
            fate = FATES[index]
        else:
            fate = self._fate(FATES)
        if type_key == "general_advice" and fate not in ADVICE_FATES:
            if index is not None and index < len(FATES):
                type_key = "purchase"  # keep the fixed fate: every stage must appear
            else:
                fate = self._fate(ADVICE_FATES)
        if created is not None:
            age = (now - created).total_seconds() / 86400
            fate = self._fate(tuple(f for f in FATES[:8] if f.min_age <= age) or FATES[:1])
        else:
            age = rng.uniform(fate.min_age, fate.max_age)
            if unassigned:
                age = rng.uniform(0.05, 3)
        quiet = rng.uniform(24, 40)  # days since a stale inquiry was last touched
        if stale:
            age = max(age, quiet + rng.uniform(5, 30))
        created = created or now - timedelta(days=age)
        plan = self._plan(fate, type_key, created, age, stale, quiet)
        plan.unassigned = unassigned
        if type_key == "renewal" and maturity is None:
            maturity = self._maturity(fate, created, plan.end)
        return Spec(type_key, source_key, created, plan, maturity)

    def _plan(
        self, fate: Fate, type_key: str, created: datetime, age: float, stale: bool, quiet: float
    ) -> Plan:
        rng, now = self.rng, self.desk.now
        if stale:
            return Plan(fate, now - timedelta(days=quiet), stale=True)
        if fate.status == InquiryStatus.ACTIVE:
            dwell = rng.uniform(0.3, max(0.31, min(age * 0.6, 20)))
            return Plan(fate, now - timedelta(days=dwell))
        if fate.status == InquiryStatus.WON:
            low, high = DAYS_TO_FUND.get(type_key, (25, 75))
            days = min(rng.uniform(low, high), age - 0.5)
            return Plan(fate, created + timedelta(days=days), deal=deal_for(self.desk, type_key))
        if fate.status == InquiryStatus.LOST:
            lost_from = self._pick(LOST_FROM, list(LOST_FROM))
            if lost_from == "new":
                days = rng.uniform(20, 60) if rng.random() < 0.8 else rng.uniform(1, 3)
            else:
                days = rng.uniform(5, 60)
            end = created + timedelta(days=min(days, age - 0.1))
            return Plan(fate, end, lost_from=lost_from)
        held = rng.uniform(max(11, age * 0.3), max(11.5, age * 0.8))
        return Plan(fate, max(created + timedelta(days=1), now - timedelta(days=held)))

    def _maturity(self, fate: Fate, created: datetime, end: datetime) -> date:
        rng, today = self.rng, self.desk.now.date()
        if fate.status == InquiryStatus.ACTIVE:
            return today + timedelta(days=rng.randint(10, 115))
        if fate.status == InquiryStatus.WON:
            return (end + timedelta(days=rng.uniform(0, 25))).date()
        return (created + timedelta(days=rng.uniform(40, 150))).date()

    def _past_client(
        self, *, soon: bool, returning: bool, matures_in: int | None = None
    ) -> list[Spec]:
        """A deal funded years ago whose term matures soon (or later), maybe a new inquiry."""
        rng, desk = self.rng, self.desk
        today = desk.now.astimezone(desk.tz).date()
        label, years, low, high, _ = rng.choices(data.TERMS, [t[4] for t in data.TERMS])[0]
        maturity = today + timedelta(days=rng.randint(5, 118) if soon else rng.randint(125, 900))
        if matures_in is not None:
            maturity = today + timedelta(days=matures_in)
        if add_years(maturity, -years) > today - timedelta(days=45):
            label, years, low, high, _ = data.TERMS[0]  # a short term would fund in the future
        funded_day = add_years(maturity, -years)
        at = time(rng.randint(10, 16), rng.randint(0, 59))
        funded = datetime.combine(funded_day, at, desk.tz).astimezone(desk.now.tzinfo)
        created = funded - timedelta(days=rng.uniform(25, 70))
        idle = desk.now - timedelta(days=3) if matures_in is not None else None
        deal = Deal(f"{rng.choice(data.LENDERS)}, {label} {rng.uniform(low, high):.2f}%", years)
        source = rng.choices(("referral_partner", "website_form", "phone", "walk_in"),
                             (40, 25, 20, 15))[0]  # fmt: skip
        old = Spec(
            "purchase" if rng.random() < 0.7 else "refinance",
            source,
            created,
            Plan(FUNDED, funded, deal=deal, idle_from=idle),
        )
        if not returning:
            return [old]
        if soon:  # the renewal check-in call turned into a renewal inquiry
            start = max(
                datetime.combine(maturity, at, desk.tz) - timedelta(days=rng.uniform(100, 120)),
                desk.now - timedelta(days=60),
            )
            if start >= desk.now - timedelta(hours=12):
                start = desk.now - timedelta(days=rng.uniform(0.5, 3))
            return [old, self._recent(type_key="renewal", source_key="past_client",
                                      created=start, maturity=maturity)]  # fmt: skip
        again = rng.choice(("refinance", "heloc", "purchase", "debt_consolidation"))
        return [old, self._recent(type_key=again, source_key="past_client")]
