"""A fake-clock month of a broker's reminders, driven the way the scheduler drives the app.

The app wakes on a periodic tick, at `next_wake_time`, at start and on resume; each wake
polls until nothing is left. Between polls the broker works: leads arrive, replies come
in, documents are requested, tasks are added, completed and snoozed. The app is closed
and reopened (a new context and service on the same file) and the laptop sleeps.

Every reminder shown is logged as (task id, due time at showing) -> (shown at, category).
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from app.clock import FixedClock
from app.db.models import Task
from app.reminders.batch import Category, category_of
from app.reminders.service import ReminderService, detect_resume
from app.services.checklist import inquiry_checklist, request_item
from app.services.context import ServiceContext, open_context
from app.services.dto import ContactInput, InquiryInput
from app.services.followups import replan_all
from app.services.interactions import log_interaction
from app.services.leads import add_lead
from app.services.tasks import add_task, complete_task, get_task, snooze_task

from .support import TORONTO

TICK = timedelta(hours=1)  # the backstop tick; exact wakes come from next_wake_time
NAMES = ("Maria Gonzalez", "Wei Chen", "Arjun Patel", "Chloé Tremblay", "Liam Smith")
Key = tuple[int, datetime]  # a task at one due time: what is shown once


@dataclass(frozen=True)
class Shown:
    at: datetime
    category: Category
    became_due: datetime  # max(due time, when the task got that due time)


@dataclass
class Simulation:
    db_path: Path
    clock: FixedClock
    seed: int = 6
    shown: dict[Key, Shown] = field(default_factory=dict)
    down: list[tuple[datetime, datetime]] = field(default_factory=list)  # closed or asleep
    paused: list[tuple[datetime, datetime]] = field(default_factory=list)
    restarts: int = 0
    resumes_detected: int = 0
    shown_on_wake: int = 0
    snoozed: int = 0
    daily_checks: int = 0
    shown_still_open: int = 0
    duplicates: list[Key] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.ctx: ServiceContext | None = open_context(self.db_path, self.clock)
        self.service = ReminderService(self.ctx)
        self.events: list[tuple[datetime, int, Callable[[], None]]] = []
        self.counter = itertools.count()
        self.last_tick: datetime | None = self.clock.now()
        self.leads = 0
        self.contacts: list[int] = []
        self.snooze_times: dict[Key, datetime] = {}

    # --- plumbing ---------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return self.clock.now()

    @property
    def up(self) -> ServiceContext:
        assert self.ctx is not None, "the app is closed"
        return self.ctx

    def at(self, moment: datetime, action: Callable[[], None]) -> None:
        heapq.heappush(self.events, (moment.astimezone(UTC), next(self.counter), action))

    def when_up(self, action: Callable[[], None]) -> Callable[[], None]:
        """Broker work happens only while the app is open and the laptop awake."""

        def run() -> None:
            if self.ctx is not None and self.last_tick is not None:
                action()

        return run

    def run_until(self, end: datetime) -> None:
        while self.now < end:
            while self.events and self.events[0][0] <= self.now:
                heapq.heappop(self.events)[2]()
            if self.ctx is not None and self.last_tick is not None:
                assert not detect_resume(self.last_tick, self.now, TICK), self.now
                self.last_tick = self.now
                self.poll_until_quiet()
            candidates = [end]
            if self.events:
                candidates.append(self.events[0][0])
            if self.ctx is not None and self.last_tick is not None:
                candidates.append(self.now + TICK)
                wake = self.service.next_wake_time()
                assert wake is None or wake > self.now, "a quiet poll left something showable"
                if wake is not None:
                    candidates.append(wake)
            self.clock.set(min(candidates))

    def poll_until_quiet(self) -> int:
        total = 0
        while batch := self.service.poll():
            total += batch.total
            self.record(batch.marked_ids)
        return total

    def record(self, ids: tuple[int, ...]) -> None:
        with self.up.db.session() as session:
            rows = session.execute(
                select(Task.id, Task.due_at, Task.kind, Task.rule_key, Task.created_at).where(
                    Task.id.in_(ids)
                )
            ).all()
        for task_id, due_at, kind, rule_key, created_at in rows:
            key = (task_id, due_at)
            if key in self.shown:
                self.duplicates.append(key)
            since = max(due_at, self.snooze_times.get(key, created_at))
            self.shown[key] = Shown(self.now, category_of(kind, rule_key), since)
            self.at(self.now + timedelta(minutes=self.rng.randint(1, 20)), self.react(task_id))

    # --- the broker -------------------------------------------------------------------

    def react(self, task_id: int) -> Callable[[], None]:
        def act() -> None:
            ctx = self.up
            if get_task(ctx, task_id).state != "open":
                return
            roll = self.rng.random()
            if roll < 0.55:
                complete_task(ctx, task_id)
            elif roll < 0.8:
                local = self.now.astimezone(TORONTO)
                until = self.rng.choice(
                    [
                        self.now + timedelta(minutes=15),
                        self.now + timedelta(hours=1),
                        datetime.combine(local.date() + timedelta(days=1), time(9), TORONTO),
                    ]
                ).astimezone(UTC)
                snooze_task(ctx, task_id, until)
                self.snooze_times[(task_id, until)] = self.now
                self.snoozed += 1
            # else: leave it open; it stays overdue in the due list, never shown again

        return self.when_up(act)

    def new_lead(self, type_key: str = "purchase", maturity_days: int | None = None) -> None:
        self.leads += 1
        first, last = self.rng.choice(NAMES).split(" ")
        maturity = None
        if maturity_days is not None:
            maturity = self.now.date() + timedelta(days=maturity_days)
        lead = add_lead(
            self.up,
            ContactInput(first, last, emails=(f"lead{self.leads}@example.com",)),
            InquiryInput(contact_id=0, type_key=type_key, term_maturity_date=maturity),
        )
        inquiry_id, contact_id = lead.inquiry.id, lead.contact.id
        self.contacts.append(contact_id)
        if self.rng.random() < 0.3:  # the lead writes back a few days later
            when = self.now + timedelta(days=self.rng.randint(2, 6), hours=self.rng.randint(0, 6))
            self.at(when, self.when_up(lambda: self.reply(contact_id, inquiry_id)))
        if self.rng.random() < 0.4:  # documents requested the next day
            self.at(self.now + timedelta(days=1), self.when_up(lambda: self.request(inquiry_id)))

    def reply(self, contact_id: int, inquiry_id: int) -> None:
        log_interaction(
            self.up,
            contact_id=contact_id,
            inquiry_id=inquiry_id,
            kind="email",
            direction="inbound",
            summary="Re: your mortgage inquiry",
        )

    def request(self, inquiry_id: int) -> None:
        items = inquiry_checklist(self.up, inquiry_id)
        if items:
            request_item(self.up, self.rng.choice(items).id)

    def manual_task(self) -> None:
        """A task typed by the broker: any time in the next three days (nights too), or
        back-dated a little."""
        if self.contacts:
            due = self.now + timedelta(minutes=self.rng.randint(-30, 72 * 60))
            contact_id = self.rng.choice(self.contacts)
            add_task(self.up, contact_id=contact_id, kind="call", title="Call back", due_at=due)

    def replan(self) -> None:
        with self.up.db.session() as session:
            replan_all(session, self.now)

    def pause(self, minutes: int) -> None:
        until = self.service.pause(minutes)
        self.paused.append((self.now, until))

    # --- the app and the laptop -------------------------------------------------------

    def close_app(self, reopen_at: datetime) -> None:
        self.up.db.close()
        self.ctx, self.last_tick = None, None
        self.down.append((self.now, reopen_at.astimezone(UTC)))
        self.at(reopen_at, self.start_app)

    def start_app(self) -> None:
        self.ctx = open_context(self.db_path, self.clock)
        self.service = ReminderService(self.ctx)
        self.last_tick = self.now
        self.restarts += 1

    def sleep(self, wake_at: datetime) -> None:
        asleep_since = self.last_tick
        self.last_tick = None
        self.down.append((self.now, wake_at.astimezone(UTC)))

        def wake() -> None:
            assert asleep_since is not None
            if detect_resume(asleep_since, self.now, TICK):
                self.resumes_detected += 1
            self.last_tick = self.now
            self.shown_on_wake += self.poll_until_quiet()

        self.at(wake_at, wake)

    def close(self) -> None:
        if self.ctx is not None:
            self.ctx.db.close()
