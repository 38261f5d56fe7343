"""A seeded database, a clock in Toronto time, and a small desk to script leads with.

Times in these tests are the broker's local wall-clock times (America/Toronto, EST in
February and early March 2026, UTC-5), so local-day bucketing is exercised for real.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from app.clock import FixedClock
from app.db.models import Contact, FollowupRule, ReferralPartner, Source, User
from app.reports.stage_facts import forget_all
from app.services.context import ServiceContext, open_context
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import get_inquiry, move_stage
from app.services.interactions import log_interaction
from app.services.leads import add_lead

TORONTO = ZoneInfo("America/Toronto")
# The shared TEST_NOW (Monday 2 March 2026, 14:00 UTC) is 09:00 in Toronto.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=TORONTO)


def local(day: date | str, hour: int = 9, minute: int = 0) -> datetime:
    """A Toronto wall-clock moment, e.g. local("2026-02-10", 14, 30)."""
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=TORONTO)


@pytest.fixture
def clock() -> FixedClock:
    """The shared test moment, with the broker in Toronto."""
    return FixedClock(current=NOW, tz=TORONTO)


@pytest.fixture
def ctx(db_path: Path, clock: FixedClock) -> Iterator[ServiceContext]:
    context = open_context(db_path, clock)
    forget_all()  # stage facts are kept per database file; start every test clean
    try:
        yield context
    finally:
        context.db.close()


class Desk:
    """Scripts a broker's work at explicit moments: each call sets the clock first."""

    def __init__(self, ctx: ServiceContext, clock: FixedClock) -> None:
        self.ctx, self.clock = ctx, clock
        self._people = 0

    def lead(
        self,
        when: datetime,
        *,
        source: str | None = "website_form",
        type_key: str = "purchase",
        amount: str | None = None,
        owner_id: int | None = None,
        partner_id: int | None = None,
        maturity: date | None = None,
    ) -> int:
        """A new lead from a new person at `when`; returns the inquiry id."""
        self.clock.set(when)
        self._people += 1
        n = self._people
        made = add_lead(
            self.ctx,
            ContactInput(first_name="Client", last_name=f"No{n}", emails=(f"c{n}@example.com",)),
            InquiryInput(
                contact_id=0,
                type_key=type_key,
                source_key=source,
                owner_id=owner_id,
                partner_id=partner_id,
                amount=Decimal(amount) if amount is not None else None,
                term_maturity_date=maturity,
            ),
        )
        return made.inquiry.id

    @staticmethod
    def at(day: date | str, hour: int = 9, minute: int = 0) -> datetime:
        """A Toronto wall-clock moment, e.g. desk.at("2026-02-10", 14, 30)."""
        return local(day, hour, minute)

    def move(self, inquiry_id: int, when: datetime, stage: str, **kwargs: str) -> None:
        self.clock.set(when)
        if stage == "funded":
            kwargs.setdefault("outcome", "TD, 5-yr fixed")
        if stage == "lost":
            kwargs.setdefault("lost_reason", "Went with their bank")
        move_stage(self.ctx, inquiry_id, stage, **kwargs)

    def talk(
        self,
        inquiry_id: int,
        when: datetime,
        *,
        direction: str = "outbound",
        kind: str = "call",
        occurred_at: datetime | None = None,
    ) -> None:
        """Log a conversation (or a note) on the inquiry at `when`."""
        self.clock.set(when)
        log_interaction(
            self.ctx,
            contact_id=get_inquiry(self.ctx, inquiry_id).contact_id,
            inquiry_id=inquiry_id,
            kind=kind,
            direction=direction,
            occurred_at=occurred_at,
        )

    def user(self, name: str) -> int:
        with self.ctx.db.session() as session:
            row = User(name=name)
            session.add(row)
            session.flush()
            return row.id

    def partner(self, first: str, last: str, company: str) -> int:
        with self.ctx.db.session() as session:
            person = Contact(
                first_name=first,
                last_name=last,
                search_name=f"{first} {last}".lower(),
                role="partner",
                created_at=self.clock.now(),
                updated_at=self.clock.now(),
            )
            session.add(person)
            session.flush()
            row = ReferralPartner(contact_id=person.id, company=company)
            session.add(row)
            session.flush()
            return row.id

    def price(self, source: str, *, per_lead: str | None, monthly: str | None) -> None:
        with self.ctx.db.session() as session:
            session.execute(
                update(Source)
                .where(Source.key == source)
                .values(
                    cost_per_lead=Decimal(per_lead) if per_lead else None,
                    monthly_cost=Decimal(monthly) if monthly else None,
                )
            )

    def no_rules(self) -> None:
        """Switch off every follow-up rule, so the only tasks are the test's own."""
        with self.ctx.db.session() as session:
            session.execute(update(FollowupRule).values(active=False))


@pytest.fixture
def desk(ctx: ServiceContext, clock: FixedClock) -> Desk:
    return Desk(ctx, clock)
