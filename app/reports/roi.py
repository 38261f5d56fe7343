"""Source ROI: what each source cost per lead and per funded loan, and what it funded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from app.db.models import Inquiry, Source
from app.domain.enums import InquiryStatus
from app.reports.model import Column, ReportFilter, ReportTable, TableBuilder
from app.reports.periods import months_in_range
from app.reports.scope import fetch_rows, resolve_scope
from app.reports.stats import money, money_ratio, share
from app.services.context import ServiceContext

COLUMNS = (
    Column("source", "Source"),
    Column("leads", "Leads", "int"),
    Column("funded", "Funded", "int"),
    Column("conversion", "Funded share", "percent"),
    Column("cost", "Cost", "money"),
    Column("cost_per_lead", "Cost per lead", "money"),
    Column("cost_per_funded", "Cost per funded loan", "money"),
    Column("funded_volume", "Funded volume", "money"),
)


@dataclass
class _Tally:
    name: str
    cost: Decimal = Decimal(0)
    ids: list[int] = field(default_factory=list)
    funded: int = 0
    volume: Decimal = Decimal(0)


def roi_report(ctx: ServiceContext, flt: ReportFilter | None = None) -> ReportTable:
    """Per source, for inquiries created in the range: leads, funded (status won now, so
    a reopened loan counts by where it stands today), cost, cost per lead, cost per funded
    loan and funded volume (sum of the won inquiries' amounts).

    Cost = cost per lead x leads + monthly cost x months in the range (part months by
    their share of days). Without dates the range runs from the first matching lead to
    today. A source with a monthly cost appears even with no leads. A free source shows
    0, never a division error; a paid one with nothing to divide by shows no value.
    """
    flt = flt or ReportFilter()
    with ctx.db.session() as session:
        scope = resolve_scope(session, flt, ctx.clock)
        prices = {
            sid: (name, per_lead, monthly)
            for sid, name, per_lead, monthly in session.execute(
                select(Source.id, Source.name, Source.cost_per_lead, Source.monthly_cost)
            ).all()
        }
        # One plain pass: a GROUP BY here walks the source index and costs more.
        rows = fetch_rows(
            session,
            select(Inquiry.source_id, Inquiry.id, Inquiry.status, Inquiry.amount).where(
                *scope.conditions()
            ),
        )
        first_seen = None
        if flt.date_from is None:
            first_seen = session.scalar(
                select(func.min(Inquiry.created_at)).where(*scope.conditions())
            )
    start = flt.date_from or (first_seen.astimezone(scope.tz).date() if first_seen else None)
    months = _months(start, flt.date_to or scope.today)
    tallies: dict[int | None, _Tally] = {}
    for paid_id, (name, _per_lead, monthly) in prices.items():
        if monthly and (not scope.source_ids or paid_id in scope.source_ids):
            tallies[paid_id] = _Tally(name)  # paid for, so shown even without leads
    won_amounts: dict[int | None, list[object]] = {}
    for source_id, inquiry_id, status, amount in rows:
        tally = tallies.get(source_id)
        if tally is None:
            name = prices[source_id][0] if source_id is not None else "No source"
            tally = tallies[source_id] = _Tally(name)
        tally.ids.append(inquiry_id)
        if status == InquiryStatus.WON:
            tally.funded += 1
            if amount is not None:
                won_amounts.setdefault(source_id, []).append(amount)
    for source_id, amounts in won_amounts.items():
        # Amounts come raw from the driver (int, float or Decimal): made exact via text.
        tallies[source_id].volume = money(sum(Decimal(str(a)) for a in amounts))
    for key, tally in tallies.items():
        if key is not None:
            _name, per_lead, monthly = prices[key]
            tally.cost = (per_lead or 0) * len(tally.ids) + (monthly or 0) * Decimal(months)
    builder = TableBuilder("roi", list(COLUMNS))
    order: dict[int | None, int] = {sid: i for i, sid in enumerate(sorted(prices))}
    for key in sorted(tallies, key=lambda k: order.get(k, len(order))):
        builder.add(_row(tallies[key]), tallies[key].ids)
    total = _Tally("All sources")
    for tally in tallies.values():
        total.ids += tally.ids
        total.funded += tally.funded
        total.volume += tally.volume
        total.cost += tally.cost
    builder.add(_row(total), total.ids)
    return builder.build(
        has_total=True,
        note="Funded = won today; cost = per-lead price x leads + monthly cost x months.",
    )


def _months(first: date | None, last: date) -> float:
    return months_in_range(first, last) if first is not None and first <= last else 0.0


def _row(tally: _Tally) -> dict[str, object]:
    leads = len(tally.ids)
    cost = money(tally.cost)
    return {
        "source": tally.name,
        "leads": leads,
        "funded": tally.funded,
        "conversion": share(tally.funded, leads),
        "cost": cost,
        "cost_per_lead": money_ratio(cost, leads),
        "cost_per_funded": money_ratio(cost, tally.funded),
        "funded_volume": money(tally.volume),
    }
