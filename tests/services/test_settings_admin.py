"""Settings: simple settings, working hours, stages, inquiry types, checklists, cadences."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from app.db.models import AuditEntry
from app.errors import InvalidInput
from app.services.checklist import inquiry_checklist
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.followups import load_followup_rules
from app.services.leads import add_lead
from app.services.lookups import list_stages
from app.services.settings_admin import (
    SettingsEdit,
    list_rules,
    load_all,
    read_settings,
    save_all,
    save_rules,
    save_settings,
)
from app.services.settings_pipeline import (
    ChecklistRow,
    StageRow,
    list_all_stages,
    list_inquiry_types,
    save_inquiry_types,
    save_stages,
)


def audit_count(ctx: ServiceContext) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def stage_names(ctx: ServiceContext) -> list[str]:
    with ctx.db.session() as session:
        return [s.name for s in list_stages(session)]


# --- simple settings and hours ---------------------------------------------------------


def test_profile_region_hours_round_trip_and_audit(ctx: ServiceContext) -> None:
    changed = save_settings(
        ctx,
        {
            "broker_name": "  Dana Broker ",
            "broker_email": "Dana@Example.COM",
            "broker_signature": "Dana\nMortgage agent\n",
            "default_phone_region": "us",
            "working_hours": {"days": [4, 0, 1], "start": "08:30", "end": "18:00"},
        },
    )
    values = read_settings(ctx)
    assert values["broker_name"] == "Dana Broker"
    assert values["broker_email"] == "dana@example.com"
    assert values["broker_signature"] == "Dana\nMortgage agent"
    assert values["default_phone_region"] == "US"
    assert values["working_hours"] == {"days": [0, 1, 4], "start": "08:30", "end": "18:00"}
    assert len(changed) == 5
    before = audit_count(ctx)
    assert save_settings(ctx, {"broker_name": "Dana Broker"}) == []  # unchanged: no entry
    assert audit_count(ctx) == before


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"default_phone_region": "XX"}, "not a two-letter country code"),
        ({"broker_email": "dana@"}, "not a valid email"),
        ({"working_hours": {"days": [0], "start": "18:00", "end": "09:00"}}, "start before"),
        ({"working_hours": {"days": [], "start": "09:00", "end": "17:00"}}, "at least one day"),
        ({"stale_after_days": 0}, "1 to 365"),
        ({"theme": "purple"}, "choose one of"),
        ({"favourite_colour": "red"}, "unknown setting"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(
    ctx: ServiceContext, values: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        save_settings(ctx, {"broker_name": "Saved?", **values})
    assert read_settings(ctx)["broker_name"] == ""


# --- stages ---------------------------------------------------------------------------


def test_rename_reorder_add_and_switch_off_stages(ctx: ServiceContext) -> None:
    rows = list_all_stages(ctx)
    by_key = {r.key: r for r in rows}
    waiting = by_key["waiting_on_client"]
    rows = [r for r in rows if r.key != "waiting_on_client"]
    rows.insert(1, replace(waiting, name="Waiting for the client", followup_days=4))
    rows[0] = replace(rows[0], name="Fresh")
    rows.append(StageRow(None, "", "Appraisal", "open", True, 3))
    rows = [replace(r, active=False) if r.key == "lender_review" else r for r in rows]
    saved = save_stages(ctx, rows)
    assert [s.name for s in saved][:2] == ["Fresh", "Waiting for the client"]
    assert saved[-1].key == "appraisal" and saved[-1].active
    names = stage_names(ctx)
    assert "Lender review" not in names and names[-1] == "Appraisal"


def test_stage_rules_are_checked(ctx: ServiceContext) -> None:
    add_lead(
        ctx,
        ContactInput(first_name="Ann", last_name="T"),
        InquiryInput(contact_id=0, type_key="purchase"),
    )
    rows = list_all_stages(ctx)
    new = next(r for r in rows if r.key == "new")
    with pytest.raises(InvalidInput, match="still holds 1 active inquiries"):
        save_stages(ctx, [replace(r, active=False) if r is new else r for r in rows])
    with pytest.raises(InvalidInput, match="exactly one active 'won' stage"):
        save_stages(ctx, [*rows, StageRow(None, "", "Funded again", "won", False, 0)])
    with pytest.raises(InvalidInput, match="two stages are called"):
        save_stages(ctx, [*rows, StageRow(None, "", "new", "open", False, 0)])
    with pytest.raises(InvalidInput, match="cannot be deleted"):
        save_stages(ctx, rows[1:])
    assert stage_names(ctx)[0] == "New"


# --- inquiry types and checklists -----------------------------------------------------


def test_edit_a_checklist_new_inquiries_get_it(ctx: ServiceContext) -> None:
    types = list_inquiry_types(ctx)
    purchase = next(t for t in types if t.key == "purchase")
    docs = [
        replace(purchase.checklist[1], name="Pay stubs (last two)"),
        purchase.checklist[0],
        ChecklistRow(None, "", "Credit report consent", True),
    ]
    edited = replace(purchase, name="Home purchase", checklist=tuple(docs))
    saved = save_inquiry_types(ctx, [edited if t is purchase else t for t in types])
    again = next(t for t in saved if t.key == "purchase")
    assert again.name == "Home purchase"
    assert [d.name for d in again.checklist] == [
        "Pay stubs (last two)",
        "Government-issued photo ID",
        "Credit report consent",
    ]
    lead = add_lead(
        ctx,
        ContactInput(first_name="Ann", last_name="T"),
        InquiryInput(contact_id=0, type_key="purchase"),
    )
    assert [i.name for i in inquiry_checklist(ctx, lead.inquiry.id)][2] == "Credit report consent"


def test_types_cannot_all_be_off_or_deleted(ctx: ServiceContext) -> None:
    types = list_inquiry_types(ctx)
    with pytest.raises(InvalidInput, match="at least one inquiry type"):
        save_inquiry_types(ctx, [replace(t, active=False) for t in types])
    with pytest.raises(InvalidInput, match="cannot be deleted"):
        save_inquiry_types(ctx, types[1:])


# --- cadences -------------------------------------------------------------------------


def test_edit_a_cadence_the_engine_uses_it(ctx: ServiceContext) -> None:
    rules = list_rules(ctx)
    stale = next(r for r in rules if r.key == "stale_warm")
    params = json.loads(stale.params_json)
    params["after_days"] = 21
    edited = replace(stale, params_json=json.dumps(params), name="Quiet for three weeks")
    assert save_rules(ctx, [edited if r is stale else r for r in rules]) == ["stale_warm"]
    with ctx.db.session() as session:
        assert load_followup_rules(session).stale.after_days == 21  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("params_json", "message"),
    [
        ('{"after_days": 21,', "not valid JSON"),
        ('{"after_days": -1}', "'after_days' must be at least 1"),
        ('{"after_days": 5, "colour": "red"}', "unknown setting"),
        ("[1, 2]", "must be a JSON object"),
    ],
)
def test_invalid_cadence_is_refused_with_a_reason(
    ctx: ServiceContext, params_json: str, message: str
) -> None:
    rules = list_rules(ctx)
    stale = next(r for r in rules if r.key == "stale_warm")
    bad = replace(stale, params_json=params_json)
    with pytest.raises(InvalidInput, match=message):
        save_rules(ctx, [bad if r is stale else r for r in rules])
    assert list_rules(ctx) == rules


def test_save_all_is_one_transaction(ctx: ServiceContext) -> None:
    snapshot = load_all(ctx)
    stale = next(r for r in snapshot.rules if r.key == "stale_warm")
    bad_rules = [replace(r, params_json="{") if r is stale else r for r in snapshot.rules]
    renamed = [replace(snapshot.stages[0], name="Fresh"), *snapshot.stages[1:]]
    with pytest.raises(InvalidInput, match="Reconnect with quiet warm inquiries: not valid JSON"):
        save_all(ctx, SettingsEdit(values={"broker_name": "Dana"}, stages=renamed, rules=bad_rules))
    assert read_settings(ctx)["broker_name"] == ""  # nothing of it was written
    assert stage_names(ctx)[0] == "New"
    changed = save_all(ctx, SettingsEdit(values={"broker_name": "Dana"}, stages=renamed))
    assert changed == ["broker_name", "stages"] and stage_names(ctx)[0] == "Fresh"
