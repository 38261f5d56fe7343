"""The plain objects a demo story works on, and how they become rows.

They mirror the inquiry, task and checklist rows closely; `save_inquiry` queues them for the
bulk insert once the story has been played.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from app.db.models import ChecklistItem, Inquiry, Interaction, Task
from app.domain.enums import ChecklistStatus, InquiryStatus, TaskKind, TaskState
from app.domain.followup_model import TaskSnapshot
from app.domain.followup_rules import FollowupRules
from app.domain.scoring import Score, ScoreInputs, score_inquiry, score_to_json
from app.services.demo_rows import DemoRows
from app.services.followups import DONE_CHECKLIST


@dataclass(frozen=True)
class StageInfo:
    id: int
    key: str
    name: str
    kind: str
    is_warm: bool
    followup_days: int


@dataclass(frozen=True)
class TypeInfo:
    id: int
    key: str
    name: str
    checklist: tuple[tuple[str, str, int, bool], ...]  # doc_key, name, position, required


@dataclass
class Desk:
    """What every story shares: the rows, the dice, the configuration and the clock."""

    rows: DemoRows
    rng: random.Random
    rules: FollowupRules
    stages: dict[str, StageInfo]
    types: dict[str, TypeInfo]
    sources: dict[str, int]
    owner_id: int | None
    owner_name: str | None
    now: datetime
    tz: tzinfo
    # (won, lost) per source key over the whole demo, as followups.source_record counts.
    source_counts: dict[str, tuple[int, int]] = field(default_factory=dict)

    def office(self, moment: datetime) -> datetime:
        """The next moment the broker works (weekdays 8:00-19:00 local, and often Saturday
        mornings: self-employed) at or after `moment`."""
        local = moment.astimezone(self.tz)
        jitter = timedelta(minutes=self.rng.randint(0, 90))
        if local.hour >= 19:
            local = datetime.combine(local.date() + timedelta(days=1), time(9), self.tz) + jitter
        elif local.hour < 8:
            local = datetime.combine(local.date(), time(8, 30), self.tz) + jitter
        catching_up = local.weekday() == 5 and local.hour < 13 and self.rng.random() < 0.6
        while local.weekday() >= 5 and not catching_up:
            local = datetime.combine(local.date() + timedelta(days=1), time(9), self.tz) + jitter
        return max(local.astimezone(moment.tzinfo), moment)


@dataclass
class SimTask:
    id: int
    rule_key: str | None
    kind: str
    title: str
    due_at: datetime
    created_at: datetime
    owner_id: int | None
    origin: str
    checklist_item_id: int | None = None
    state: str = TaskState.OPEN
    done_at: datetime | None = None
    cancelled_at: datetime | None = None
    planned: datetime | None = None  # when the broker will get to it (None: never)
    _snap: TaskSnapshot | None = None

    def snapshot(self) -> TaskSnapshot:
        if self._snap is None:
            self._snap = TaskSnapshot(
                id=self.id, rule_key=self.rule_key, kind=TaskKind(self.kind),
                state=TaskState(self.state), due_at=self.due_at, done_at=self.done_at,
                checklist_item_id=self.checklist_item_id,
            )  # fmt: skip
        return self._snap


@dataclass
class SimItem:
    id: int
    doc_key: str
    name: str
    position: int
    required: bool
    status: str = ChecklistStatus.MISSING
    requested_at: datetime | None = None
    received_at: datetime | None = None
    verified_at: datetime | None = None
    waived_at: datetime | None = None
    note: str = ""


@dataclass
class SimInquiry:
    id: int
    contact_id: int
    type: TypeInfo
    stage: StageInfo
    created_at: datetime
    source_key: str | None = None
    co_borrower_id: int | None = None
    partner_id: int | None = None
    owner_id: int | None = None
    status: str = InquiryStatus.ACTIVE
    priority: str = "normal"
    amount: Decimal | None = None
    property_value: Decimal | None = None
    down_payment: Decimal | None = None
    property_address: str = ""
    property_type: str = ""
    timeline: str = ""
    target_close_date: date | None = None
    rate_hold_expiry: date | None = None
    term_maturity_date: date | None = None
    outcome: str = ""
    lost_reason: str = ""
    notes: str = ""
    first_response_at: datetime | None = None
    last_contact_at: datetime | None = None
    last_inbound_at: datetime | None = None
    cadence_stopped_at: datetime | None = None
    cadence_stop_reason: str = ""
    funded_at: datetime | None = None
    closed_at: datetime | None = None
    tasks: list[SimTask] = field(default_factory=list)
    items: list[SimItem] = field(default_factory=list)
    stage_entered_at: datetime = field(init=False)
    updated_at: datetime = field(init=False)

    def __post_init__(self) -> None:
        self.stage_entered_at = self.updated_at = self.created_at


def log_interaction_row(
    rows: DemoRows,
    at: datetime,
    contact_id: int,
    inquiry_id: int | None,
    kind: str,
    direction: str,
    summary: str,
) -> None:
    """The interaction row (and audit entry) add_interaction writes."""
    row_id = rows.new_id(Interaction)
    rows.add(Interaction, id=row_id, contact_id=contact_id, inquiry_id=inquiry_id, kind=kind,
             direction=direction, occurred_at=at, summary=summary[:300], body="",
             message_id=None, created_at=at)  # fmt: skip
    rows.audit(at, "interaction", row_id, "create", new=f"{direction} {kind}")


def score(desk: Desk, inq: SimInquiry) -> Score:
    """The lead score at `now`, from exactly the inputs followups.rescore gathers."""
    now, inbound = desk.now, inq.last_inbound_at
    won, lost = desk.source_counts.get(inq.source_key or "", (0, 0))
    return score_inquiry(
        ScoreInputs(
            type_key=inq.type.key,
            target_close_date=inq.target_close_date,
            today=now.date(),
            source_won=won if inq.source_key else 0,
            source_lost=lost if inq.source_key else 0,
            days_since_last_inbound=None if inbound is None else max(0, (now - inbound).days),
            days_since_created=max(0, (now - inq.created_at).days),
            checklist_total=len(inq.items),
            checklist_done=sum(1 for i in inq.items if i.status in DONE_CHECKLIST),
        )
    )


def save_inquiry(desk: Desk, inq: SimInquiry) -> None:
    """Queue the inquiry (scored), its checklist and its tasks for the bulk insert."""
    rows = desk.rows
    open_due = [t.due_at for t in inq.tasks if t.state == TaskState.OPEN]
    points = score(desk, inq)
    rows.add(
        Inquiry, id=inq.id, contact_id=inq.contact_id, co_borrower_id=inq.co_borrower_id,
        type_id=inq.type.id, source_id=desk.sources.get(inq.source_key or ""),
        partner_id=inq.partner_id, owner_id=inq.owner_id, stage_id=inq.stage.id,
        status=str(inq.status), priority=inq.priority, score=points.total,
        score_breakdown=score_to_json(points),
        amount=inq.amount, property_value=inq.property_value,
        down_payment=inq.down_payment, property_address=inq.property_address,
        property_type=inq.property_type, timeline=inq.timeline,
        target_close_date=inq.target_close_date, rate_hold_expiry=inq.rate_hold_expiry,
        term_maturity_date=inq.term_maturity_date, outcome=inq.outcome,
        lost_reason=inq.lost_reason, notes=inq.notes, created_at=inq.created_at,
        updated_at=inq.updated_at, stage_entered_at=inq.stage_entered_at,
        first_response_at=inq.first_response_at, last_contact_at=inq.last_contact_at,
        last_inbound_at=inq.last_inbound_at, next_followup_at=min(open_due, default=None),
        cadence_stopped_at=inq.cadence_stopped_at,
        cadence_stop_reason=inq.cadence_stop_reason, funded_at=inq.funded_at,
        closed_at=inq.closed_at, archived_at=None,
    )  # fmt: skip
    for i in inq.items:
        rows.add(
            ChecklistItem, id=i.id, inquiry_id=inq.id, doc_key=i.doc_key, name=i.name,
            position=i.position, status=str(i.status), requested_at=i.requested_at,
            received_at=i.received_at, verified_at=i.verified_at, waived_at=i.waived_at,
            note=i.note, file_path="",
        )  # fmt: skip
    for t in inq.tasks:
        rows.add(
            Task, id=t.id, inquiry_id=inq.id, contact_id=inq.contact_id,
            owner_id=t.owner_id, checklist_item_id=t.checklist_item_id, kind=t.kind,
            title=t.title, notes="", state=str(t.state), origin=t.origin,
            rule_key=t.rule_key, due_at=t.due_at, original_due_at=t.due_at,
            snooze_count=0, created_at=t.created_at, done_at=t.done_at,
            cancelled_at=t.cancelled_at, notified_at=None,
        )  # fmt: skip
