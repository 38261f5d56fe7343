"""Names and order of what reports group by: sources and inquiry types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.db.models import Inquiry, InquiryType, Source
from app.errors import InvalidInput

GroupBy = Literal["source", "type"]
NO_SOURCE_KEY = "no_source"


@dataclass(frozen=True)
class Group:
    """A source or inquiry type as a report shows it, with its place in the order."""

    key: str
    name: str
    order: int


def check_by(by: str, allowed: tuple[str, ...]) -> None:
    """InvalidInput unless `by` is one of the groupings a report offers."""
    if by not in allowed:
        raise InvalidInput(f"group by one of {', '.join(allowed)}, not '{by}'")


def group_column(by: GroupBy) -> InstrumentedAttribute[int] | InstrumentedAttribute[int | None]:
    """The inquiry column a grouping reads."""
    return Inquiry.source_id if by == "source" else Inquiry.type_id


def groups(session: Session, by: GroupBy) -> dict[int | None, Group]:
    """Every source (plus "No source" under None) or every inquiry type, by id."""
    result: dict[int | None, Group] = {}
    if by == "source":
        for sid, key, name in session.execute(
            select(Source.id, Source.key, Source.name).order_by(Source.id)
        ):
            result[sid] = Group(key, name, len(result))
        result[None] = Group(NO_SOURCE_KEY, "No source", len(result))
        return result
    for tid, key, name in session.execute(
        select(InquiryType.id, InquiryType.key, InquiryType.name).order_by(
            InquiryType.position, InquiryType.id
        )
    ):
        result[tid] = Group(key, name, len(result))
    return result


def ordered(present: set[int | None], table: dict[int | None, Group]) -> list[int | None]:
    """The group ids that occur, in their configured order."""
    return sorted(present, key=lambda gid: table[gid].order)
