"""Data shapes of the follow-up engine: snapshots in, plans out, parsed rules.

The engine lives in `followup_rules.py`; the JSON parser in `followup_config.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.domain.enums import (
    ChecklistStatus,
    InquiryStatus,
    StageKind,
    TaskKind,
    TaskState,
)

# --- what the service layer passes in -------------------------------------------------------


@dataclass(frozen=True)
class TaskSnapshot:
    """One existing task of the inquiry, in any state."""

    id: int
    rule_key: str | None  # None for tasks the broker made by hand
    kind: TaskKind
    state: TaskState
    due_at: datetime
    done_at: datetime | None
    checklist_item_id: int | None


@dataclass(frozen=True)
class ChecklistSnapshot:
    """One checklist item of the inquiry."""

    id: int
    name: str
    status: ChecklistStatus
    requested_at: datetime | None


@dataclass(frozen=True)
class InquirySnapshot:
    """Everything the engine needs to know about one inquiry at one moment."""

    id: int
    type_key: str
    status: InquiryStatus
    stage_key: str
    stage_kind: StageKind
    stage_is_warm: bool
    stage_followup_days: int
    created_at: datetime
    stage_entered_at: datetime
    last_contact_at: datetime | None  # last interaction of any direction (not system)
    last_inbound_at: datetime | None  # last inbound interaction (a reply)
    term_maturity_date: date | None
    funded_at: datetime | None
    cadence_stopped_at: datetime | None
    tasks: tuple[TaskSnapshot, ...]
    checklist: tuple[ChecklistSnapshot, ...]
    stage_name: str = ""  # display name for titles; the key is used when empty


# --- what the engine hands back -------------------------------------------------------------


@dataclass(frozen=True)
class TaskToCreate:
    """A task the service layer should insert (origin: rule)."""

    rule_key: str
    kind: TaskKind
    title: str
    due_at: datetime
    checklist_item_id: int | None = None


@dataclass(frozen=True)
class FollowupPlan:
    """The changes one planning pass asks for. An empty plan means nothing to do."""

    create: tuple[TaskToCreate, ...]
    cancel: tuple[int, ...]  # ids of open rule tasks that must be cancelled
    stop_cadence_reason: str | None  # "reply", "stage_change" or "closed" when stopped now

    @property
    def is_empty(self) -> bool:
        """True when applying the plan would change nothing."""
        return not self.create and not self.cancel and self.stop_cadence_reason is None


# --- parsed rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CadenceStep:
    """One touch of the new-lead cadence, `offset` after the inquiry was created."""

    offset: timedelta
    kind: TaskKind
    title: str  # may use {n} (step number) and {total} (number of steps)


@dataclass(frozen=True)
class NewLeadRule:
    """Speed to lead: a fixed series of touches, one open at a time, until a stop event."""

    key: str
    name: str
    steps: tuple[CadenceStep, ...]
    stop_on: frozenset[str]  # subset of {"reply", "stage_change"}; "closed" always stops
    first_stage: str  # the stage a fresh inquiry sits in


@dataclass(frozen=True)
class DocumentNagRule:
    """Nag a requested checklist item after `after_days`, then every `repeat_days`."""

    key: str
    name: str
    after_days: int
    repeat_days: int | None  # None: nag once
    max_nags: int | None  # None: until the item arrives
    title: str  # may use {item} and {ago}


@dataclass(frozen=True)
class RenewalRule:
    """Renewal checks `days_before` the term maturity date, created up front."""

    key: str
    name: str
    days_before: tuple[int, ...]  # sorted, largest first
    hour_utc: int
    title: str  # may use {days} and {maturity}


@dataclass(frozen=True)
class StaleRule:
    """A warm inquiry with no contact for `after_days` gets a reconnect call."""

    key: str
    name: str
    after_days: int
    title: str  # may use {days}


@dataclass(frozen=True)
class AnniversaryRule:
    """Check-in calls on funding anniversaries, one open at a time."""

    key: str
    name: str
    years: tuple[int, ...]  # sorted, smallest first
    title: str  # may use {n} and {ordinal}


@dataclass(frozen=True)
class StageNextRule:
    """The safety net: an active inquiry is never left without an open task."""

    key: str
    name: str
    title: str  # may use {stage}
    waiting_title: str  # used when the stage kind is "waiting"; may use {stage}


@dataclass(frozen=True)
class FollowupRules:
    """The active rule of each kind, or None when that kind is absent or switched off.

    A kind that is None produces no tasks, and its open tasks are cancelled.
    """

    new_lead: NewLeadRule | None = None
    document_nag: DocumentNagRule | None = None
    renewal: RenewalRule | None = None
    stale: StaleRule | None = None
    anniversary: AnniversaryRule | None = None
    stage_next: StageNextRule | None = None
