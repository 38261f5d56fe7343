"""The plain values services take and return. Never live ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from app.domain.enums import ConsentLevel


@dataclass(frozen=True)
class ConsentInput:
    channel: str  # Channel
    level: ConsentLevel
    method: str = ""


@dataclass(frozen=True)
class ContactInput:
    """A person as the broker or an importer describes them (raw, not yet normalized)."""

    first_name: str
    last_name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    role: str = "borrower"
    company: str | None = None
    date_of_birth: date | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    notes: str = ""
    do_not_contact: bool = False
    consents: tuple[ConsentInput, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConsentView:
    channel: str
    level: str
    recorded_at: datetime
    method: str


@dataclass(frozen=True)
class ContactView:
    id: int
    first_name: str
    last_name: str
    role: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]  # E.164
    company: str | None
    date_of_birth: date | None
    address_line1: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    notes: str
    do_not_contact: bool
    consents: tuple[ConsentView, ...]
    tags: tuple[str, ...]
    created_at: datetime
    archived_at: datetime | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class InquiryInput:
    contact_id: int
    type_key: str
    source_key: str | None = None
    partner_id: int | None = None
    owner_id: int | None = None
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
    notes: str = ""
    created_at: datetime | None = None  # when the inquiry really arrived (imports, demo)


@dataclass(frozen=True)
class InquiryView:
    id: int
    contact_id: int
    contact_name: str
    type_key: str
    type_name: str
    source_key: str | None
    source_name: str | None
    partner_id: int | None
    owner_id: int | None
    owner_name: str | None
    stage_key: str
    stage_name: str
    status: str
    priority: str
    score: int
    amount: Decimal | None
    property_address: str
    target_close_date: date | None
    rate_hold_expiry: date | None
    term_maturity_date: date | None
    outcome: str
    lost_reason: str
    created_at: datetime
    stage_entered_at: datetime
    first_response_at: datetime | None
    last_contact_at: datetime | None
    next_followup_at: datetime | None
    funded_at: datetime | None
    cadence_stop_reason: str
    missing_documents: int


@dataclass(frozen=True)
class StageView:
    id: int
    key: str
    name: str
    kind: str
    position: int
    is_warm: bool
    followup_days: int


@dataclass(frozen=True)
class StageChangeView:
    from_stage: str | None
    to_stage: str
    changed_at: datetime
    note: str


@dataclass(frozen=True)
class TaskView:
    id: int
    inquiry_id: int | None
    contact_id: int
    contact_name: str
    kind: str
    title: str
    state: str
    origin: str
    rule_key: str | None
    due_at: datetime
    original_due_at: datetime
    done_at: datetime | None
    owner_id: int | None
    checklist_item_id: int | None


@dataclass(frozen=True)
class InteractionView:
    id: int
    contact_id: int
    inquiry_id: int | None
    kind: str
    direction: str
    occurred_at: datetime
    summary: str
    body: str
    message_id: str | None


@dataclass(frozen=True)
class ChecklistItemView:
    id: int
    inquiry_id: int
    doc_key: str
    name: str
    status: str
    requested_at: datetime | None
    received_at: datetime | None
    waived_at: datetime | None
    note: str
    file_path: str


@dataclass(frozen=True)
class InquiryDetail:
    """Everything the lead detail screen shows about one inquiry."""

    inquiry: InquiryView
    contact: ContactView
    checklist: tuple[ChecklistItemView, ...]
    open_tasks: tuple[TaskView, ...]
    stage_history: tuple[StageChangeView, ...]
    score_breakdown: str  # JSON from app.domain.scoring.score_to_json
    extra: dict[str, str] = field(default_factory=dict)
