"""The Settings dialog's services: simple settings, working hours and follow-up cadences.

Simple settings are declared once in SIMPLE_SETTINGS (key, default, type, label,
tooltip; Vorta's idea) and the dialog's form is generated from that list. Every save is
validated first (a readable InvalidInput, nothing written) and audited.
Stages, inquiry types and checklists are in `app.services.settings_pipeline`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import FollowupRule, Stage
from app.domain.contact_points import normalize_email
from app.domain.followup_config import load_rules
from app.errors import InvalidInput
from app.reminders.working_hours import WorkingHours
from app.services import audit
from app.services.context import ServiceContext
from app.services.settings import get_setting, set_setting
from app.services.settings_pipeline import (
    StageRow,
    TypeRow,
    list_all_stages,
    list_inquiry_types,
    write_inquiry_types,
    write_stages,
)

WORKING_HOURS = "working_hours"
START_ON_LOGIN = "start_on_login"  # also applied to the desktop's autostart by the UI
DEFAULT_HOURS: dict[str, Any] = {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "17:30"}


@dataclass(frozen=True)
class SettingSpec:
    """One simple setting: how it is stored, shown and checked."""

    key: str
    default: Any
    type: str  # "text", "multiline", "email", "region", "int", "choice", "bool"
    label: str
    tooltip: str
    group: str = "Profile"
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for "choice"
    minimum: int = 0
    maximum: int = 0


SIMPLE_SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("broker_name", "", "text", "Name", "Your name, as clients see it in emails"),
    SettingSpec("broker_email", "", "email", "Email", "The address emails to clients come from"),
    SettingSpec(
        "broker_signature",
        "",
        "multiline",
        "Signature",
        "Added under every email from a template ({broker_signature})",
    ),
    SettingSpec(
        "default_phone_region",
        "CA",
        "region",
        "Default phone region",
        "Country for numbers typed without a +country code (two letters, e.g. CA)",
        group="Working",
    ),
    SettingSpec(
        "stale_after_days",
        14,
        "int",
        "Stale after (days)",
        "A warm inquiry with no contact for this long shows as stale on Today",
        group="Working",
        minimum=1,
        maximum=365,
    ),
    SettingSpec(
        "theme",
        "system",
        "choice",
        "Appearance",
        "Light or dark colours; System follows the operating system",
        group="Working",
        choices=(("system", "System"), ("light", "Light"), ("dark", "Dark")),
    ),
    SettingSpec(
        "reminders_new_lead_breaks_through",
        False,
        "bool",
        "New leads pop up outside working hours",
        "Speed to lead: a brand-new inquiry's first call reminder shows at once, even at night",
        group="Working",
    ),
    SettingSpec(
        START_ON_LOGIN,
        False,
        "bool",
        "Start Leadkeeper when I log in",
        "Adds Leadkeeper to your desktop's startup applications, so reminders never wait",
        group="Working",
    ),
)
SPECS = {spec.key: spec for spec in SIMPLE_SETTINGS}


def _checked(spec: SettingSpec, value: Any) -> Any:
    """The value to store for `spec`, or InvalidInput saying what is wrong."""
    if spec.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"{spec.label} must be a whole number")
        if not spec.minimum <= value <= spec.maximum:
            raise InvalidInput(f"{spec.label} must be {spec.minimum} to {spec.maximum}")
        return value
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise InvalidInput(f"{spec.label} must be on or off")
        return value
    if not isinstance(value, str):
        raise InvalidInput(f"{spec.label} must be text")
    text = value.strip() if spec.type != "multiline" else value.rstrip()
    if spec.type == "email" and text:
        return normalize_email(text)  # InvalidInput with the reason when malformed
    if spec.type == "region":
        code = text.upper()
        if code not in phonenumbers.SUPPORTED_REGIONS:
            raise InvalidInput(f"{spec.label}: '{text}' is not a two-letter country code")
        return code
    if spec.type == "choice" and text not in {v for v, _ in spec.choices}:
        raise InvalidInput(
            f"{spec.label}: choose one of {', '.join(label for _, label in spec.choices)}"
        )
    if len(text) > 2000:
        raise InvalidInput(f"{spec.label} is limited to 2000 characters")
    return text


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def read_settings(ctx: ServiceContext) -> dict[str, Any]:
    """Every simple setting (default when unset) and the working hours."""
    with ctx.db.session() as session:
        values = {
            spec.key: get_setting(session, spec.key, spec.default) for spec in SIMPLE_SETTINGS
        }
        hours = get_setting(session, WORKING_HOURS, DEFAULT_HOURS)
    values[WORKING_HOURS] = hours if isinstance(hours, dict) else dict(DEFAULT_HOURS)
    return values


def check_working_hours(value: Any) -> dict[str, Any]:
    """The working hours as stored, or InvalidInput (e.g. the end before the start)."""
    if not isinstance(value, Mapping):
        raise InvalidInput("working hours are days with a start and an end")
    try:
        WorkingHours.parse(value)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"Working hours: {exc}") from exc
    return {"days": sorted(set(value["days"])), "start": value["start"], "end": value["end"]}


def save_settings(ctx: ServiceContext, values: Mapping[str, Any]) -> list[str]:
    """Store the simple settings and working hours in `values` (unknown keys refused);
    all are checked before any is written. Returns the keys whose value changed."""
    with ctx.db.session() as session:
        return write_settings(session, values, ctx.clock.now())


def write_settings(session: Session, values: Mapping[str, Any], now: datetime) -> list[str]:
    """`save_settings` inside an open transaction."""
    checked: dict[str, Any] = {}
    for key, value in values.items():
        if key == WORKING_HOURS:
            checked[key] = check_working_hours(value)
        elif key in SPECS:
            checked[key] = _checked(SPECS[key], value)
        else:
            raise InvalidInput(f"unknown setting '{key}'")
    changed = []
    for key, value in checked.items():
        old = get_setting(session, key, None)
        if old == value:
            continue
        set_setting(session, key, value)
        changed.append(key)
        audit.record(
            session,
            at=now,
            entity="setting",
            entity_id=0,
            action="update",
            field=key,
            old=_json(old),
            new=json.dumps(value),
        )
    return changed


# --- follow-up cadences -----------------------------------------------------------------


@dataclass(frozen=True)
class RuleRow:
    """One follow-up rule as the editor shows it: its parameters as pretty JSON."""

    key: str
    kind: str
    name: str
    active: bool
    params_json: str


def list_rules(ctx: ServiceContext) -> list[RuleRow]:
    """The follow-up rules in their order."""
    with ctx.db.session() as session:
        rows = session.scalars(select(FollowupRule).order_by(FollowupRule.position))
        return [
            RuleRow(
                r.key, r.kind, r.name, r.active, json.dumps(json.loads(r.params or "{}"), indent=2)
            )
            for r in rows
        ]


def _parse_params(row: RuleRow) -> dict[str, Any]:
    try:
        params = json.loads(row.params_json or "{}")
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{row.name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    if not isinstance(params, dict):
        raise InvalidInput(f"{row.name}: the settings must be a JSON object {{...}}")
    clash = sorted({"kind", "name", "active"} & params.keys())
    if clash:
        raise InvalidInput(f"{row.name}: set {', '.join(clash)} with the fields, not in JSON")
    return params


def check_rules(session: Session, rows: list[RuleRow]) -> dict[str, dict[str, Any]]:
    """The rules as stored params, after the follow-up engine accepted them all."""
    params = {row.key: _parse_params(row) for row in rows}
    config = {
        row.key: {
            "kind": row.kind,
            "name": row.name.strip(),
            "active": row.active,
            **params[row.key],
        }
        for row in rows
    }
    try:
        load_rules(config)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    stages = set(session.scalars(select(Stage.key)))
    for row in rows:
        first = params[row.key].get("first_stage")
        if first is not None and first not in stages:
            raise InvalidInput(f"{row.name}: 'first_stage' {first!r} is not a stage key")
    return params


def save_rules(ctx: ServiceContext, rows: list[RuleRow]) -> list[str]:
    """Validate every rule with the follow-up engine, then store them; nothing is written
    when one is wrong. Rules are matched by key (new keys are refused: a rule's kind
    needs code). Returns the keys that changed; open inquiries pick the new cadence up
    on their next re-plan."""
    with ctx.db.session() as session:
        return write_rules(session, rows, ctx.clock.now())


def write_rules(session: Session, rows: list[RuleRow], now: datetime) -> list[str]:
    """`save_rules` inside an open transaction."""
    stored = {r.key: r for r in session.scalars(select(FollowupRule))}
    for row in rows:
        if row.key not in stored:
            raise InvalidInput(f"unknown follow-up rule '{row.key}'")
        if row.kind != stored[row.key].kind:
            raise InvalidInput(f"{row.name}: a rule's kind cannot change")
    params = check_rules(session, rows)
    changed = []
    for row in rows:
        rule = stored[row.key]
        text = json.dumps(params[row.key])
        before = (rule.name, rule.active, json.loads(rule.params or "{}"))
        if before == (row.name.strip(), row.active, params[row.key]):
            continue
        audit.record(
            session,
            at=now,
            entity="followup_rule",
            entity_id=rule.id,
            action="update",
            old=rule.params,
            new=text,
        )
        rule.name, rule.active, rule.params = row.name.strip(), row.active, text
        changed.append(row.key)
    return changed


# --- everything at once -----------------------------------------------------------------


@dataclass(frozen=True)
class SettingsEdit:
    """What the Settings dialog changed; None: that part was not touched."""

    values: Mapping[str, Any] | None = None
    stages: list[StageRow] | None = None
    inquiry_types: list[TypeRow] | None = None
    rules: list[RuleRow] | None = None


@dataclass(frozen=True)
class SettingsSnapshot:
    """Everything the Settings dialog edits, as it is stored now."""

    values: dict[str, Any]
    stages: list[StageRow]
    inquiry_types: list[TypeRow]
    rules: list[RuleRow]


def load_all(ctx: ServiceContext) -> SettingsSnapshot:
    """What the Settings dialog opens with."""
    return SettingsSnapshot(
        read_settings(ctx), list_all_stages(ctx), list_inquiry_types(ctx), list_rules(ctx)
    )


def save_all(ctx: ServiceContext, edit: SettingsEdit) -> list[str]:
    """Save every part of `edit` in one transaction: when one part is refused (an
    InvalidInput saying why), nothing at all is written. Returns what changed, as
    setting keys and "stages", "inquiry_types" or rule keys."""
    now = ctx.clock.now()
    changed: list[str] = []
    with ctx.db.session() as session:
        if edit.values is not None:
            changed += write_settings(session, edit.values, now)
        if edit.stages is not None:
            write_stages(session, edit.stages, now)
            changed.append("stages")
        if edit.inquiry_types is not None:
            write_inquiry_types(session, edit.inquiry_types, now)
            changed.append("inquiry_types")
        if edit.rules is not None:  # after the stages: a rule may name a new stage
            changed += write_rules(session, edit.rules, now)
    return changed
