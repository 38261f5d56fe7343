"""Enumerations shared by the domain, the database models and the UI.

Values are stored as these lowercase strings, so never rename a value without a migration.
"""

from __future__ import annotations

from enum import StrEnum


class InquiryStatus(StrEnum):
    """Overall state of an inquiry (lead/opportunity)."""

    ACTIVE = "active"
    WON = "won"
    LOST = "lost"
    ON_HOLD = "on_hold"
    NURTURE = "nurture"


class StageKind(StrEnum):
    """What a pipeline stage means for follow-ups and reports."""

    OPEN = "open"
    WAITING = "waiting"
    WON = "won"
    LOST = "lost"


class TaskKind(StrEnum):
    """What the broker has to do for a task."""

    CALL = "call"
    EMAIL = "email"
    TEXT = "text"
    MEETING = "meeting"
    DOCUMENT_REQUEST = "document_request"
    REVIEW = "review"
    RENEWAL_CHECK = "renewal_check"
    FOLLOW_UP = "follow_up"


class TaskState(StrEnum):
    """Lifecycle of a task."""

    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class TaskOrigin(StrEnum):
    """Who made a task: a follow-up rule or the broker by hand."""

    RULE = "rule"
    BROKER = "broker"


class ChecklistStatus(StrEnum):
    """Progress of one checklist item (a document or piece of information)."""

    MISSING = "missing"
    REQUESTED = "requested"
    RECEIVED = "received"
    VERIFIED = "verified"
    WAIVED = "waived"


class InteractionKind(StrEnum):
    """Kind of a timeline entry."""

    CALL = "call"
    EMAIL = "email"
    TEXT = "text"
    MEETING = "meeting"
    NOTE = "note"
    SYSTEM = "system"


class Direction(StrEnum):
    """Direction of an interaction relative to the broker."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"
    INTERNAL = "internal"


class Channel(StrEnum):
    """A contact channel that consent is recorded for."""

    EMAIL = "email"
    PHONE = "phone"
    SMS = "sms"
    MAIL = "mail"


class ConsentLevel(StrEnum):
    """Consent to contact on a channel."""

    EXPRESS = "express"
    IMPLIED = "implied"
    NONE = "none"


class Priority(StrEnum):
    """Broker-set priority of an inquiry."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class ContactRole(StrEnum):
    """Role a contact plays."""

    BORROWER = "borrower"
    CO_BORROWER = "co_borrower"
    PARTNER = "partner"
    PAST_CLIENT = "past_client"


class SourceKind(StrEnum):
    """Where an inquiry came from."""

    WEBSITE_FORM = "website_form"
    APPLICATION_LINK = "application_link"
    EMAIL = "email"
    PHONE = "phone"
    REFERRAL_PARTNER = "referral_partner"
    SOCIAL = "social"
    RATE_COMPARISON = "rate_comparison"
    LEAD_VENDOR = "lead_vendor"
    PAST_CLIENT = "past_client"
    WALK_IN = "walk_in"


class RuleKind(StrEnum):
    """Kind of a follow-up rule; decides which parameters the rule takes."""

    NEW_LEAD = "new_lead"
    DOCUMENT_NAG = "document_nag"
    RENEWAL = "renewal"
    STALE = "stale"
    ANNIVERSARY = "anniversary"
    STAGE_NEXT = "stage_next"
