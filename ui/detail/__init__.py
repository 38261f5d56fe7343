"""The lead detail: one inquiry with its contact, checklist, tasks, timeline and history."""

from ui.detail.panel import LeadDetailPanel
from ui.detail.window import LeadWindow, open_lead_window

__all__ = ["LeadDetailPanel", "LeadWindow", "open_lead_window"]
