"""The inquiries behind a report row, as a table the Reports page can list and open."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import select

from app.db.models import Contact, Inquiry, InquiryType, Source, Stage, User
from app.reports.model import Column, ReportTable, TableBuilder
from app.reports.scope import epoch_ms, local_date
from app.reports.stats import money
from app.services.context import ServiceContext

_Listed = tuple[int, str, str, str, str | None, str, str, int, Decimal | None, str | None]

# SQLite allows at most 32,766 bound values in one statement: ask in slices.
_SLICE = 900

COLUMNS = (
    Column("inquiry_id", "Inquiry", "int"),
    Column("client", "Client"),
    Column("type", "Type"),
    Column("source", "Source"),
    Column("stage", "Stage"),
    Column("status", "Status"),
    Column("created", "Arrived", "date"),
    Column("amount", "Amount", "money"),
    Column("owner", "Owner"),
)


def inquiry_list(ctx: ServiceContext, inquiry_ids: Iterable[int]) -> ReportTable:
    """One row per inquiry id (newest first; unknown ids are skipped), so a click on a
    report row can show `table.row_inquiry_ids[i]` and open one of them."""
    wanted = sorted(set(inquiry_ids))
    tz = ctx.clock.tz
    found: list[_Listed] = []
    with ctx.db.session() as session:
        for start in range(0, len(wanted), _SLICE):
            found += session.execute(
                select(
                    Inquiry.id,
                    Contact.first_name,
                    Contact.last_name,
                    InquiryType.name,
                    Source.name,
                    Stage.name,
                    Inquiry.status,
                    epoch_ms(Inquiry.created_at),
                    Inquiry.amount,
                    User.name,
                )
                .join(Contact, Contact.id == Inquiry.contact_id)
                .join(InquiryType, InquiryType.id == Inquiry.type_id)
                .join(Stage, Stage.id == Inquiry.stage_id)
                .outerjoin(Source, Source.id == Inquiry.source_id)
                .outerjoin(User, User.id == Inquiry.owner_id)
                .where(Inquiry.id.in_(wanted[start : start + _SLICE]))
            ).all()
    builder = TableBuilder("inquiries", list(COLUMNS))
    for iid, first, last, type_name, source, stage, status, created, amount, owner in sorted(
        found, key=lambda r: (-r[7], -r[0])
    ):
        builder.add(
            {
                "inquiry_id": iid,
                "client": f"{first} {last}".strip(),
                "type": type_name,
                "source": source,
                "stage": stage,
                "status": status,
                "created": local_date(created, tz),
                "amount": None if amount is None else money(amount),
                "owner": owner,
            },
            [iid],
        )
    return builder.build()
