"""First-run defaults: stages, inquiry types, checklists, sources, templates, rules, settings.

The defaults are data in `resources/defaults/`; they are copied into the database once, on
the first run, and from then on the broker edits the database copy. A database that already
has stages is never touched again, so the broker's edits survive every start.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import (
    AuditEntry,
    ChecklistTemplate,
    EmailTemplate,
    FollowupRule,
    InquiryType,
    Setting,
    Source,
    Stage,
    User,
)
from app.domain.enums import SourceKind, StageKind
from app.paths import resources_dir

DEFAULT_USER_NAME = "Me"
RULES_FILE = "followup_rules.json"

# The placeholders an email template may use; the mail service fills each of them.
TEMPLATE_PLACEHOLDERS = frozenset(
    {
        "first_name", "last_name", "full_name", "broker_name", "broker_email",
        "broker_signature", "missing_documents", "maturity_date", "inquiry_type",
        "property_address", "funded_date",
    }
)  # fmt: skip


def load_default_json(name: str) -> Any:
    """Parse `resources/defaults/<name>` (e.g. "stages.json"); a readable error if broken."""
    path = resources_dir() / "defaults" / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{name}: not valid JSON ({exc})") from exc


def template_placeholders(text: str) -> set[str]:
    """The `{names}` used in a template text (`{{` and `}}` are literal braces)."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError as exc:
        raise ValueError(f"unbalanced braces ({exc})") from exc


def _keyed(file: str, what: str) -> Iterator[tuple[int, str, str, dict[str, Any]]]:
    """Each object of a JSON list file as (position, where, key, item); keys must be unique."""
    data = load_default_json(file)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValueError(f"{file}: expected a list of {what} objects")
    seen: set[str] = set()
    for pos, item in enumerate(data):
        where = f"{file}: {what} {pos + 1}"
        key = _text(item, "key", where)
        if key in seen:
            raise ValueError(f"{where}: duplicate key {key!r}")
        seen.add(key)
        yield pos, where, key, item


def _text(item: dict[str, Any], field: str, where: str) -> str:
    value = item.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} has no {field}")
    return value


def _bool(item: dict[str, Any], field: str, where: str, default: bool) -> bool:
    value = item.get(field, default)
    if not isinstance(value, bool):
        raise ValueError(f"{where}: {field} must be true or false")
    return value


def _money(item: dict[str, Any], field: str, where: str) -> Decimal | None:
    value = item.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{where}: {field} must be a non-negative number or null")
    return Decimal(str(value))


def _stages() -> list[Stage]:
    stages: list[Stage] = []
    for pos, where, key, item in _keyed("stages.json", "stage"):
        kind = item.get("kind", StageKind.OPEN.value)
        if kind not in {k.value for k in StageKind}:
            raise ValueError(f"{where}: unknown kind {kind!r}")
        days = item.get("followup_days", 2)
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise ValueError(f"{where}: followup_days must be a whole number >= 0")
        warm, name = _bool(item, "is_warm", where, False), _text(item, "name", where)
        stages.append(
            Stage(key=key, name=name, position=pos, kind=kind, is_warm=warm, followup_days=days)
        )
    for kind in (StageKind.WON, StageKind.LOST):
        if sum(stage.kind == kind.value for stage in stages) != 1:
            raise ValueError(f"stages.json: needs exactly one {kind.value!r} stage")
    return stages


def _inquiry_types() -> list[tuple[InquiryType, list[ChecklistTemplate]]]:
    types: list[tuple[InquiryType, list[ChecklistTemplate]]] = []
    for pos, where, key, item in _keyed("inquiry_types.json", "type"):
        checklist = item.get("checklist", [])
        if not isinstance(checklist, list) or not all(isinstance(d, dict) for d in checklist):
            raise ValueError(f"{where}: checklist must be a list of objects")
        docs: list[ChecklistTemplate] = []
        for n, doc in enumerate(checklist):
            doc_where = f"inquiry_types.json: {key} checklist item {n + 1}"
            doc_key = _text(doc, "doc_key", doc_where)
            if any(d.doc_key == doc_key for d in docs):
                raise ValueError(f"{doc_where}: duplicate doc_key {doc_key!r}")
            name, required = _text(doc, "name", doc_where), _bool(doc, "required", doc_where, True)
            docs.append(
                ChecklistTemplate(doc_key=doc_key, name=name, position=n, required=required)
            )
        types.append((InquiryType(key=key, name=_text(item, "name", where), position=pos), docs))
    return types


def _sources() -> list[Source]:
    sources: list[Source] = []
    for _, where, key, item in _keyed("sources.json", "source"):
        kind = _text(item, "kind", where)
        if kind not in {k.value for k in SourceKind}:
            raise ValueError(f"{where}: unknown kind {kind!r}")
        cost, monthly = _money(item, "cost_per_lead", where), _money(item, "monthly_cost", where)
        name = _text(item, "name", where)
        sources.append(
            Source(key=key, name=name, kind=kind, cost_per_lead=cost, monthly_cost=monthly)
        )
    return sources


def _email_templates() -> list[EmailTemplate]:
    templates: list[EmailTemplate] = []
    for _, where, key, item in _keyed("email_templates.json", "template"):
        subject, body = _text(item, "subject", where), _text(item, "body", where)
        try:
            unknown = template_placeholders(subject + "\n" + body) - TEMPLATE_PLACEHOLDERS
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from exc
        if unknown:
            raise ValueError(f"{where}: unknown placeholders {sorted(unknown)}")
        name = _text(item, "name", where)
        templates.append(EmailTemplate(key=key, name=name, subject=subject, body=body))
    return templates


def _followup_rules() -> list[FollowupRule]:
    path = resources_dir() / "defaults" / RULES_FILE
    if not path.is_file() or not path.read_text(encoding="utf-8").strip():
        return []  # no rules shipped (yet): everything else is still seeded
    data = load_default_json(RULES_FILE)
    if not isinstance(data, dict):
        raise ValueError(f"{RULES_FILE}: expected an object of rules keyed by rule key")
    rules: list[FollowupRule] = []
    for pos, (key, item) in enumerate(data.items()):
        where = f"{RULES_FILE}: rule {key!r}"
        if not isinstance(item, dict):
            raise ValueError(f"{where} is not an object")
        params = {k: v for k, v in item.items() if k not in {"kind", "name", "active"}}
        rules.append(
            FollowupRule(
                key=key,
                kind=_text(item, "kind", where),
                name=_text(item, "name", where),
                params=json.dumps(params),
                active=_bool(item, "active", where, True),
                position=pos,
            )
        )
    return rules


def seed_defaults(session: Session, *, now: datetime) -> bool:
    """Fill an empty database with the shipped defaults; True if it seeded.

    A database that already has any stage is left exactly as it is (returns False).
    Settings or a "Me" user that already exist are kept. `now` stamps the audit entry.
    An invalid default file raises a readable `ValueError` before anything is written.
    """
    if session.scalar(select(Stage.id).limit(1)) is not None:
        return False
    settings = load_default_json("settings.json")
    if not isinstance(settings, dict):
        raise ValueError("settings.json: expected an object of setting values")
    # Read and check every file before writing anything.
    stages, types, sources = _stages(), _inquiry_types(), _sources()
    templates, rules = _email_templates(), _followup_rules()
    session.add_all([*stages, *(t for t, _ in types), *sources, *templates, *rules])
    session.flush()  # the checklist rows need their type's id
    for inquiry_type, docs in types:
        for doc in docs:
            doc.inquiry_type_id = inquiry_type.id
        session.add_all(docs)
    if session.scalar(select(User.id).where(User.name == DEFAULT_USER_NAME)) is None:
        session.add(User(name=DEFAULT_USER_NAME, email="", active=True))
    for key, value in settings.items():
        if session.get(Setting, key) is None:
            session.add(Setting(key=key, value=json.dumps(value)))
    session.add(
        AuditEntry(at=now, actor="system", entity="database", entity_id=0, action="seed_defaults")
    )
    session.flush()
    return True
