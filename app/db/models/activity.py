"""What happens around an inquiry: tasks, the timeline, rules and templates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, UTCDateTime


class Task(Base):
    """A follow-up: call, email, document request, renewal check..."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int | None] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checklist_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(20))  # TaskKind
    title: Mapped[str] = mapped_column(String(300))
    notes: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="open")  # TaskState
    origin: Mapped[str] = mapped_column(String(10), default="broker")  # TaskOrigin
    # Which rule step made it (None for the broker's own); unique per inquiry so rules
    # never create the same step twice.
    rule_key: Mapped[str | None] = mapped_column(String(80))
    # due_at moves when snoozed or rescheduled; original_due_at remembers the first plan.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    original_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    snooze_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When a reminder for the current due time was shown; a repeat shows nothing.
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("inquiry_id", "rule_key"),
        Index("ix_tasks_state_due", "state", "due_at"),
        # Covers the reminder pass (open, not yet shown, due by now) without a table
        # lookup or a sort; kind and rule_key give per-category counts from the index.
        Index("ix_tasks_pending", "state", "notified_at", "due_at", "id", "kind", "rule_key"),
        Index("ix_tasks_inquiry_state", "inquiry_id", "state"),
        Index("ix_tasks_contact", "contact_id"),
        # "Overdue at the end of each day" asks which tasks were closed by then.
        Index("ix_tasks_done_at", "done_at"),
        Index("ix_tasks_cancelled_at", "cancelled_at"),
    )


class Interaction(Base):
    """One entry of the timeline: a call, email, text, meeting, note or system event."""

    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    inquiry_id: Mapped[int | None] = mapped_column(
        ForeignKey("inquiries.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # InteractionKind
    direction: Mapped[str] = mapped_column(String(10))  # Direction
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    summary: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # Imported mail keeps its Message-ID so the same message never lands twice.
    message_id: Mapped[str | None] = mapped_column(String(998), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_interactions_contact_time", "contact_id", "occurred_at"),)


class FollowupRule(Base):
    """One cadence rule as editable data (see resources/defaults/followup_rules.json)."""

    __tablename__ = "followup_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # RuleKind
    name: Mapped[str] = mapped_column(String(100))
    params: Mapped[str] = mapped_column(Text, default="{}")  # JSON object
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class EmailTemplate(Base):
    __tablename__ = "email_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
