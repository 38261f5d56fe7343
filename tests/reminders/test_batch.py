"""Grouping and headlines, and that every way of naming a category agrees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.db.models import Task
from app.reminders.batch import Category, Reminder, category_of, make_batch
from app.reminders.derive import category_column, due_reminders
from app.reminders.working_hours import WorkingHours
from app.services.context import ServiceContext

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def _item(n: int, category: Category = "follow_up") -> Reminder:
    return Reminder(
        task_id=n,
        inquiry_id=n,
        contact_name="Maria Gonzalez",
        kind="call",
        category=category,
        title=f"Call back #{n}",
        due_at=T0 + timedelta(minutes=n),
    )


def test_three_at_once_pop_up_one_by_one() -> None:
    items = tuple(_item(n) for n in range(3))
    batch = make_batch(items, {"follow_up": 3})
    assert not batch.grouped
    assert batch.headline == "3 follow-ups due"


def test_seven_at_once_become_one_grouped_popup() -> None:
    items = tuple(_item(n) for n in range(7))
    batch = make_batch(items, {"follow_up": 7})
    assert batch.grouped
    assert batch.headline == "7 follow-ups due"


def test_mixed_headline_names_each_kind_new_leads_first() -> None:
    counts: dict[Category, int] = {"document": 1, "follow_up": 3, "new_lead": 1}
    batch = make_batch((_item(1, "new_lead"),), counts)
    assert batch.headline == "5 reminders due: 1 new lead, 3 follow-ups, 1 document nag"
    assert list(batch.counts) == ["new_lead", "follow_up", "document"]


def test_a_single_reminder_says_who_and_what() -> None:
    batch = make_batch((_item(1, "renewal"),), {"renewal": 1})
    assert batch.headline == "Renewal check: Maria Gonzalez — Call back #1"
    assert not batch.grouped


def test_the_group_threshold_is_configurable() -> None:
    items = tuple(_item(n) for n in range(2))
    assert make_batch(items, {"follow_up": 2}, group_over=1).grouped


def test_nothing_due_is_an_empty_falsy_batch() -> None:
    batch = make_batch((), {})
    assert not batch and batch.total == 0 and batch.headline == ""


@pytest.mark.parametrize(
    ("kind", "rule_key", "category"),
    [
        ("call", "new_lead:1", "new_lead"),
        ("email", "new_lead:2", "follow_up"),  # later cadence steps wait for working hours
        ("call", "new_lead:3", "follow_up"),
        ("document_request", "doc:4:1", "document"),
        ("renewal_check", "renewal:90:2026-06-01", "renewal"),
        ("follow_up", "next:new:2026-03-02T09:00", "follow_up"),
        ("meeting", None, "follow_up"),
        ("document_request", None, "document"),
    ],
)
def test_sql_and_python_agree_on_the_category(
    rctx: ServiceContext, contact_id: int, kind: str, rule_key: str | None, category: str
) -> None:
    assert category_of(kind, rule_key) == category
    with rctx.db.session() as session:
        task = Task(
            contact_id=contact_id,
            kind=kind,
            title="t",
            rule_key=rule_key,
            due_at=T0,
            original_due_at=T0,
            created_at=T0,
        )
        session.add(task)
        session.flush()
        in_sql = session.scalar(select(category_column()).where(Task.id == task.id))
        batch = due_reminders(
            session,
            T0,
            tz=UTC,
            working_hours=WorkingHours.always(),
            new_lead_breaks_through=False,
        )
    assert in_sql == category
    assert batch.counts == {category: 1}
    assert [item.category for item in batch.items] == [category]
