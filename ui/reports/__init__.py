"""The Reports page: charts beside tables, filters, click-through and export."""

from ui.reports.page import ReportsPage

__all__ = ["ReportsPage"]
