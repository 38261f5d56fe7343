"""Reports: pure, Qt-free queries that turn the database into tables.

Every report takes a ServiceContext and a ReportFilter and returns a ReportTable whose
rows carry the ids of the inquiries behind them. `catalog.run_report` runs one by name;
`format` prints, serialises and exports tables; `listing.inquiry_list` lists the
inquiries behind a row.
"""

from app.reports.catalog import REPORTS, ReportSpec, run_report
from app.reports.format import format_cell, table_json, text_table, write_csv
from app.reports.funnel import funnel_report
from app.reports.listing import inquiry_list
from app.reports.model import Column, ColumnKind, ReportFilter, ReportTable
from app.reports.outcomes import lost_report, partners_report
from app.reports.overdue import overdue_report
from app.reports.renewals import renewals_report
from app.reports.response import response_report
from app.reports.roi import roi_report
from app.reports.stalled import stalled_list, stalled_report
from app.reports.volume import sources_report

__all__ = [
    "REPORTS",
    "Column",
    "ColumnKind",
    "ReportFilter",
    "ReportSpec",
    "ReportTable",
    "format_cell",
    "funnel_report",
    "inquiry_list",
    "lost_report",
    "overdue_report",
    "partners_report",
    "renewals_report",
    "response_report",
    "roi_report",
    "run_report",
    "sources_report",
    "stalled_list",
    "stalled_report",
    "table_json",
    "text_table",
    "write_csv",
]
