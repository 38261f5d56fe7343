"""Reading follow-up rules from their editable JSON form, with readable errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import timedelta
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

from app.domain.enums import RuleKind, TaskKind
from app.domain.followup_model import (
    AnniversaryRule,
    CadenceStep,
    DocumentNagRule,
    FollowupRules,
    NewLeadRule,
    RenewalRule,
    StageNextRule,
    StaleRule,
)

# --- reading the JSON config ----------------------------------------------------------------

DEFAULT_NAG_TITLE = "Nag: {item} requested {ago}"
DEFAULT_RENEWAL_TITLE = "Renewal check: term matures in {days} days ({maturity})"
DEFAULT_STALE_TITLE = "Reconnect: no contact for {days} days"
DEFAULT_ANNIVERSARY_TITLE = "Check in: {ordinal} funding anniversary"
DEFAULT_NEXT_TITLE = "Follow up: next step ({stage})"
DEFAULT_WAITING_TITLE = "Check in: waiting on client"

_COMMON_FIELDS = frozenset({"kind", "name", "active"})
_PARAMS: dict[RuleKind, frozenset[str]] = {
    RuleKind.NEW_LEAD: frozenset({"steps", "stop_on", "first_stage"}),
    RuleKind.DOCUMENT_NAG: frozenset({"after_days", "repeat_days", "max_nags", "title"}),
    RuleKind.RENEWAL: frozenset({"days_before", "hour_utc", "title"}),
    RuleKind.STALE: frozenset({"after_days", "title"}),
    RuleKind.ANNIVERSARY: frozenset({"years", "title"}),
    RuleKind.STAGE_NEXT: frozenset({"title", "waiting_title"}),
}
_STEP_FIELDS = frozenset({"after_minutes", "after_days", "kind", "title"})
_STOP_EVENTS = ("reply", "stage_change", "closed")


class _Reader:
    """Reads typed fields of one rule object, failing with a message that names the rule."""

    def __init__(self, key: str, raw: Mapping[str, Any], where: str = "") -> None:
        self.key = key
        self.raw = raw
        self.where = where or f"follow-up rule '{key}'"

    def fail(self, message: str) -> NoReturn:
        raise ValueError(f"{self.where}: {message}")

    def has(self, field: str) -> bool:
        return self.raw.get(field) is not None

    def integer(self, field: str, *, minimum: int, default: int | None = None) -> int:
        value = self.raw.get(field, default)
        # bool is an int subclass; `true` is never a meaningful count
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(f"'{field}' must be a whole number, got {value!r}")
        if value < minimum:
            self.fail(f"'{field}' must be at least {minimum}, got {value}")
        return value

    def optional_integer(self, field: str, *, minimum: int) -> int | None:
        return self.integer(field, minimum=minimum) if self.has(field) else None

    def integers(self, field: str, *, minimum: int) -> list[int]:
        values = self.raw.get(field)
        if not isinstance(values, list) or not values:
            self.fail(f"'{field}' must be a non-empty list of whole numbers, got {values!r}")
        for value in values:
            if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
                self.fail(f"'{field}' entries must be whole numbers >= {minimum}, got {value!r}")
        if len(set(values)) != len(values):
            self.fail(f"'{field}' has repeated entries: {values}")
        return list(values)

    def text(self, field: str, default: str | None = None) -> str:
        value = self.raw.get(field, default)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"'{field}' must be a non-empty text, got {value!r}")
        return value

    def template(self, field: str, default: str | None, sample: Mapping[str, object]) -> str:
        value = self.text(field, default)
        try:
            value.format(**sample)
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            allowed = ", ".join("{" + name + "}" for name in sample) or "none"
            self.fail(f"'{field}' {value!r} is not a valid title ({exc!r}); use {allowed}")
        return value


def _parse_steps(reader: _Reader) -> tuple[CadenceStep, ...]:
    raw_steps = reader.raw.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        reader.fail("'steps' must be a non-empty list")
    steps: list[CadenceStep] = []
    for number, raw in enumerate(raw_steps, start=1):
        where = f"{reader.where} step {number}"
        step = _Reader(reader.key, raw if isinstance(raw, Mapping) else {}, where)
        if not isinstance(raw, Mapping):
            step.fail(f"must be an object, got {raw!r}")
        unknown = sorted(set(raw) - _STEP_FIELDS)
        if unknown:
            step.fail(f"unknown setting(s) {unknown}; expected {sorted(_STEP_FIELDS)}")
        if step.has("after_minutes") == step.has("after_days"):
            step.fail("give exactly one of 'after_minutes' or 'after_days'")
        if step.has("after_minutes"):
            offset = timedelta(minutes=step.integer("after_minutes", minimum=0))
        else:
            offset = timedelta(days=step.integer("after_days", minimum=0))
        if steps and offset < steps[-1].offset:
            step.fail("steps must be in time order (this one comes before the previous one)")
        kind = _enum(step, "kind", TaskKind)
        title = step.template("title", None, {"n": number, "total": len(raw_steps)})
        steps.append(CadenceStep(offset=offset, kind=kind, title=title))
    return tuple(steps)


_E = TypeVar("_E", bound=StrEnum)


def _enum(reader: _Reader, field: str, enum: type[_E]) -> _E:
    value = reader.raw.get(field)
    try:
        return enum(str(value))
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        reader.fail(f"'{field}' must be one of {choices}; got {value!r}")


def _parse_new_lead(reader: _Reader, name: str) -> NewLeadRule:
    stop_on = reader.raw.get("stop_on", ["reply", "stage_change"])
    if not isinstance(stop_on, list) or any(event not in _STOP_EVENTS for event in stop_on):
        reader.fail(f"'stop_on' must be a list drawn from {list(_STOP_EVENTS)}, got {stop_on!r}")
    return NewLeadRule(
        key=reader.key,
        name=name,
        steps=_parse_steps(reader),
        stop_on=frozenset(stop_on),
        first_stage=reader.text("first_stage", "new"),
    )


def _parse_document_nag(reader: _Reader, name: str) -> DocumentNagRule:
    return DocumentNagRule(
        key=reader.key,
        name=name,
        after_days=reader.integer("after_days", minimum=0),
        repeat_days=reader.optional_integer("repeat_days", minimum=1),
        max_nags=reader.optional_integer("max_nags", minimum=1),
        title=reader.template("title", DEFAULT_NAG_TITLE, {"item": "ID", "ago": "3 days ago"}),
    )


def _parse_renewal(reader: _Reader, name: str) -> RenewalRule:
    hour = reader.integer("hour_utc", minimum=0, default=9)
    if hour > 23:
        reader.fail(f"'hour_utc' must be 0..23, got {hour}")
    sample = {"days": 90, "maturity": "2030-01-31"}
    return RenewalRule(
        key=reader.key,
        name=name,
        days_before=tuple(sorted(reader.integers("days_before", minimum=0), reverse=True)),
        hour_utc=hour,
        title=reader.template("title", DEFAULT_RENEWAL_TITLE, sample),
    )


def _parse_stale(reader: _Reader, name: str) -> StaleRule:
    return StaleRule(
        key=reader.key,
        name=name,
        after_days=reader.integer("after_days", minimum=1),
        title=reader.template("title", DEFAULT_STALE_TITLE, {"days": 14}),
    )


def _parse_anniversary(reader: _Reader, name: str) -> AnniversaryRule:
    return AnniversaryRule(
        key=reader.key,
        name=name,
        years=tuple(sorted(reader.integers("years", minimum=1))),
        title=reader.template("title", DEFAULT_ANNIVERSARY_TITLE, {"n": 1, "ordinal": "1st"}),
    )


def _parse_stage_next(reader: _Reader, name: str) -> StageNextRule:
    sample = {"stage": "contacted"}
    return StageNextRule(
        key=reader.key,
        name=name,
        title=reader.template("title", DEFAULT_NEXT_TITLE, sample),
        waiting_title=reader.template("waiting_title", DEFAULT_WAITING_TITLE, sample),
    )


_PARSERS: dict[RuleKind, Callable[[_Reader, str], object]] = {
    RuleKind.NEW_LEAD: _parse_new_lead,
    RuleKind.DOCUMENT_NAG: _parse_document_nag,
    RuleKind.RENEWAL: _parse_renewal,
    RuleKind.STALE: _parse_stale,
    RuleKind.ANNIVERSARY: _parse_anniversary,
    RuleKind.STAGE_NEXT: _parse_stage_next,
}


def load_rules(config: Mapping[str, Any]) -> FollowupRules:
    """Parse the follow-up rules JSON (rule key -> rule object) into `FollowupRules`.

    Every rule is validated, switched-off ones too, so a typo never hides. At most one rule
    of each kind may be active. Raises ValueError with a message naming the rule and field.
    """
    if not isinstance(config, Mapping):
        raise ValueError("follow-up rules must be a JSON object of rule key -> rule")
    active: dict[RuleKind, str] = {}
    chosen: dict[str, Any] = {}  # FollowupRules field name -> parsed rule
    for key, raw in config.items():
        if not isinstance(key, str) or not key.strip():
            raise ValueError(f"follow-up rule keys must be non-empty text, got {key!r}")
        if not isinstance(raw, Mapping):
            raise ValueError(f"follow-up rule '{key}': must be an object, got {raw!r}")
        reader = _Reader(key, raw)
        kind = _enum(reader, "kind", RuleKind)
        unknown = sorted(set(raw) - _COMMON_FIELDS - _PARAMS[kind])
        if unknown:
            allowed = sorted(_COMMON_FIELDS | _PARAMS[kind])
            reader.fail(f"unknown setting(s) {unknown} for a {kind} rule; expected {allowed}")
        name = reader.text("name")
        is_active = raw.get("active", True)
        if not isinstance(is_active, bool):
            reader.fail(f"'active' must be true or false, got {is_active!r}")
        rule = _PARSERS[kind](reader, name)
        if not is_active:
            continue
        if kind in active:
            raise ValueError(
                f"follow-up rules '{active[kind]}' and '{key}' are both active {kind} rules;"
                " switch one off"
            )
        active[kind] = key
        chosen[kind.value] = rule
    return replace(FollowupRules(), **chosen)
