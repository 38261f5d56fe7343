"""Demo data: a believable broker's desk that the rest of the app can be shown with."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.clock import FixedClock, local_day_bounds, today
from app.db.models import (
    Consent,
    Contact,
    ContactEmail,
    ContactPhone,
    ImportBatch,
    Inquiry,
    InquiryType,
    Interaction,
    ReferralPartner,
    Source,
    Stage,
    StageChange,
    Task,
)
from app.domain.contact_points import normalize_email, normalize_phone
from app.errors import InvalidInput
from app.services.contacts import create_contact
from app.services.context import ServiceContext, open_context
from app.services.demo import generate_demo
from app.services.demo_data import FIRST_NAMES, LAST_NAMES
from app.services.dto import ContactInput
from app.services.due import due_list
from app.services.followups import replan, replan_all

# The conftest clock's moment; the demo is generated once per module at the same moment.
DEMO_NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_file(db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the default 300-contact demo, generated once for this module."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(db_template, path)
    context = open_context(path, FixedClock(current=DEMO_NOW))
    generate_demo(context)
    with context.db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    context.db.close()
    return path


@pytest.fixture
def demo(demo_file: Path, db_path: Path, clock: FixedClock) -> Iterator[ServiceContext]:
    """A private copy of the demo database, opened with the test clock."""
    assert clock.now() == DEMO_NOW
    shutil.copyfile(demo_file, db_path)
    context = open_context(db_path, clock)
    try:
        yield context
    finally:
        context.db.close()


def keys_in_use(session: Session, model: type[InquiryType] | type[Source]) -> set[str]:
    column = Inquiry.type_id if model is InquiryType else Inquiry.source_id
    return set(session.scalars(select(model.key).join(Inquiry, column == model.id)))


def test_every_type_source_stage_and_status_appears(demo: ServiceContext) -> None:
    with demo.db.session() as session:
        all_types = set(session.scalars(select(InquiryType.key)))
        all_sources = set(session.scalars(select(Source.key)))
        assert keys_in_use(session, InquiryType) == all_types
        assert keys_in_use(session, Source) == all_sources
        stages = set(session.scalars(select(Stage.key).join(Inquiry, Inquiry.stage_id == Stage.id)))
        assert stages == set(session.scalars(select(Stage.key)))
        statuses = set(session.scalars(select(Inquiry.status)))
        assert statuses == {"active", "won", "lost", "on_hold", "nurture"}
        n_contacts = session.scalar(select(func.count(Contact.id)))
        with_inquiry = session.scalar(select(func.count(func.distinct(Inquiry.contact_id))))
        assert n_contacts == 300
        assert 0.5 < (with_inquiry or 0) / 300 < 0.7  # roughly 60% have an inquiry
        repeat = session.scalar(
            text(
                "select count(*) from (select contact_id from inquiries"
                " group by contact_id having count(*) > 1)"
            )
        )
        assert repeat and repeat >= 5  # some came back years later


def test_today_has_overdue_and_due_today_tasks(demo: ServiceContext) -> None:
    due = due_list(demo)
    start, end = local_day_bounds(today(demo.clock), demo.clock.tz)
    assert due.overdue.count >= 1 and due.due_today.count >= 1
    assert all(t.due_at < start for t in due.overdue.items)
    assert all(start <= t.due_at < end for t in due.due_today.items)
    # Some are the broker's own tasks for today, some the rules'.
    titles = {t.title for t in due.due_today.items}
    assert any(t.startswith("Call new lead") or t.startswith("Follow up") for t in titles)
    assert any(not (t.startswith("Call") or t.startswith("Follow")) for t in titles)


def test_renewals_come_due_within_120_days(demo: ServiceContext) -> None:
    day = today(demo.clock)
    with demo.db.session() as session:
        maturing = session.scalar(
            select(func.count(Inquiry.id)).where(
                Inquiry.status == "won",
                Inquiry.term_maturity_date >= day,
                Inquiry.term_maturity_date <= day + timedelta(days=120),
            )
        )
        assert maturing and maturing >= 3
        checks = session.scalar(
            select(func.count(Task.id)).where(
                Task.kind == "renewal_check", Task.state == "open", Task.due_at < demo.clock.now()
            )
        )
        assert checks and checks >= 1  # a renewal check is waiting for the broker


def test_unassigned_and_stale_warm_sections_are_filled(demo: ServiceContext) -> None:
    due = due_list(demo)
    assert due.unassigned.count >= 1
    assert all(i.stage_name == "New" for i in due.unassigned.items)
    assert due.stale_warm.count >= 1
    assert max(i.days_without_contact for i in due.stale_warm.items) >= 20


def test_every_active_inquiry_has_an_open_task_and_next_follow_up(demo: ServiceContext) -> None:
    with demo.db.session() as session:
        for inquiry in session.scalars(select(Inquiry).where(Inquiry.status == "active")):
            open_due = session.scalars(
                select(Task.due_at).where(Task.inquiry_id == inquiry.id, Task.state == "open")
            ).all()
            assert open_due, f"active inquiry {inquiry.id} has no open task"
            assert inquiry.next_followup_at == min(open_due)


def test_state_is_what_the_services_would_leave(demo: ServiceContext) -> None:
    now = demo.clock.now()
    with demo.db.session() as session:
        assert replan_all(session, now) == 0  # the periodic re-plan finds nothing to do
        for inquiry in session.scalars(select(Inquiry)):
            # The real re-plan at `now`, on any status, changes no task and no score.
            before = (inquiry.score, inquiry.score_breakdown, inquiry.next_followup_at)
            plan = replan(session, inquiry, now)
            assert plan.is_empty, f"inquiry {inquiry.id}: {plan}"
            assert (inquiry.score, inquiry.score_breakdown, inquiry.next_followup_at) == before
            history = session.scalars(
                select(StageChange)
                .where(StageChange.inquiry_id == inquiry.id)
                .order_by(StageChange.changed_at, StageChange.id)
            ).all()
            assert history[0].from_stage_id is None
            assert history[0].changed_at == inquiry.created_at
            assert history[-1].to_stage_id == inquiry.stage_id
            assert history[-1].changed_at == inquiry.stage_entered_at
            assert all(a.to_stage_id == b.from_stage_id for a, b in pairwise(history))
            assert inquiry.created_at < now
            assert 0 < inquiry.score <= 100 and json.loads(inquiry.score_breakdown)
            if inquiry.status == "won":
                assert inquiry.outcome and inquiry.funded_at is not None
            if inquiry.status == "lost":
                assert inquiry.lost_reason and inquiry.closed_at is not None
        late = session.scalar(select(func.count()).where(Interaction.occurred_at > now))
        assert late == 0
        answered = session.scalars(
            select(Inquiry).where(Inquiry.first_response_at.is_not(None))
        ).all()
        delays = sorted(i.first_response_at - i.created_at for i in answered if i.first_response_at)
        assert delays[0] < timedelta(hours=1) < timedelta(days=1) < delays[-1]
        never = session.scalar(select(func.count()).where(Inquiry.first_response_at.is_(None)))
        assert never and never >= 1
        batch = session.scalars(select(ImportBatch).where(ImportBatch.kind == "demo")).one()
        assert json.loads(batch.summary)["contacts"] == 300


def test_people_look_real(demo: ServiceContext) -> None:
    with demo.db.session() as session:
        contacts = session.scalars(select(Contact)).all()
        assert {c.first_name for c in contacts} <= set(FIRST_NAMES)
        assert {c.last_name for c in contacts} <= set(LAST_NAMES)
        assert len({(c.first_name, c.last_name) for c in contacts}) > 200
        for phone in session.scalars(select(ContactPhone)):
            assert normalize_phone(phone.raw, "CA").e164 == phone.e164
            assert phone.e164.startswith("+1") and phone.e164[5:8] == "555"
        emails = session.scalars(select(ContactEmail.email)).all()
        assert len(emails) == len(set(emails))
        assert all(normalize_email(e) == e for e in emails)
        levels = set(session.scalars(select(Consent.level)))
        assert levels == {"express", "implied", "none"}
        assert session.scalar(select(func.count()).where(Contact.do_not_contact.is_(True)))
        partners = session.scalars(select(ReferralPartner)).all()
        assert len(partners) == 10
        assert {p.kind for p in partners} >= {"realtor", "lawyer", "financial_planner"}
        assert all(p.contact.role == "partner" and p.contact.company for p in partners)
        referred = session.scalars(
            select(Inquiry).join(Source).where(Source.key == "referral_partner")
        ).all()
        assert referred and all(i.partner_id is not None for i in referred)


def names(path: Path, seed: int) -> list[tuple[str, str]]:
    context = open_context(path, FixedClock(current=DEMO_NOW))
    try:
        generate_demo(context, contacts=60, seed=seed)
        with context.db.session() as session:
            rows = session.execute(
                select(Contact.first_name, Contact.last_name).order_by(Contact.id)
            )
            return [(first, last) for first, last in rows]
    finally:
        context.db.close()


def test_same_seed_gives_the_same_people(db_template: Path, tmp_path: Path) -> None:
    paths = []
    for name in ("a.db", "b.db", "c.db"):
        shutil.copyfile(db_template, tmp_path / name)
        paths.append(tmp_path / name)
    first, again, other = names(paths[0], 7), names(paths[1], 7), names(paths[2], 8)
    assert len(first) == 60
    assert first == again
    assert first != other


def test_a_second_run_is_refused_and_changes_nothing(demo: ServiceContext) -> None:
    def counts() -> dict[str, int]:
        with demo.db.session() as session:
            return {
                m.__tablename__: int(session.scalar(select(func.count()).select_from(m)) or 0)
                for m in (Contact, Inquiry, Task, Interaction, ImportBatch)
            }

    before = counts()
    with pytest.raises(InvalidInput, match="already has demo data"):
        generate_demo(demo)
    assert counts() == before


def test_a_database_with_real_contacts_is_refused(ctx: ServiceContext) -> None:
    create_contact(ctx, ContactInput(first_name="Real", last_name="Client"))
    with pytest.raises(InvalidInput, match="already has contacts"):
        generate_demo(ctx)
    with ctx.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 1


def test_too_small_a_demo_is_refused(ctx: ServiceContext) -> None:
    with pytest.raises(InvalidInput, match="between 40 and"):
        generate_demo(ctx, contacts=5)


def test_the_smallest_demo_still_shows_everything(ctx: ServiceContext) -> None:
    summary = generate_demo(ctx, contacts=40, seed=1)
    assert (summary.contacts, summary.partners) == (40, 3)
    assert summary.tasks > summary.inquiries and summary.interactions > summary.inquiries
    with ctx.db.session() as session:
        assert keys_in_use(session, InquiryType) == set(session.scalars(select(InquiryType.key)))
        assert keys_in_use(session, Source) == set(session.scalars(select(Source.key)))
        used = session.scalars(select(func.count(func.distinct(Inquiry.stage_id)))).one()
        assert used == session.scalar(select(func.count(Stage.id)))
    due = due_list(ctx)
    assert due.overdue.count and due.due_today.count
    assert due.unassigned.count and due.stale_warm.count
