"""First-run defaults: what seeding puts in a fresh database, and that it runs only once."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.clock import FixedClock
from app.db.engine import Database
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
from app.services import defaults
from app.services.defaults import (
    TEMPLATE_PLACEHOLDERS,
    load_default_json,
    seed_defaults,
    template_placeholders,
)

STAGE_KEYS = [
    "new",
    "contacted",
    "qualified",
    "collecting_documents",
    "application_submitted",
    "lender_review",
    "approved",
    "funded",
    "lost",
    "waiting_on_client",
]
TYPE_KEYS = [
    "purchase",
    "refinance",
    "renewal",
    "pre_approval",
    "debt_consolidation",
    "second_mortgage",
    "construction",
    "commercial",
    "heloc",
    "general_advice",
]


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def seeded(db: Database, clock: FixedClock) -> Database:
    with db.session() as session:
        assert seed_defaults(session, now=clock.now()) is True
    return db


def test_stages_are_seeded_in_order(seeded: Database) -> None:
    with seeded.session() as session:
        stages = session.scalars(select(Stage).order_by(Stage.position)).all()
    assert [s.key for s in stages] == STAGE_KEYS
    assert [s.position for s in stages] == list(range(10))
    by_key = {s.key: s for s in stages}
    assert by_key["new"].name == "New"
    assert (by_key["new"].is_warm, by_key["new"].followup_days) == (False, 1)
    assert by_key["qualified"].name == "Qualified / Pre-approval"
    assert (by_key["contacted"].is_warm, by_key["contacted"].followup_days) == (True, 2)
    waiting = by_key["waiting_on_client"]
    assert (waiting.kind, waiting.is_warm, waiting.followup_days) == ("waiting", True, 5)
    assert all(s.active for s in stages)


def test_stage_kinds_are_valid_with_one_won_and_one_lost(seeded: Database) -> None:
    with seeded.session() as session:
        kinds = list(session.scalars(select(Stage.kind)))
    assert set(kinds) <= {k.value for k in StageKind}
    assert kinds.count(StageKind.WON) == 1
    assert kinds.count(StageKind.LOST) == 1
    with seeded.session() as session:
        won = session.scalars(select(Stage).where(Stage.kind == StageKind.WON)).one()
        lost = session.scalars(select(Stage).where(Stage.kind == StageKind.LOST)).one()
    assert (won.key, lost.key) == ("funded", "lost")


def test_inquiry_types_come_with_their_checklists(seeded: Database) -> None:
    with seeded.session() as session:
        types = session.scalars(select(InquiryType).order_by(InquiryType.position)).all()
        checklists = {
            t.key: session.scalars(
                select(ChecklistTemplate)
                .where(ChecklistTemplate.inquiry_type_id == t.id)
                .order_by(ChecklistTemplate.position)
            ).all()
            for t in types
        }
    assert [t.key for t in types] == TYPE_KEYS
    assert all(t.name and t.active for t in types)
    for key, items in checklists.items():
        low, high = (0, 1) if key == "general_advice" else (4, 10)
        assert low <= len(items) <= high, key
        assert [i.position for i in items] == list(range(len(items)))
        assert all(i.doc_key and i.name for i in items)
    docs = {key: {i.doc_key for i in items} for key, items in checklists.items()}
    assert {"photo_id", "pay_stubs", "down_payment_proof", "purchase_agreement"} <= docs["purchase"]
    assert "renewal_letter" in docs["renewal"]
    assert {"builder_contract", "draw_schedule"} <= docs["construction"]
    assert {"business_financials", "rent_roll"} <= docs["commercial"]
    assert {"debts_list", "credit_card_statements"} <= docs["debt_consolidation"]
    assert any(i.required for i in checklists["purchase"])
    assert any(not i.required for i in checklists["purchase"])


def test_sources_templates_settings_rules_and_user(seeded: Database) -> None:
    with seeded.session() as session:
        sources = {s.key: s for s in session.scalars(select(Source))}
        templates = session.scalars(select(EmailTemplate)).all()
        settings = {s.key: json.loads(s.value) for s in session.scalars(select(Setting))}
        rules = session.scalars(select(FollowupRule).order_by(FollowupRule.position)).all()
        users = session.scalars(select(User)).all()
        audit = session.scalars(select(AuditEntry)).all()

    assert len(sources) == 10
    assert {s.kind for s in sources.values()} == {k.value for k in SourceKind}
    assert sources["rate_comparison"].cost_per_lead == Decimal("45.00")
    assert sources["lead_vendor"].cost_per_lead == Decimal("35.00")
    assert sources["phone"].cost_per_lead is None

    assert 4 <= len(templates) <= 5
    for template in templates:
        used = template_placeholders(template.subject + template.body)
        assert used <= TEMPLATE_PLACEHOLDERS, template.key
    doc_request = next(t for t in templates if t.key == "document_request")
    assert {"first_name", "missing_documents", "broker_name", "broker_signature"} <= (
        template_placeholders(doc_request.body)
    )
    assert any("maturity_date" in template_placeholders(t.subject + t.body) for t in templates)

    assert settings == load_default_json("settings.json")
    assert settings["default_phone_region"] == "CA"
    assert settings["working_hours"] == {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "17:30"}
    assert settings["stale_after_days"] == 14

    rule_file = resources_dir() / "defaults" / "followup_rules.json"
    expected = load_default_json(rule_file.name) if rule_file.is_file() else {}
    assert [r.key for r in rules] == list(expected or {})
    for pos, rule in enumerate(rules):
        params = json.loads(rule.params)
        assert rule.position == pos
        assert not {"kind", "name", "active"} & params.keys()
        assert (rule.kind, rule.name, rule.active) == (
            expected[rule.key]["kind"],
            expected[rule.key]["name"],
            expected[rule.key].get("active", True),
        )

    assert [(u.name, u.active) for u in users] == [("Me", True)]
    assert [(a.action, a.at) for a in audit] == [("seed_defaults", audit[0].at)]


def test_seeding_twice_is_a_no_op_and_keeps_broker_edits(
    seeded: Database, clock: FixedClock
) -> None:
    with seeded.session() as session:
        session.scalars(select(Stage).where(Stage.key == "contacted")).one().name = "Reached"
        theme = session.get(Setting, "theme")
        assert theme is not None
        theme.value = json.dumps("dark")
    models = (Stage, InquiryType, ChecklistTemplate, Source, EmailTemplate, FollowupRule, User)
    with seeded.session() as session:
        before = {m: _count(session, m) for m in (*models, Setting)}
    with seeded.session() as session:
        assert seed_defaults(session, now=clock.now()) is False
    with seeded.session() as session:
        assert {m: _count(session, m) for m in (*models, Setting)} == before
        assert session.scalars(select(Stage.name).where(Stage.key == "contacted")).one() == (
            "Reached"
        )
        assert session.scalars(select(Setting.value).where(Setting.key == "theme")).one() == (
            json.dumps("dark")
        )


def test_a_database_with_its_own_stages_is_left_alone(db: Database, clock: FixedClock) -> None:
    with db.session() as session:
        session.add(Stage(key="mine", name="My only stage", position=0))
    with db.session() as session:
        assert seed_defaults(session, now=clock.now()) is False
    with db.session() as session:
        assert _count(session, Stage) == 1
        assert _count(session, Source) == _count(session, User) == _count(session, Setting) == 0


# --- broken or partial default files ----------------------------------------------------


@pytest.fixture
def fake_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped defaults that a test may break; the service reads it instead."""
    root = tmp_path / "resources"
    shutil.copytree(resources_dir() / "defaults", root / "defaults")
    monkeypatch.setattr(defaults, "resources_dir", lambda: root)
    return root / "defaults"


def _seed_fails(db: Database, now: datetime, match: str) -> None:
    with pytest.raises(ValueError, match=match), db.session() as session:
        seed_defaults(session, now=now)
    with db.session() as session:  # the failed run rolled back completely
        assert _count(session, Stage) == _count(session, InquiryType) == 0


def test_a_stage_without_a_key_is_a_readable_error(
    db: Database, clock: FixedClock, fake_resources: Path
) -> None:
    stages = json.loads((fake_resources / "stages.json").read_text())
    del stages[2]["key"]
    (fake_resources / "stages.json").write_text(json.dumps(stages))
    _seed_fails(db, clock.now(), "stages.json: stage 3 has no key")


@pytest.mark.parametrize(
    ("file", "mutate", "match"),
    [
        ("stages.json", lambda d: d[0].update(kind="maybe"), "stage 1: unknown kind 'maybe'"),
        ("stages.json", lambda d: d[8].update(kind="won"), "exactly one 'won' stage"),
        ("sources.json", lambda d: d[1].update(key="website_form"), "duplicate key"),
        ("sources.json", lambda d: d[6].update(cost_per_lead="45"), "cost_per_lead must be"),
        ("email_templates.json", lambda d: d[0].update(body="Hi {nickname}"), "nickname"),
        ("inquiry_types.json", lambda d: d[0]["checklist"][1].pop("name"), "item 2 has no name"),
    ],
)
def test_invalid_defaults_are_rejected(
    db: Database,
    clock: FixedClock,
    fake_resources: Path,
    file: str,
    mutate: Callable[[Any], object],
    match: str,
) -> None:
    data = json.loads((fake_resources / file).read_text())
    mutate(data)
    (fake_resources / file).write_text(json.dumps(data))
    _seed_fails(db, clock.now(), match)


def test_broken_json_names_the_file(fake_resources: Path) -> None:
    (fake_resources / "settings.json").write_text("{not json")
    with pytest.raises(ValueError, match=r"settings\.json: not valid JSON"):
        load_default_json("settings.json")


@pytest.mark.parametrize("content", [None, "", "{}"])
def test_missing_or_empty_rules_file_seeds_everything_else(
    db: Database, clock: FixedClock, fake_resources: Path, content: str | None
) -> None:
    rules = fake_resources / "followup_rules.json"
    rules.unlink(missing_ok=True)
    if content is not None:
        rules.write_text(content)
    with db.session() as session:
        assert seed_defaults(session, now=clock.now()) is True
    with db.session() as session:
        assert _count(session, FollowupRule) == 0
        assert _count(session, Stage) == 10
