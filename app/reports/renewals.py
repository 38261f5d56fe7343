"""Renewals coming due: funded loans whose term matures soon."""

from __future__ import annotations

from sqlalchemy import select

from app.db.models import Contact, Inquiry, InquiryType, Source, User
from app.domain.enums import InquiryStatus
from app.reports.model import Column, ReportFilter, ReportTable, TableBuilder
from app.reports.periods import add_months
from app.reports.scope import resolve_scope
from app.reports.stats import money
from app.services.context import ServiceContext

HORIZON_MONTHS = 6

COLUMNS = (
    Column("maturity", "Term matures", "date"),
    Column("days_left", "Days left", "int"),
    Column("inquiry_id", "Inquiry", "int"),
    Column("client", "Client"),
    Column("type", "Type"),
    Column("source", "Source"),
    Column("amount", "Amount", "money"),
    Column("outcome", "Funded with"),
    Column("owner", "Owner"),
)


def renewals_report(ctx: ServiceContext, flt: ReportFilter | None = None) -> ReportTable:
    """Funded inquiries (won now) whose term matures from today through the next six
    months, soonest first, one row each. A date range, when given, replaces that window
    (the maturity date must fall in it); type, source and owner filter as usual."""
    flt = flt or ReportFilter()
    with ctx.db.session() as session:
        scope = resolve_scope(session, flt, ctx.clock)
        first = flt.date_from or scope.today
        last = flt.date_to or add_months(first, HORIZON_MONTHS)
        rows = session.execute(
            select(
                Inquiry.id,
                Inquiry.term_maturity_date,
                Contact.first_name,
                Contact.last_name,
                InquiryType.name,
                Source.name,
                Inquiry.amount,
                Inquiry.outcome,
                User.name,
            )
            .join(Contact, Contact.id == Inquiry.contact_id)
            .join(InquiryType, InquiryType.id == Inquiry.type_id)
            .outerjoin(Source, Source.id == Inquiry.source_id)
            .outerjoin(User, User.id == Inquiry.owner_id)
            .where(
                *scope.conditions(created=False),
                Inquiry.status == InquiryStatus.WON,
                Inquiry.term_maturity_date >= first,
                Inquiry.term_maturity_date <= last,
            )
            .order_by(Inquiry.term_maturity_date, Inquiry.id)
        ).all()
        builder = TableBuilder("renewals", list(COLUMNS))
        for iid, maturity, first_name, last_name, type_name, source, amount, outcome, owner in rows:
            assert maturity is not None  # filtered in SQL
            builder.add(
                {
                    "maturity": maturity,
                    "days_left": (maturity - scope.today).days,
                    "inquiry_id": iid,
                    "client": f"{first_name} {last_name}".strip(),
                    "type": type_name,
                    "source": source,
                    "amount": None if amount is None else money(amount),
                    "outcome": outcome,
                    "owner": owner,
                },
                [iid],
            )
    return builder.build(note=f"Funded loans maturing {first} to {last}.")
