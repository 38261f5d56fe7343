"""Tests of the pure follow-up engine: simulations, each rule, idempotency, bad config."""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.domain.enums import ChecklistStatus, InquiryStatus, StageKind, TaskKind, TaskState
from app.domain.followup_model import (
    ChecklistSnapshot,
    InquirySnapshot,
    TaskSnapshot,
    TaskToCreate,
)
from app.domain.followup_rules import FollowupPlan, FollowupRules, load_rules, plan_followups

DEFAULTS_PATH = Path(__file__).resolve().parents[2] / "resources/defaults/followup_rules.json"
DEFAULT_CONFIG: dict[str, Any] = json.loads(DEFAULTS_PATH.read_text(encoding="utf-8"))
RULES = load_rules(DEFAULT_CONFIG)
T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def rules_only(*kinds: str) -> FollowupRules:
    """The default rules restricted to some kinds, to test one rule without the others."""
    return load_rules({k: v for k, v in DEFAULT_CONFIG.items() if v["kind"] in kinds})


def make_inquiry(**changes: Any) -> InquirySnapshot:
    base = InquirySnapshot(
        id=1,
        type_key="purchase",
        status=InquiryStatus.ACTIVE,
        stage_key="new",
        stage_kind=StageKind.OPEN,
        stage_is_warm=False,
        stage_followup_days=2,
        created_at=T0,
        stage_entered_at=T0,
        last_contact_at=None,
        last_inbound_at=None,
        term_maturity_date=None,
        funded_at=None,
        cadence_stopped_at=None,
        tasks=(),
        checklist=(),
    )
    return replace(base, **changes)


def make_task(
    task_id: int,
    key: str | None,
    state: TaskState = TaskState.OPEN,
    due: datetime = T0,
    done: datetime | None = None,
    kind: TaskKind = TaskKind.CALL,
    item: int | None = None,
) -> TaskSnapshot:
    return TaskSnapshot(task_id, key, kind, state, due, done, item)


@dataclass
class Store:
    """A tiny in-memory stand-in for the service layer: applies plans, plays the broker."""

    inquiry: InquirySnapshot
    rules: FollowupRules = RULES
    next_id: int = 1000
    created: list[tuple[datetime, TaskToCreate]] = field(default_factory=list)
    completed: list[tuple[datetime, TaskSnapshot]] = field(default_factory=list)
    stop_reasons: list[tuple[datetime, str]] = field(default_factory=list)

    def apply(self, plan: FollowupPlan, now: datetime) -> None:
        tasks = list(self.inquiry.tasks)
        for i, task in enumerate(tasks):
            if task.id in plan.cancel:
                assert task.state is TaskState.OPEN and task.rule_key is not None
                tasks[i] = replace(task, state=TaskState.CANCELLED, done_at=now)
        for new in plan.create:
            self.next_id += 1
            snap = TaskSnapshot(
                self.next_id,
                new.rule_key,
                new.kind,
                TaskState.OPEN,
                new.due_at,
                None,
                new.checklist_item_id,
            )
            tasks.append(snap)
            self.created.append((now, new))
        stopped = self.inquiry.cadence_stopped_at
        if plan.stop_cadence_reason is not None:
            self.stop_reasons.append((now, plan.stop_cadence_reason))
            stopped = now
        self.inquiry = replace(self.inquiry, tasks=tuple(tasks), cadence_stopped_at=stopped)

    def sync(self, now: datetime) -> FollowupPlan:
        plan = plan_followups(self.inquiry, self.rules, now)
        assert plan_followups(self.inquiry, self.rules, now) == plan  # same input, same plan
        self.apply(plan, now)
        assert plan_followups(self.inquiry, self.rules, now).is_empty  # applied: nothing left
        return plan

    def complete_due(self, now: datetime) -> None:
        """The broker does every open task that is due, and logs the outbound contact."""
        tasks = list(self.inquiry.tasks)
        contacted = self.inquiry.last_contact_at
        for i, task in enumerate(tasks):
            if task.state is TaskState.OPEN and task.due_at <= now:
                tasks[i] = replace(task, state=TaskState.DONE, done_at=now)
                self.completed.append((now, tasks[i]))
                contacted = now
        self.inquiry = replace(self.inquiry, tasks=tuple(tasks), last_contact_at=contacted)

    def open_tasks(self) -> list[TaskSnapshot]:
        return [t for t in self.inquiry.tasks if t.state is TaskState.OPEN]

    def keys(self, prefix: str) -> list[str]:
        return [k for t in self.inquiry.tasks if (k := t.rule_key or "").startswith(prefix)]


def simulate(store: Store, hours: int, events: dict[int, dict[str, Any]] | None = None) -> None:
    """Step the clock hour by hour: sync, let the broker work, sync again."""
    for hour in range(hours + 1):
        now = T0 + hour * HOUR
        if events and hour in events:
            store.inquiry = replace(store.inquiry, **events[hour])
        store.sync(now)
        store.complete_due(now)
        store.sync(now)
        cadence_open = [t for t in store.open_tasks() if (t.rule_key or "").startswith("new_lead")]
        assert len(cadence_open) <= 1
        if store.inquiry.status is InquiryStatus.ACTIVE:
            assert store.open_tasks(), f"no open task at hour {hour}"


def day_of(moment: datetime) -> int:
    return (moment - T0) // DAY


# --- speed to lead --------------------------------------------------------------------------


def test_default_config_has_twelve_touches() -> None:
    assert RULES.new_lead is not None and len(RULES.new_lead.steps) == 12
    assert all(getattr(RULES, kind) is not None for kind in ("document_nag", "stage_next"))


def test_sixty_day_cadence_touches_on_the_right_days() -> None:
    store = Store(make_inquiry())
    simulate(store, hours=60 * 24 + 2)
    done = [
        (day_of(at), t.kind)
        for at, t in store.completed
        if (t.rule_key or "").startswith("new_lead")
    ]
    assert done == [
        (0, TaskKind.CALL),
        (0, TaskKind.EMAIL),
        (1, TaskKind.CALL),
        (3, TaskKind.EMAIL),
        (7, TaskKind.CALL),
        (14, TaskKind.EMAIL),
        (30, TaskKind.CALL),
        (45, TaskKind.EMAIL),
        (60, TaskKind.CALL),
    ]
    assert [at for at, t in store.completed][:2] == [T0, T0 + HOUR]
    assert store.keys("new_lead:") == [f"new_lead:{k}" for k in range(1, 11)]
    assert store.keys("next:") == []  # the cadence itself is the next step
    assert store.stop_reasons == []
    titles = [t.title for _, t in store.created]
    assert titles[0] == "Call new lead now"
    assert "Call new lead (attempt 3 of 12)" in titles


def test_inbound_reply_on_day_four_stops_the_cadence() -> None:
    reply_hour = 4 * 24 + 3
    reply_at = T0 + reply_hour * HOUR
    store = Store(make_inquiry())
    reply = {"last_inbound_at": reply_at, "last_contact_at": reply_at}
    simulate(store, 30 * 24, {reply_hour: reply})
    assert store.stop_reasons == [(reply_at, "reply")]
    assert all(at < reply_at for at, t in store.created if t.rule_key.startswith("new_lead:"))
    cancelled = [t for t in store.inquiry.tasks if t.state is TaskState.CANCELLED]
    assert [t.rule_key for t in cancelled] == ["new_lead:5"]
    follow_ups = [(at, t) for at, t in store.created if t.rule_key.startswith("next:")]
    assert follow_ups and follow_ups[0][0] == reply_at
    assert follow_ups[0][1].kind is TaskKind.FOLLOW_UP
    assert follow_ups[0][1].due_at == reply_at + 2 * DAY  # stage_followup_days
    assert store.inquiry.cadence_stopped_at == reply_at


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"stage_key": "contacted", "stage_entered_at": T0 + DAY}, "stage_change"),
        ({"stage_entered_at": T0 + DAY}, "stage_change"),
        ({"status": InquiryStatus.LOST}, "closed"),
        ({"status": InquiryStatus.ON_HOLD}, "closed"),
        ({"last_inbound_at": T0 + DAY}, "reply"),
    ],
)
def test_cadence_stop_events(changes: dict[str, Any], reason: str) -> None:
    tasks = (make_task(1, "new_lead:1", TaskState.DONE, done=T0), make_task(2, "new_lead:2"))
    plan = plan_followups(make_inquiry(tasks=tasks, **changes), RULES, T0 + 2 * DAY)
    assert plan.stop_cadence_reason == reason
    assert 2 in plan.cancel
    assert not any(t.rule_key.startswith("new_lead:") for t in plan.create)


def test_same_moment_inbound_is_the_inquiry_itself_not_a_reply() -> None:
    inquiry = make_inquiry(last_inbound_at=T0 + timedelta(seconds=2))
    plan = plan_followups(inquiry, RULES, T0)
    assert plan.stop_cadence_reason is None
    assert [t.rule_key for t in plan.create] == ["new_lead:1"]


def test_already_stopped_cadence_only_sweeps_leftovers() -> None:
    inquiry = make_inquiry(cadence_stopped_at=T0 + DAY, tasks=(make_task(5, "new_lead:3"),))
    plan = plan_followups(inquiry, RULES, T0 + 2 * DAY)
    assert plan.cancel == (5,)
    assert plan.stop_cadence_reason is None
    assert [t.rule_key[:5] for t in plan.create] == ["next:"]


def test_finished_cadence_is_not_stopped_and_falls_back_to_next_step() -> None:
    done = tuple(
        make_task(k, f"new_lead:{k}", TaskState.DONE, done=T0 + k * DAY) for k in range(1, 13)
    )
    now = T0 + 130 * DAY
    plan = plan_followups(make_inquiry(tasks=done, last_inbound_at=now), RULES, now)
    assert plan.stop_cadence_reason is None
    assert [(t.rule_key, t.kind) for t in plan.create] == [
        ("next:new:2026-07-10T14:00", TaskKind.FOLLOW_UP)
    ]


def test_late_step_is_due_now_and_cancelled_step_advances() -> None:
    tasks = (make_task(1, "new_lead:1", TaskState.CANCELLED, done=T0),)
    now = T0 + 5 * HOUR
    (created,) = plan_followups(make_inquiry(tasks=tasks), RULES, now).create
    assert (created.rule_key, created.kind, created.due_at) == ("new_lead:2", TaskKind.EMAIL, now)


# --- document nags --------------------------------------------------------------------------


def test_document_nag_timing_repeat_and_cancel_on_receipt() -> None:
    stubs = ChecklistSnapshot(7, "Pay stubs", ChecklistStatus.REQUESTED, T0)
    inquiry = make_inquiry(stage_key="collecting_documents", checklist=(stubs,))
    store = Store(inquiry, rules_only("document_nag"))
    for day in range(12):
        now = T0 + day * DAY
        if day == 8:
            received = replace(stubs, status=ChecklistStatus.RECEIVED)
            store.inquiry = replace(store.inquiry, checklist=(received,))
        store.sync(now)
        store.complete_due(now)
        store.sync(now)
    nags = [(day_of(at), day_of(t.due_at), t.rule_key) for at, t in store.created]
    assert nags == [(0, 3, "doc:7:1"), (3, 6, "doc:7:2"), (6, 9, "doc:7:3")]
    assert store.created[0][1].title == "Nag: Pay stubs requested 3 days ago"
    assert store.created[1][1].title == "Nag: Pay stubs requested 6 days ago"
    assert store.created[0][1].checklist_item_id == 7
    states = {t.rule_key: t.state for t in store.inquiry.tasks}
    assert states == {
        "doc:7:1": TaskState.DONE,
        "doc:7:2": TaskState.DONE,
        "doc:7:3": TaskState.CANCELLED,
    }


def test_late_nag_repeats_from_when_it_was_done() -> None:
    stubs = ChecklistSnapshot(7, "Pay stubs", ChecklistStatus.REQUESTED, T0)
    done = make_task(1, "doc:7:1", TaskState.DONE, due=T0 + 3 * DAY, done=T0 + 5 * DAY)
    inquiry = make_inquiry(checklist=(stubs,), tasks=(done,))
    (nag,) = plan_followups(inquiry, rules_only("document_nag"), T0 + 5 * DAY).create
    assert (nag.rule_key, nag.due_at) == ("doc:7:2", T0 + 8 * DAY)


def test_old_request_is_nagged_now_and_other_statuses_are_not() -> None:
    items = (
        ChecklistSnapshot(1, "ID", ChecklistStatus.REQUESTED, T0 - 10 * DAY),
        ChecklistSnapshot(2, "Tax returns", ChecklistStatus.MISSING, None),
        ChecklistSnapshot(3, "Bank statements", ChecklistStatus.VERIFIED, T0 - 10 * DAY),
    )
    plan = plan_followups(make_inquiry(checklist=items), rules_only("document_nag"), T0)
    assert [(t.rule_key, t.due_at) for t in plan.create] == [("doc:1:1", T0)]
    assert plan.create[0].title == "Nag: ID requested 10 days ago"


# --- renewals -------------------------------------------------------------------------------


def test_renewal_checks_created_up_front() -> None:
    maturity = date(2026, 12, 31)
    plan = plan_followups(make_inquiry(term_maturity_date=maturity), rules_only("renewal"), T0)
    got = [(t.rule_key, t.kind, t.due_at) for t in plan.create]
    assert got == [
        ("renewal:120:2026-12-31", TaskKind.RENEWAL_CHECK, datetime(2026, 9, 2, 9, tzinfo=UTC)),
        ("renewal:90:2026-12-31", TaskKind.RENEWAL_CHECK, datetime(2026, 10, 2, 9, tzinfo=UTC)),
        ("renewal:60:2026-12-31", TaskKind.RENEWAL_CHECK, datetime(2026, 11, 1, 9, tzinfo=UTC)),
    ]
    assert plan.create[1].title == "Renewal check: term matures in 90 days (2026-12-31)"


def test_renewal_seen_seventy_days_out_gets_the_ninety_now_and_the_sixty() -> None:
    maturity = (T0 + 70 * DAY).date()
    store = Store(
        make_inquiry(term_maturity_date=maturity, status=InquiryStatus.WON), rules_only("renewal")
    )
    store.sync(T0)
    got = [(t.rule_key, t.due_at) for _, t in store.created]
    assert got == [
        (f"renewal:90:{maturity}", T0),
        (f"renewal:60:{maturity}", datetime(2026, 3, 12, 9, tzinfo=UTC)),
    ]
    store.complete_due(T0)
    store.sync(T0 + DAY)  # the skipped 120 never comes back
    assert len(store.created) == 2


def test_renewal_after_maturity_or_lost() -> None:
    past = make_inquiry(term_maturity_date=(T0 - DAY).date())
    assert plan_followups(past, rules_only("renewal"), T0).is_empty
    lost = make_inquiry(
        term_maturity_date=(T0 + 200 * DAY).date(),
        status=InquiryStatus.LOST,
        tasks=(make_task(4, "renewal:120", due=T0 + 80 * DAY, kind=TaskKind.RENEWAL_CHECK),),
    )
    plan = plan_followups(lost, rules_only("renewal"), T0)
    assert plan.cancel == (4,) and plan.create == ()


def test_corrected_maturity_date_replans_the_renewal_checks() -> None:
    wrong, right = date(2026, 12, 31), date(2027, 2, 28)
    store = Store(make_inquiry(term_maturity_date=wrong), rules_only("renewal"))
    store.sync(T0)
    store.inquiry = replace(store.inquiry, term_maturity_date=right)
    store.sync(T0 + DAY)
    open_keys = sorted(t.rule_key or "" for t in store.open_tasks())
    assert open_keys == [f"renewal:{d}:2027-02-28" for d in (120, 60, 90)]
    old = [t for t in store.inquiry.tasks if (t.rule_key or "").endswith(str(wrong))]
    assert len(old) == 3 and all(t.state is TaskState.CANCELLED for t in old)


# --- stale warm -----------------------------------------------------------------------------


def test_stale_warm_inquiry_gets_one_reconnect_call() -> None:
    last = T0 - 14 * DAY
    inquiry = make_inquiry(stage_key="qualified", stage_is_warm=True, last_contact_at=last)
    rules = rules_only("stale")
    (task,) = plan_followups(inquiry, rules, T0).create
    assert (task.rule_key, task.kind, task.due_at) == ("stale:2026-02-16", TaskKind.CALL, T0)
    assert task.title == "Reconnect: no contact for 14 days"
    assert plan_followups(replace(inquiry, last_contact_at=T0 - 13 * DAY), rules, T0).is_empty
    assert plan_followups(replace(inquiry, stage_is_warm=False), rules, T0).is_empty
    done = make_task(3, task.rule_key, TaskState.DONE, done=T0)  # done without logging contact
    assert plan_followups(replace(inquiry, tasks=(done,)), rules, T0 + DAY).is_empty
    contacted = replace(inquiry, last_contact_at=T0 + DAY, tasks=(make_task(3, task.rule_key),))
    assert plan_followups(contacted, rules, T0 + DAY).cancel == (3,)


def test_stale_uses_created_at_when_never_contacted() -> None:
    inquiry = make_inquiry(stage_is_warm=True, created_at=T0 - 20 * DAY)
    (task,) = plan_followups(inquiry, rules_only("stale"), T0).create
    assert task.rule_key == "stale:2026-02-10"


# --- anniversaries --------------------------------------------------------------------------


def test_anniversaries_one_at_a_time() -> None:
    funded = datetime(2026, 5, 1, 15, tzinfo=UTC)
    store = Store(
        make_inquiry(status=InquiryStatus.WON, funded_at=funded), rules_only("anniversary")
    )
    for year in range(7):
        now = funded + timedelta(days=365 * year + 2)
        store.sync(now)
        assert len(store.open_tasks()) <= 1
        store.complete_due(now)
        store.sync(now)
    got = [(t.rule_key, t.kind, t.due_at.year) for _, t in store.created]
    assert got == [(f"anniversary:{n}", TaskKind.CALL, 2026 + n) for n in range(1, 6)]
    assert store.created[1][1].title == "Check in: 2nd funding anniversary"


def test_anniversary_skips_past_years_and_handles_leap_day() -> None:
    funded = datetime(2024, 2, 29, 12, tzinfo=UTC)
    inquiry = make_inquiry(status=InquiryStatus.WON, funded_at=funded)
    (task,) = plan_followups(inquiry, rules_only("anniversary"), T0).create
    assert (task.rule_key, task.due_at) == ("anniversary:3", datetime(2027, 2, 28, 12, tzinfo=UTC))
    reopened = replace(inquiry, status=InquiryStatus.ACTIVE, tasks=(make_task(9, "anniversary:3"),))
    assert plan_followups(reopened, rules_only("anniversary"), T0).cancel == (9,)


# --- never without a next step, inactive rules, idempotency ---------------------------------


def test_waiting_stage_next_step_and_stage_change_replans() -> None:
    inquiry = make_inquiry(
        stage_key="waiting",
        stage_kind=StageKind.WAITING,
        stage_followup_days=5,
        cadence_stopped_at=T0,
    )
    (task,) = plan_followups(inquiry, RULES, T0 + DAY).create
    assert task.title == "Check in: waiting on client"
    assert (task.rule_key, task.due_at) == ("next:waiting:2026-03-03T14:00", T0 + 6 * DAY)
    moved = replace(
        inquiry,
        stage_key="application",
        stage_kind=StageKind.OPEN,
        tasks=(make_task(2, task.rule_key, kind=TaskKind.FOLLOW_UP),),
    )
    plan = plan_followups(moved, RULES, T0 + 2 * DAY)
    assert plan.cancel == (2,)
    assert [t.title for t in plan.create] == ["Follow up: next step (application)"]


def test_broker_task_counts_as_a_next_step_and_is_never_cancelled() -> None:
    mine = make_task(1, None, due=T0 + 9 * DAY)
    inquiry = make_inquiry(
        stage_key="contacted", cadence_stopped_at=T0, tasks=(mine,), status=InquiryStatus.LOST
    )
    assert plan_followups(inquiry, RULES, T0 + DAY).is_empty
    active = replace(inquiry, status=InquiryStatus.ACTIVE)
    assert plan_followups(active, RULES, T0 + DAY).is_empty


def test_inactive_rule_makes_nothing_and_cancels_its_open_tasks() -> None:
    config = copy.deepcopy(DEFAULT_CONFIG)
    config["speed_to_lead"]["active"] = False
    config["next_step"]["active"] = False
    rules = load_rules(config)
    assert rules.new_lead is None
    inquiry = make_inquiry(tasks=(make_task(3, "new_lead:2"), make_task(4, "next:new:x")))
    plan = plan_followups(inquiry, rules, T0)
    assert plan == FollowupPlan(create=(), cancel=(3, 4), stop_cadence_reason=None)


def _random_inquiry(rng: random.Random) -> InquirySnapshot:
    now_offset = rng.randint(0, 400) * DAY + rng.randint(0, 23) * HOUR
    created = T0 - now_offset
    pool = [
        "new_lead:1",
        "new_lead:2",
        "new_lead:12",
        "doc:1:1",
        "doc:2:1",
        "doc:2:2",
        "renewal:120:2026-12-31",
        "renewal:60:2026-12-31",
        "stale:2026-01-01",
        "anniversary:1",
        "next:new:x",
        "next:contacted:y",
        None,
        None,
    ]
    tasks = tuple(
        make_task(
            i,
            key,
            rng.choice(list(TaskState)),
            due=created + rng.randint(0, 90) * DAY,
            done=created + rng.randint(0, 90) * DAY,
        )
        for i, key in enumerate(rng.sample(pool, rng.randint(0, 6)), start=1)
    )
    items = tuple(
        ChecklistSnapshot(
            i,
            f"Item {i}",
            rng.choice(list(ChecklistStatus)),
            rng.choice([None, created + rng.randint(0, 30) * DAY]),
        )
        for i in (1, 2, 3)[: rng.randint(0, 3)]
    )

    def maybe(moment: datetime) -> datetime | None:
        return rng.choice([None, moment])

    return make_inquiry(
        # mostly active: that is where "never without a next step" has to hold
        status=InquiryStatus.ACTIVE if rng.random() < 0.6 else rng.choice(list(InquiryStatus)),
        stage_key=rng.choice(["new", "contacted", "waiting"]),
        stage_kind=rng.choice(list(StageKind)),
        stage_is_warm=rng.random() < 0.5,
        stage_followup_days=rng.randint(0, 10),
        created_at=created,
        stage_entered_at=created + rng.choice([0, 3]) * DAY,
        last_contact_at=maybe(created + rng.randint(0, 60) * DAY),
        last_inbound_at=maybe(created + rng.randint(0, 60) * DAY),
        term_maturity_date=rng.choice([None, (T0 + rng.randint(-30, 400) * DAY).date()]),
        funded_at=maybe(created + rng.randint(0, 30) * DAY),
        cadence_stopped_at=maybe(created + DAY),
        tasks=tasks,
        checklist=items,
    )


@pytest.mark.parametrize("seed", range(300))
def test_property_never_without_next_step_and_idempotent(seed: int) -> None:
    rng = random.Random(seed)
    store = Store(_random_inquiry(rng))
    before = {t.id: t for t in store.inquiry.tasks}
    plan = store.sync(T0)  # asserts: same plan twice, and empty after applying
    for task_id in plan.cancel:
        assert before[task_id].state is TaskState.OPEN and before[task_id].rule_key is not None
    used = {t.rule_key for t in before.values()}
    assert not any(t.rule_key in used for t in plan.create)
    assert len({t.rule_key for t in plan.create}) == len(plan.create)
    if store.inquiry.status is InquiryStatus.ACTIVE:
        assert store.open_tasks()


# --- bad config -----------------------------------------------------------------------------


def _broken(rule: str, **changes: Any) -> dict[str, Any]:
    config = copy.deepcopy(DEFAULT_CONFIG)
    config[rule].update(changes)
    return config


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ([], "JSON object"),
        ({"x": "nope"}, "'x': must be an object"),
        ({"x": {"kind": "telepathy", "name": "X"}}, "'kind' must be one of"),
        (_broken("stale_warm", name=""), "'name'"),
        (_broken("stale_warm", after_days=-1), "at least 1"),
        (_broken("stale_warm", after_days=True), "whole number"),
        (_broken("stale_warm", after_day=3), "unknown setting"),
        (_broken("stale_warm", active="yes"), "'active'"),
        (_broken("stale_warm", title="No contact for {weeks} weeks"), "not a valid title"),
        (_broken("speed_to_lead", steps=[]), "non-empty list"),
        (_broken("speed_to_lead", steps=[{"kind": "call", "title": "x"}]), "exactly one"),
        (
            _broken("speed_to_lead", steps=[{"after_days": 1, "kind": "fax", "title": "x"}]),
            "step 1: 'kind'",
        ),
        (
            _broken(
                "speed_to_lead",
                steps=[
                    {"after_days": 2, "kind": "call", "title": "a"},
                    {"after_days": 1, "kind": "call", "title": "b"},
                ],
            ),
            "time order",
        ),
        (_broken("speed_to_lead", stop_on=["rain"]), "stop_on"),
        (_broken("renewal", days_before=[90, 90]), "repeated"),
        (_broken("renewal", hour_utc=24), "0..23"),
        (_broken("anniversary", years=[]), "non-empty list"),
        (
            {**DEFAULT_CONFIG, "again": {"kind": "stale", "name": "Again", "after_days": 3}},
            "both active",
        ),
    ],
)
def test_bad_config_raises_readable_value_error(config: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_rules(config)


def test_switched_off_duplicate_is_allowed() -> None:
    config = {
        **DEFAULT_CONFIG,
        "again": {"kind": "stale", "name": "Again", "active": False, "after_days": 3},
    }
    assert load_rules(config).stale == RULES.stale
