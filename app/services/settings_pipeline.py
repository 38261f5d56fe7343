"""Editing the pipeline's shape: stages, inquiry types and their document checklists.

An editor sends back its whole list; the list order is the new order. Rows with an id
are edits, rows without one are additions (their key made from the name); nothing is
ever deleted: a stage or type is switched off (`active=False`) so the inquiries and
history that point at it stay readable. Everything is checked before anything is
written, and each change is audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import ChecklistTemplate, Inquiry, InquiryType, Stage
from app.domain.enums import InquiryStatus, StageKind
from app.errors import InvalidInput
from app.services import audit
from app.services.context import ServiceContext

MAX_FOLLOWUP_DAYS = 365


@dataclass(frozen=True)
class StageRow:
    id: int | None  # None: a stage to add
    key: str
    name: str
    kind: str  # StageKind
    is_warm: bool
    followup_days: int
    active: bool = True
    active_inquiries: int = 0  # read only


@dataclass(frozen=True)
class ChecklistRow:
    id: int | None
    doc_key: str
    name: str
    required: bool = True


@dataclass(frozen=True)
class TypeRow:
    id: int | None
    key: str
    name: str
    active: bool = True
    checklist: tuple[ChecklistRow, ...] = ()


def slug(name: str) -> str:
    """A key for a new row: lower-case words joined by underscores."""
    return "_".join(re.findall(r"[a-z0-9]+", name.lower()))[:40] or "item"


def _unique_key(wanted: str, taken: set[str]) -> str:
    key, n = wanted, 2
    while key in taken:
        key, n = f"{wanted}_{n}", n + 1
    taken.add(key)
    return key


def _name(name: str, what: str, number: int) -> str:
    text = " ".join(name.split())
    if not text:
        raise InvalidInput(f"{what} {number} needs a name")
    if len(text) > 100:
        raise InvalidInput(f"{what} '{text[:30]}…' is longer than 100 characters")
    return text


# --- stages -----------------------------------------------------------------------------


def list_all_stages(ctx: ServiceContext) -> list[StageRow]:
    """Every stage, switched-off ones too, in board order, with how many active
    inquiries each holds."""
    with ctx.db.session() as session:
        held = dict(
            session.execute(
                select(Inquiry.stage_id, func.count())
                .where(Inquiry.status == InquiryStatus.ACTIVE)
                .group_by(Inquiry.stage_id)
            ).all()
        )
        return [
            StageRow(
                s.id,
                s.key,
                s.name,
                s.kind,
                s.is_warm,
                s.followup_days,
                s.active,
                int(held.get(s.id, 0)),
            )
            for s in session.scalars(select(Stage).order_by(Stage.position, Stage.id))
        ]


def _check_stages(rows: list[StageRow], stored: dict[int, Stage], held: dict[int, int]) -> None:
    names: set[str] = set()
    for number, row in enumerate(rows, start=1):
        name = _name(row.name, "Stage", number)
        if name.lower() in names:
            raise InvalidInput(f"two stages are called '{name}'")
        names.add(name.lower())
        if row.kind not in {k.value for k in StageKind}:
            raise InvalidInput(f"Stage '{name}': unknown kind '{row.kind}'")
        if not 0 <= row.followup_days <= MAX_FOLLOWUP_DAYS:
            raise InvalidInput(f"Stage '{name}': follow-up days must be 0 to {MAX_FOLLOWUP_DAYS}")
        if row.id is not None and row.id not in stored:
            raise InvalidInput(f"Stage '{name}' no longer exists; reopen Settings")
        if row.id is not None and not row.active and held.get(row.id, 0):
            raise InvalidInput(
                f"Stage '{name}' still holds {held[row.id]} active inquiries; "
                "move them to another stage before switching it off"
            )
    missing = set(stored) - {row.id for row in rows}
    if missing:
        raise InvalidInput("stages cannot be deleted; switch them off instead")
    active = [row for row in rows if row.active]
    for kind in (StageKind.WON, StageKind.LOST):
        if sum(row.kind == kind for row in active) != 1:
            raise InvalidInput(f"the pipeline needs exactly one active '{kind.value}' stage")
    if not any(row.kind == StageKind.OPEN for row in active):
        raise InvalidInput("the pipeline needs at least one active open stage")


def save_stages(ctx: ServiceContext, rows: list[StageRow]) -> list[StageRow]:
    """Rename, reorder (list order), add and switch off stages in one go; kind, warmth
    and follow-up days too. Keys never change (rules and imports use them)."""
    with ctx.db.session() as session:
        write_stages(session, rows, ctx.clock.now())
    return list_all_stages(ctx)


def write_stages(session: Session, rows: list[StageRow], now: datetime) -> None:
    """`save_stages` inside an open transaction."""
    stored = {s.id: s for s in session.scalars(select(Stage))}
    held = dict(
        session.execute(
            select(Inquiry.stage_id, func.count())
            .where(Inquiry.status == InquiryStatus.ACTIVE)
            .group_by(Inquiry.stage_id)
        ).all()
    )
    _check_stages(rows, stored, held)
    keys = {s.key for s in stored.values()}
    for position, row in enumerate(rows):
        values = {
            "name": " ".join(row.name.split()),
            "kind": row.kind,
            "is_warm": row.is_warm,
            "followup_days": row.followup_days,
            "active": row.active,
            "position": position,
        }
        if row.id is None:
            stage = Stage(key=_unique_key(slug(row.name), keys), **values)
            session.add(stage)
            session.flush()
            audit.record(
                session, at=now, entity="stage", entity_id=stage.id, action="create", new=stage.name
            )
            continue
        _update(session, stored[row.id], values, "stage", now)


def _update(
    session: Session,
    row: Stage | InquiryType | ChecklistTemplate,
    values: dict[str, object],
    entity: str,
    now: datetime,
) -> None:
    for field, new in values.items():
        old = getattr(row, field)
        if old != new:
            setattr(row, field, new)
            if field != "position":  # a reorder moves many rows; one entry says enough
                audit.record(
                    session,
                    at=now,
                    entity=entity,
                    entity_id=row.id,
                    action="update",
                    field=field,
                    old=str(old),
                    new=str(new),
                )


# --- inquiry types and checklists -------------------------------------------------------


def list_inquiry_types(ctx: ServiceContext) -> list[TypeRow]:
    """Every inquiry type, switched-off ones too, with its checklist, in order."""
    with ctx.db.session() as session:
        docs: dict[int, list[ChecklistRow]] = {}
        for doc in session.scalars(
            select(ChecklistTemplate).order_by(ChecklistTemplate.position, ChecklistTemplate.id)
        ):
            docs.setdefault(doc.inquiry_type_id, []).append(
                ChecklistRow(doc.id, doc.doc_key, doc.name, doc.required)
            )
        return [
            TypeRow(t.id, t.key, t.name, t.active, tuple(docs.get(t.id, ())))
            for t in session.scalars(select(InquiryType).order_by(InquiryType.position))
        ]


def _check_types(rows: list[TypeRow], stored: dict[int, InquiryType]) -> None:
    names: set[str] = set()
    for number, row in enumerate(rows, start=1):
        name = _name(row.name, "Inquiry type", number)
        if name.lower() in names:
            raise InvalidInput(f"two inquiry types are called '{name}'")
        names.add(name.lower())
        if row.id is not None and row.id not in stored:
            raise InvalidInput(f"Inquiry type '{name}' no longer exists; reopen Settings")
        doc_names: set[str] = set()
        for n, doc in enumerate(row.checklist, start=1):
            doc_name = _name(doc.name, f"{name}: document", n)
            if doc_name.lower() in doc_names:
                raise InvalidInput(f"{name}: the checklist lists '{doc_name}' twice")
            doc_names.add(doc_name.lower())
    if set(stored) - {row.id for row in rows}:
        raise InvalidInput("inquiry types cannot be deleted; switch them off instead")
    if not any(row.active for row in rows):
        raise InvalidInput("at least one inquiry type must stay active")


def _save_checklist(
    session: Session, type_id: int, docs: tuple[ChecklistRow, ...], now: datetime
) -> None:
    """A type's checklist template; existing inquiries keep the copy they were given."""
    stored = {
        d.id: d
        for d in session.scalars(
            select(ChecklistTemplate).where(ChecklistTemplate.inquiry_type_id == type_id)
        )
    }
    kept = {doc.id for doc in docs if doc.id is not None}
    for gone in set(stored) - kept:
        audit.record(
            session,
            at=now,
            entity="checklist_template",
            entity_id=gone,
            action="delete",
            old=stored[gone].name,
        )
        session.delete(stored[gone])
    session.flush()  # free the removed doc keys before new ones take them
    keys = {d.doc_key for i, d in stored.items() if i in kept}
    for position, doc in enumerate(docs):
        values = {
            "name": " ".join(doc.name.split()),
            "required": doc.required,
            "position": position,
        }
        if doc.id is None or doc.id not in stored:
            key = _unique_key(slug(doc.name), keys)
            row = ChecklistTemplate(inquiry_type_id=type_id, doc_key=key, **values)
            session.add(row)
            session.flush()
            audit.record(
                session,
                at=now,
                entity="checklist_template",
                entity_id=row.id,
                action="create",
                new=row.name,
            )
        else:
            _update(session, stored[doc.id], values, "checklist_template", now)


def save_inquiry_types(ctx: ServiceContext, rows: list[TypeRow]) -> list[TypeRow]:
    """Rename, reorder, add and switch off inquiry types, and edit each one's checklist
    (add, rename, reorder, required or not, remove). New inquiries get the new checklist."""
    with ctx.db.session() as session:
        write_inquiry_types(session, rows, ctx.clock.now())
    return list_inquiry_types(ctx)


def write_inquiry_types(session: Session, rows: list[TypeRow], now: datetime) -> None:
    """`save_inquiry_types` inside an open transaction."""
    stored = {t.id: t for t in session.scalars(select(InquiryType))}
    _check_types(rows, stored)
    keys = {t.key for t in stored.values()}
    for position, row in enumerate(rows):
        values = {
            "name": " ".join(row.name.split()),
            "active": row.active,
            "position": position,
        }
        if row.id is None:
            inquiry_type = InquiryType(key=_unique_key(slug(row.name), keys), **values)
            session.add(inquiry_type)
            session.flush()
            audit.record(
                session,
                at=now,
                entity="inquiry_type",
                entity_id=inquiry_type.id,
                action="create",
                new=inquiry_type.name,
            )
            row = replace(row, id=inquiry_type.id)
        else:
            _update(session, stored[row.id], values, "inquiry_type", now)
        assert row.id is not None
        _save_checklist(session, row.id, row.checklist, now)
