"""All tables, imported in one place so metadata and Alembic see every one."""

from app.db.models.activity import EmailTemplate, FollowupRule, Interaction, Task
from app.db.models.contacts import Consent, Contact, ContactEmail, ContactPhone, Tag, contact_tags
from app.db.models.pipeline import (
    ChecklistItem,
    ChecklistTemplate,
    Inquiry,
    InquiryType,
    ReferralPartner,
    Source,
    Stage,
    StageChange,
    User,
)
from app.db.models.records import AuditEntry, ImportBatch, ImportRow, Merge, Setting

__all__ = [
    "AuditEntry",
    "ChecklistItem",
    "ChecklistTemplate",
    "Consent",
    "Contact",
    "ContactEmail",
    "ContactPhone",
    "EmailTemplate",
    "FollowupRule",
    "ImportBatch",
    "ImportRow",
    "Inquiry",
    "InquiryType",
    "Interaction",
    "Merge",
    "ReferralPartner",
    "Setting",
    "Source",
    "Stage",
    "StageChange",
    "Tag",
    "Task",
    "User",
    "contact_tags",
]
