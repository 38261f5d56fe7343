"""The kanban board: column headers and pages of cards, narrowed by the broker's filters.

Cards and their order are the pipeline's (`app.services.pipeline`): earliest next
follow-up first, inquiries with nothing planned last. The default status view ("active")
is the pipeline's board view too: active inquiries in open and waiting stages, every
inquiry in the won and lost stages. "on_hold" and "nurture" list just those, "all" lists
every status.

The text filter matches a contact whose first or last name (or any word of it) starts
with the text, whose email starts with it, or, when the text is a phone number
(three digits or more, no letters), whose phone digits contain it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import (
    Column,
    ColumnElement,
    CompoundSelect,
    Integer,
    MetaData,
    Select,
    Table,
    delete,
    func,
    insert,
    or_,
    select,
    true,
    union,
)
from sqlalchemy import text as sql
from sqlalchemy.orm import QueryableAttribute, Session

from app.db.models import Contact, ContactEmail, ContactPhone, Inquiry, Stage, User
from app.db.models import InquiryType as InquiryTypeRow
from app.db.models import Source as SourceRow
from app.domain.contact_points import digits_only
from app.domain.enums import InquiryStatus, StageKind
from app.errors import InvalidInput
from app.services.context import ServiceContext
from app.services.lookups import inquiry_type_by_key, source_by_key, stage_by_key
from app.services.pipeline import InquiryCard, _cards

PAGE_SIZE = 200
_MATCHES = Table("board_text_matches", MetaData(), Column("id", Integer, primary_key=True))
STATUSES = ("active", "on_hold", "nurture", "all")
MIN_PHONE_DIGITS = 3  # "41" would match most phone numbers
_CLOSED = {StageKind.WON.value: InquiryStatus.WON.value,
           StageKind.LOST.value: InquiryStatus.LOST.value}  # fmt: skip
COMMON_LOST_REASONS = (
    "No response after repeated attempts",
    "Went with their bank",
    "Went with another broker",
    "Rate beaten elsewhere",
    "Did not qualify",
    "Not ready yet",
    "Purchase fell through",
    "Decided to renew with current lender",
)


@dataclass(frozen=True)
class BoardFilter:
    """What the board shows. Empty / None fields do not narrow anything."""

    type_key: str | None = None
    source_key: str | None = None
    owner_id: int | None = None
    unassigned: bool = False  # only inquiries nobody owns (owner_id is then ignored)
    status: str = "active"  # one of STATUSES
    text: str = ""


@dataclass(frozen=True)
class ColumnSummary:
    """A board column's header: its stage, how many cards and their total amount."""

    stage_key: str
    stage_name: str
    kind: str  # StageKind: "won" and "lost" columns ask for an outcome on a drop
    count: int
    total_amount: Decimal


@dataclass(frozen=True)
class BoardSnapshot:
    """The columns and the first page of cards of each loaded column, read together."""

    filter: BoardFilter
    columns: tuple[ColumnSummary, ...]
    cards: dict[str, list[InquiryCard]] = field(default_factory=dict)


@dataclass(frozen=True)
class Choice:
    key: str
    name: str


@dataclass(frozen=True)
class OwnerChoice:
    id: int
    name: str


@dataclass(frozen=True)
class BoardChoices:
    """What the filter boxes and the lost-reason prompt offer."""

    types: tuple[Choice, ...]
    sources: tuple[Choice, ...]
    owners: tuple[OwnerChoice, ...]
    lost_reasons: tuple[str, ...]  # most used first, then the common ones


class _Narrowing:
    """A filter resolved against one session: its conditions, or `empty` when no
    inquiry can match (an unknown name), so no query needs to run."""

    def __init__(self, session: Session, flt: BoardFilter) -> None:
        if flt.status not in STATUSES:
            raise InvalidInput(f"unknown status '{flt.status}' (known: {', '.join(STATUSES)})")
        self.status = flt.status
        self.empty = False
        self.conditions: list[ColumnElement[bool]] = []  # archived ones: see the callers
        if flt.type_key:
            self.conditions.append(Inquiry.type_id == inquiry_type_by_key(session, flt.type_key).id)
        if flt.source_key:
            self.conditions.append(Inquiry.source_id == source_by_key(session, flt.source_key).id)
        if flt.unassigned:
            self.conditions.append(Inquiry.owner_id.is_(None))
        elif flt.owner_id is not None:
            self.conditions.append(Inquiry.owner_id == flt.owner_id)
        contacts = _matching_contacts(flt.text)
        if contacts is not None:
            self.empty = not _store_matches(session, contacts)
            self.conditions.append(Inquiry.id.in_(select(_MATCHES.c.id)))

    def status_for(self, stage_kind: str) -> str | None:
        """The status a card in a stage of this kind must have (None: any)."""
        if self.status == "all":
            return None
        if self.status == InquiryStatus.ACTIVE.value:
            return _CLOSED.get(stage_kind, self.status)
        return self.status


def _prefix_range(column: QueryableAttribute[str], text: str) -> ColumnElement[bool]:
    """`column` starts with `text`, as an index range (LIKE on SQLite ignores case and
    so cannot use the index; these columns are stored lower-case)."""
    upper = text[:-1] + chr(ord(text[-1]) + 1)
    return (column >= text) & (column < upper)


def _matching_contacts(text: str) -> CompoundSelect[tuple[int]] | None:
    """The ids of the contacts the text filter matches; None when there is no filter."""
    words = text.lower().split()
    if not words:
        return None
    wanted = " ".join(words)
    like = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    queries: list[Select[int]] = [
        # The name index gives "first last" prefixes; later words need a scan of it.
        select(Contact.id).where(
            or_(
                _prefix_range(Contact.search_name, wanted),
                Contact.search_name.like(f"% {like}%", escape="\\"),
            )
        ),
        select(ContactEmail.contact_id).where(_prefix_range(ContactEmail.email, wanted)),
    ]
    digits = digits_only(wanted)
    if len(digits) >= MIN_PHONE_DIGITS and not any(ch.isalpha() for ch in wanted):
        queries.append(
            select(ContactPhone.contact_id).where(ContactPhone.digits.like(f"%{digits}%"))
        )
    return union(*queries)


def _store_matches(session: Session, contacts: CompoundSelect[tuple[int]]) -> bool:
    """Put the ids of the matching contacts' inquiries in a temporary table (this
    connection's own); False when there are none.

    Resolved once per call, the text filter then costs each statement a rowid lookup
    per index entry. An IN list instead is parsed and indexed again by every statement,
    and "416" can match most of a broker's book (a second per snapshot at 50,000).
    """
    session.execute(
        sql("CREATE TEMP TABLE IF NOT EXISTS board_text_matches (id INTEGER PRIMARY KEY)")
    )
    session.execute(delete(_MATCHES))
    session.execute(
        insert(_MATCHES).from_select(
            ["id"], select(Inquiry.id).where(Inquiry.contact_id.in_(contacts))
        )
    )
    return session.scalar(select(_MATCHES.c.id).limit(1)) is not None


def _stages(session: Session) -> list[Stage]:
    """Active stages in board order: open and waiting ones by position, then won, then
    lost, so the closed columns sit together at the right end."""
    rows = session.scalars(select(Stage).where(Stage.active.is_(True)).order_by(Stage.position))
    rank = {StageKind.WON.value: 1, StageKind.LOST.value: 2}
    return sorted(rows, key=lambda s: rank.get(s.kind, 0))  # stable: keeps the positions


def _columns(session: Session, narrowing: _Narrowing) -> list[ColumnSummary]:
    totals: dict[tuple[int, str], tuple[int, Decimal]] = {}
    if not narrowing.empty:
        for stage_id, status, count, amount in session.execute(
            select(Inquiry.stage_id, Inquiry.status, func.count(), func.sum(Inquiry.amount))
            .where(Inquiry.archived_at.is_(None), *narrowing.conditions)
            .group_by(Inquiry.stage_id, Inquiry.status)
        ):
            totals[(stage_id, status)] = (int(count), _money(amount))
    result = []
    for stage in _stages(session):
        wanted = narrowing.status_for(stage.kind)
        parts = [v for (sid, st), v in totals.items() if sid == stage.id and wanted in (None, st)]
        result.append(
            ColumnSummary(
                stage_key=stage.key,
                stage_name=stage.name,
                kind=stage.kind,
                count=sum(n for n, _ in parts),
                total_amount=sum((a for _, a in parts), Decimal("0.00")),
            )
        )
    return result


def _page(
    session: Session, stage: Stage, narrowing: _Narrowing, offset: int, limit: int
) -> list[InquiryCard]:
    """Like `pipeline.stage_page`, with the filter's conditions added."""
    if narrowing.empty:
        return []
    # The page is a range of ix_inquiries_stage_status (stage, status, next follow-up),
    # read in order. Given "archived_at IS NULL" as a plain term, SQLite prefers
    # ix_inquiries_stage_totals (one more equality) and then sorts the whole stage for
    # every page; asked as "(archived_at IS NULL) IS true" it cannot use an index for it.
    base = select(Inquiry.id).where(
        Inquiry.stage_id == stage.id,
        Inquiry.archived_at.is_(None).is_(true()),
        *narrowing.conditions,
    )
    wanted = narrowing.status_for(stage.kind)
    if wanted is not None:
        base = base.where(Inquiry.status == wanted)
    # Dated cards, then undated ones: two in-order range scans of ix_inquiries_stage_status
    # (SQLite keeps NULLs first in it and the board wants them last).
    nfa = Inquiry.next_followup_at
    dated = base.where(nfa.is_not(None))
    cards = _cards(session, stage.key, dated.order_by(nfa, Inquiry.id), limit, offset)
    if len(cards) == limit:
        return cards
    skip = 0  # the dated cards ended inside this page...
    if not cards and offset > 0:  # ...or before it: skip the rest of the offset
        total = session.scalar(select(func.count()).select_from(dated.subquery()))
        skip = offset - int(total or 0)
    undated = base.where(nfa.is_(None)).order_by(Inquiry.id)
    return cards + _cards(session, stage.key, undated, limit - len(cards), skip)


def board_columns(ctx: ServiceContext, flt: BoardFilter) -> list[ColumnSummary]:
    """Every active stage in board order (see `_stages`), with the count and total
    amount of its cards."""
    with ctx.db.session() as session:
        return _columns(session, _Narrowing(session, flt))


def board_page(
    ctx: ServiceContext,
    stage_key: str,
    flt: BoardFilter,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> list[InquiryCard]:
    """Cards `offset` to `offset + limit` of one column, in follow-up order."""
    if limit < 1 or offset < 0:
        raise InvalidInput("limit must be at least 1 and offset not negative")
    with ctx.db.session() as session:
        stage = stage_by_key(session, stage_key)
        return _page(session, stage, _Narrowing(session, flt), offset, limit)


def board_snapshot(
    ctx: ServiceContext,
    flt: BoardFilter,
    limits: Mapping[str, int] | None = None,
    *,
    closed: bool = True,
    page_size: int = PAGE_SIZE,
) -> BoardSnapshot:
    """The columns and, in the same session, the first cards of each column: as many
    as `limits` names for it (stage key -> how many), else `page_size`; won and lost
    columns only when `closed` or named in `limits`. One call, so the text filter is
    resolved once for the counts and all the pages."""
    with ctx.db.session() as session:
        narrowing = _Narrowing(session, flt)
        columns = _columns(session, narrowing)
        stages = {s.key: s for s in _stages(session)}
        cards: dict[str, list[InquiryCard]] = {}
        for column in columns:
            limit = (limits or {}).get(column.stage_key)
            if limit is None:
                folded = not closed and column.kind in _CLOSED
                limit = 0 if folded else page_size
            if limit <= 0:
                continue
            stage = stages[column.stage_key]
            # A column with no cards needs no query.
            cards[stage.key] = _page(session, stage, narrowing, 0, limit) if column.count else []
        return BoardSnapshot(filter=flt, columns=tuple(columns), cards=cards)


def board_choices(ctx: ServiceContext, reasons: int = 12) -> BoardChoices:
    """Inquiry types, sources and owners for the filters, and lost reasons for the prompt:
    the broker's most used ones first, then common ones, at most `reasons`."""
    with ctx.db.session() as session:
        types = session.execute(
            select(InquiryTypeRow.key, InquiryTypeRow.name)
            .where(InquiryTypeRow.active.is_(True))
            .order_by(InquiryTypeRow.position)
        )
        sources = session.execute(
            select(SourceRow.key, SourceRow.name)
            .where(SourceRow.active.is_(True))
            .order_by(SourceRow.name)
        )
        owners = session.execute(
            select(User.id, User.name).where(User.active.is_(True)).order_by(User.id)
        )
        used = session.scalars(
            select(Inquiry.lost_reason)
            .where(Inquiry.status == InquiryStatus.LOST.value, Inquiry.lost_reason != "")
            .group_by(Inquiry.lost_reason)
            .order_by(func.count().desc(), Inquiry.lost_reason)
            .limit(reasons)
        )
        ranked: dict[str, str] = {}
        for reason in [*used, *COMMON_LOST_REASONS]:
            ranked.setdefault(" ".join(reason.split()).casefold(), reason)
        return BoardChoices(
            types=tuple(Choice(k, n) for k, n in types),
            sources=tuple(Choice(k, n) for k, n in sources),
            owners=tuple(OwnerChoice(i, n) for i, n in owners),
            lost_reasons=tuple(ranked.values())[:reasons],
        )


def _money(value: object) -> Decimal:
    """A SUM of a Numeric column (a float on SQLite) as cents."""
    if value is None:
        return Decimal("0.00")
    return Decimal(str(value)).quantize(Decimal("0.01"))
