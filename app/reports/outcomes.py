"""Outcomes: why inquiries were lost, and which referral partners send funded loans."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select

from app.db.models import Contact, Inquiry, ReferralPartner
from app.domain.enums import InquiryStatus
from app.reports.model import Column, ReportFilter, ReportTable, TableBuilder
from app.reports.scope import fetch_rows, resolve_scope
from app.reports.stats import exact_money, money, share
from app.services.context import ServiceContext

NO_REASON = "(no reason given)"

LOST_COLUMNS = (
    Column("reason", "Lost reason"),
    Column("lost", "Lost", "int"),
    Column("share", "Share of lost", "percent"),
)

PARTNER_COLUMNS = (
    Column("partner", "Partner"),
    Column("company", "Company"),
    Column("leads", "Leads", "int"),
    Column("funded", "Funded", "int"),
    Column("conversion", "Funded share", "percent"),
    Column("volume", "Funded volume", "money"),
)


def lost_report(ctx: ServiceContext, flt: ReportFilter | None = None) -> ReportTable:
    """Lost reasons with counts, most common first, for inquiries created in the range
    that are lost now (a lost inquiry that was reopened is no longer lost). Reasons that
    differ only in case or spacing are one reason, shown as first written."""
    flt = flt or ReportFilter()
    with ctx.db.session() as session:
        scope = resolve_scope(session, flt, ctx.clock)
        rows = fetch_rows(
            session,
            select(Inquiry.id, Inquiry.lost_reason)
            .where(*scope.conditions(), Inquiry.status == InquiryStatus.LOST)
            .order_by(Inquiry.id),
        )
        shown: dict[str, str] = {}
        ids: dict[str, list[int]] = defaultdict(list)
        for inquiry_id, reason in rows:
            text = " ".join(reason.split()) or NO_REASON
            key = text.casefold()
            shown.setdefault(key, text)
            ids[key].append(inquiry_id)
    total = sum(len(v) for v in ids.values())
    builder = TableBuilder("lost", list(LOST_COLUMNS))
    for key in sorted(ids, key=lambda k: (-len(ids[k]), k)):
        builder.add(
            {"reason": shown[key], "lost": len(ids[key]), "share": share(len(ids[key]), total)},
            ids[key],
        )
    every = [i for group in ids.values() for i in group]
    builder.add({"reason": "All reasons", "lost": total, "share": share(total, total)}, every)
    return builder.build(has_total=True, note="Inquiries lost today, by the reason recorded.")


def partners_report(ctx: ServiceContext, flt: ReportFilter | None = None) -> ReportTable:
    """Referral-partner leaderboard for inquiries created in the range: leads, funded
    (won now), funded share and funded volume, best volume first."""
    flt = flt or ReportFilter()
    with ctx.db.session() as session:
        scope = resolve_scope(session, flt, ctx.clock)
        partners = {
            pid: (f"{first} {last}".strip(), company)
            for pid, first, last, company in session.execute(
                select(
                    ReferralPartner.id,
                    Contact.first_name,
                    Contact.last_name,
                    ReferralPartner.company,
                ).join(Contact, Contact.id == ReferralPartner.contact_id)
            ).all()
        }
        rows = fetch_rows(
            session,
            select(Inquiry.id, Inquiry.partner_id, Inquiry.status, Inquiry.amount).where(
                *scope.conditions(), Inquiry.partner_id.is_not(None)
            ),
        )
        ids: dict[int, list[int]] = defaultdict(list)
        funded: dict[int, int] = defaultdict(int)
        volume: dict[int, Decimal] = defaultdict(Decimal)
        for inquiry_id, partner_id, status, amount in rows:
            ids[partner_id].append(inquiry_id)
            if status == InquiryStatus.WON:
                funded[partner_id] += 1
                volume[partner_id] += exact_money(amount)
    builder = TableBuilder("partners", list(PARTNER_COLUMNS))
    ranking = sorted(
        ids, key=lambda p: (-volume[p], -funded[p], -len(ids[p]), partners[p][0].casefold(), p)
    )
    for pid in ranking:
        name, company = partners[pid]
        builder.add(_partner_row(name, company, len(ids[pid]), funded[pid], volume[pid]), ids[pid])
    every = [i for group in ids.values() for i in group]
    builder.add(
        _partner_row(
            "All partners", "", len(every), sum(funded.values()), sum(volume.values(), Decimal(0))
        ),
        every,
    )
    return builder.build(has_total=True, note="Funded = won today; volume = their amounts.")


def _partner_row(
    name: str, company: str, leads: int, funded: int, volume: Decimal
) -> dict[str, object]:
    return {
        "partner": name,
        "company": company,
        "leads": leads,
        "funded": funded,
        "conversion": share(funded, leads),
        "volume": money(volume),
    }
