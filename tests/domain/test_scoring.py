"""Tests of the lead score: bounds, monotonicity, neutral priors, readable reasons, storage."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta

import pytest

from app.domain.scoring import (
    Score,
    ScoreInputs,
    score_from_json,
    score_inquiry,
    score_to_json,
)

TODAY = date(2026, 3, 2)
BASE = ScoreInputs(
    type_key="purchase",
    target_close_date=TODAY + timedelta(days=21),
    today=TODAY,
    source_won=4,
    source_lost=6,
    days_since_last_inbound=2,
    days_since_created=10,
    checklist_total=8,
    checklist_done=3,
)


def part(score: Score, key: str) -> int:
    (points,) = [p.points for p in score.parts if p.key == key]
    return points


def test_parts_are_explained_and_add_up() -> None:
    score = score_inquiry(BASE)
    assert [p.key for p in score.parts] == ["intent", "source", "engagement", "checklist"]
    assert [p.max_points for p in score.parts] == [30, 20, 25, 25]
    assert score.total == sum(p.points for p in score.parts)
    reasons = {p.key: p.reason for p in score.parts}
    assert reasons == {
        "intent": "Purchase closing in 21 days",
        "source": "Source funded 4 of 10 closed (40%)",
        "engagement": "Last reply 2 days ago",
        "checklist": "3 of 8 items in (38%)",
    }
    assert score.parts[0].label == "Type and timeline"
    assert score.parts[1].label == "Source track record"


def test_total_always_within_bounds() -> None:
    grid = itertools.product(
        ["purchase", "general_advice", "brand_new_type", ""],
        [None, -400, -1, 0, 30, 31, 91],
        [0, 1, 50],
        [0, 1, 50],
        [None, -3, 0, 365],
        [-1, 0, 3, 900],
        [-2, 0, 5],
        [-1, 0, 5, 9],
    )
    for type_key, close_in, won, lost, inbound, age, total, done in grid:
        close = None if close_in is None else TODAY + timedelta(days=close_in)
        inputs = ScoreInputs(type_key, close, TODAY, won, lost, inbound, age, total, done)
        score = score_inquiry(inputs)
        assert 0 <= score.total <= 100, inputs
        assert score.total == sum(p.points for p in score.parts)
        assert all(0 <= p.points <= p.max_points and p.reason for p in score.parts), inputs


def test_best_and_worst_cases_reach_the_ends() -> None:
    best = replace(BASE, source_won=100, source_lost=0, days_since_last_inbound=0, checklist_done=8)
    assert score_inquiry(best).total == 100
    worst = replace(
        BASE,
        type_key="general_advice",
        target_close_date=TODAY + timedelta(days=400),
        source_won=0,
        source_lost=100,
        days_since_last_inbound=None,
        days_since_created=365,
        checklist_done=0,
    )
    assert score_inquiry(worst).total < 10


def test_recent_reply_scores_at_least_an_old_one() -> None:
    points = [
        part(score_inquiry(replace(BASE, days_since_last_inbound=d)), "engagement")
        for d in range(0, 120)
    ]
    assert points == sorted(points, reverse=True)
    assert points[0] == 25 and points[0] > points[7] > points[30]


def test_never_replied_decays_with_age() -> None:
    points = [
        part(
            score_inquiry(replace(BASE, days_since_last_inbound=None, days_since_created=d)),
            "engagement",
        )
        for d in range(0, 120)
    ]
    assert points == sorted(points, reverse=True)
    assert points[0] > points[30]
    never = score_inquiry(replace(BASE, days_since_last_inbound=None, days_since_created=3))
    assert never.parts[2].reason == "No reply yet (inquiry 3 days old)"


def test_more_checklist_done_scores_at_least_less() -> None:
    points = [
        part(score_inquiry(replace(BASE, checklist_total=9, checklist_done=d)), "checklist")
        for d in range(0, 10)
    ]
    assert points == sorted(points)
    assert points[0] == 0 and points[-1] == 25
    empty = score_inquiry(replace(BASE, checklist_total=0, checklist_done=0))
    assert part(empty, "checklist") == 12
    assert "neutral" in empty.parts[3].reason


def test_unknown_source_gets_the_neutral_middle() -> None:
    fresh = score_inquiry(replace(BASE, source_won=0, source_lost=0))
    assert part(fresh, "source") == 10
    assert fresh.parts[1].reason == "No closed inquiries from this source yet (neutral)"
    one_win = part(score_inquiry(replace(BASE, source_won=1, source_lost=0)), "source")
    one_loss = part(score_inquiry(replace(BASE, source_won=0, source_lost=1)), "source")
    assert 10 < one_win < 20 and 0 < one_loss < 10  # smoothed: one outcome is not a verdict
    proven = part(score_inquiry(replace(BASE, source_won=40, source_lost=10)), "source")
    assert proven == 20


def test_intent_prefers_strong_types_and_near_closings() -> None:
    def intent(type_key: str, days: int | None) -> int:
        close = None if days is None else TODAY + timedelta(days=days)
        inputs = replace(BASE, type_key=type_key, target_close_date=close)
        return part(score_inquiry(inputs), "intent")

    assert intent("purchase", 10) > intent("purchase", 60) > intent("purchase", 200)
    assert intent("purchase", 10) > intent("general_advice", 10)
    assert intent("renewal", None) > intent("general_advice", None)
    assert intent("purchase", 10) == 30
    reason = score_inquiry(replace(BASE, type_key="heloc", target_close_date=None)).parts[0].reason
    assert reason == "HELOC, no target close date"
    passed = replace(BASE, target_close_date=TODAY - timedelta(days=1))
    assert score_inquiry(passed).parts[0].reason == "Purchase, target close passed 1 day ago"


def test_json_round_trip_and_bad_json() -> None:
    score = score_inquiry(BASE)
    assert score_from_json(score_to_json(score)) == score
    for bad in ["", "[]", '{"total": 1, "parts": []}', '{"total": 0, "parts": [{"key": 1}]}']:
        with pytest.raises(ValueError):
            score_from_json(bad)
