"""Inquiries and what shapes them: types, stages, sources, partners, owners, checklists."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, UTCDateTime
from app.db.models.contacts import Contact


class User(Base):
    """Someone who can own an inquiry (the broker, an assistant)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    email: Mapped[str] = mapped_column(String(320), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))
    cost_per_lead: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    monthly_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ReferralPartner(Base):
    """A realtor, lawyer or planner who sends leads; the person is a Contact."""

    __tablename__ = "referral_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="RESTRICT"))
    company: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(40), default="realtor")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    contact: Mapped[Contact] = relationship()


class InquiryType(Base):
    __tablename__ = "inquiry_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Stage(Base):
    __tablename__ = "stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(10), default="open")  # StageKind
    is_warm: Mapped[bool] = mapped_column(Boolean, default=False)
    followup_days: Mapped[int] = mapped_column(Integer, default=2)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ChecklistTemplate(Base):
    """A document an inquiry of one type needs; copied into each new inquiry."""

    __tablename__ = "checklist_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_type_id: Mapped[int] = mapped_column(
        ForeignKey("inquiry_types.id", ondelete="CASCADE"), index=True
    )
    doc_key: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    required: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (UniqueConstraint("inquiry_type_id", "doc_key"),)


class Inquiry(Base):
    """One lead / opportunity. A contact may have many over the years."""

    __tablename__ = "inquiries"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="RESTRICT"))
    co_borrower_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL")
    )
    type_id: Mapped[int] = mapped_column(ForeignKey("inquiry_types.id"))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("referral_partners.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id"))
    status: Mapped[str] = mapped_column(String(10), default="active")
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    score: Mapped[int] = mapped_column(Integer, default=0)
    score_breakdown: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    property_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    down_payment: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    property_address: Mapped[str] = mapped_column(String(300), default="")
    property_type: Mapped[str] = mapped_column(String(40), default="")
    timeline: Mapped[str] = mapped_column(String(100), default="")
    target_close_date: Mapped[date | None] = mapped_column(Date)
    rate_hold_expiry: Mapped[date | None] = mapped_column(Date)
    term_maturity_date: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(300), default="")
    lost_reason: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stage_entered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Cached earliest open task, kept by the task service, so boards sort without a join.
    next_followup_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cadence_stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cadence_stop_reason: Mapped[str] = mapped_column(String(30), default="")
    funded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contact: Mapped[Contact] = relationship(foreign_keys=[contact_id])
    inquiry_type: Mapped[InquiryType] = relationship()
    stage: Mapped[Stage] = relationship()
    source: Mapped[Source | None] = relationship()
    partner: Mapped[ReferralPartner | None] = relationship()
    owner: Mapped[User | None] = relationship()
    checklist: Mapped[list[ChecklistItem]] = relationship(
        back_populates="inquiry", cascade="all, delete-orphan", order_by="ChecklistItem.position"
    )

    __table_args__ = (
        Index("ix_inquiries_stage_status", "stage_id", "status", "next_followup_at"),
        Index("ix_inquiries_contact", "contact_id"),
        Index("ix_inquiries_status_owner", "status", "owner_id"),
        Index("ix_inquiries_status_last_contact", "status", "last_contact_at"),
        # Source track record (won/lost per source) is counted on every re-plan.
        Index("ix_inquiries_source_status", "source_id", "status"),
        # Covers the board headers' count and amount per stage.
        Index(
            "ix_inquiries_stage_totals",
            "stage_id",
            "status",
            "archived_at",
            "amount",
            "type_id",
            "source_id",
            "owner_id",
        ),
        Index("ix_inquiries_maturity", "term_maturity_date"),
    )


class StageChange(Base):
    """Every move between stages, so time-in-stage and "stuck" can be measured."""

    __tablename__ = "stage_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        ForeignKey("inquiries.id", ondelete="CASCADE"), index=True
    )
    from_stage_id: Mapped[int | None] = mapped_column(ForeignKey("stages.id"))
    to_stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(String(300), default="")


class ChecklistItem(Base):
    __tablename__ = "checklist_items"
    # Covers the missing-documents count on cards.
    __table_args__ = (Index("ix_checklist_items_inquiry_status", "inquiry_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"))
    doc_key: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="missing")  # ChecklistStatus
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    file_path: Mapped[str] = mapped_column(String(1000), default="")

    inquiry: Mapped[Inquiry] = relationship(back_populates="checklist")
