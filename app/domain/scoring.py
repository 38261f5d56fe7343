"""The lead score: 0..100 from four explained parts, so the broker can see why.

Pure: the caller passes today's date and the counts; nothing here reads the database.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, TypeVar

# --- weights (the four maxima add up to 100) ------------------------------------------------

INTENT_MAX = 30
TYPE_MAX = 18  # part of INTENT_MAX: how likely this kind of inquiry turns into a deal
TIMELINE_MAX = INTENT_MAX - TYPE_MAX
SOURCE_MAX = 20
ENGAGEMENT_MAX = 25
CHECKLIST_MAX = 25

TYPE_POINTS: dict[str, int] = {
    "purchase": 18,
    "pre_approval": 16,
    "renewal": 16,
    "refinance": 14,
    "construction": 12,
    "debt_consolidation": 12,
    "second_mortgage": 10,
    "heloc": 10,
    "commercial": 10,
    "general_advice": 4,
}
UNKNOWN_TYPE_POINTS = 9  # a type the broker added: middle of the range
TYPE_NAMES = {"heloc": "HELOC", "pre_approval": "Pre-approval"}

# (closing within N days, points); first match wins
TIMELINE_POINTS: tuple[tuple[int, int], ...] = ((30, 12), (90, 8))
TIMELINE_LATER_POINTS = 3
TIMELINE_NONE_POINTS = 4  # no date yet says little either way
TIMELINE_PASSED_POINTS = 6  # an overdue target is still a live, urgent deal

# Source win rate is smoothed toward a typical broker's rate, so a source with no history
# scores the middle of the range and a source with 1 of 1 does not score the maximum.
SOURCE_PRIOR_RATE = 0.3
SOURCE_PRIOR_WEIGHT = 5.0

REPLY_HALF_LIFE_DAYS = 7.0  # a reply's value halves every week
NEVER_REPLIED_START = 10  # a fresh lead has not had time to reply yet
CHECKLIST_NEUTRAL = 12  # no checklist: neither good nor bad


@dataclass(frozen=True)
class ScoreInputs:
    """Everything the score depends on, gathered by the service layer."""

    type_key: str
    target_close_date: date | None
    today: date
    source_won: int  # this database's own outcomes for the inquiry's source
    source_lost: int
    days_since_last_inbound: int | None  # None = never replied
    days_since_created: int
    checklist_total: int
    checklist_done: int  # received + verified + waived


@dataclass(frozen=True)
class ScorePart:
    """One explained part of the score."""

    key: str
    label: str
    points: int
    max_points: int
    reason: str


@dataclass(frozen=True)
class Score:
    """The total (0..100, the sum of the parts) and its parts."""

    total: int
    parts: tuple[ScorePart, ...]


def score_inquiry(inputs: ScoreInputs) -> Score:
    """Score an inquiry from 0 to 100 with a readable reason per part."""
    parts = (
        _intent(inputs),
        _source(inputs.source_won, inputs.source_lost),
        _engagement(inputs.days_since_last_inbound, inputs.days_since_created),
        _checklist(inputs.checklist_total, inputs.checklist_done),
    )
    return Score(total=sum(part.points for part in parts), parts=parts)


def _clamp(value: float, high: int) -> int:
    return max(0, min(high, round(value)))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _type_name(type_key: str) -> str:
    return TYPE_NAMES.get(type_key, type_key.replace("_", " ").capitalize() or "Inquiry")


def _intent(inputs: ScoreInputs) -> ScorePart:
    type_points = TYPE_POINTS.get(inputs.type_key, UNKNOWN_TYPE_POINTS)
    name = _type_name(inputs.type_key)
    if inputs.target_close_date is None:
        timeline, when = TIMELINE_NONE_POINTS, f"{name}, no target close date"
    else:
        days = (inputs.target_close_date - inputs.today).days
        if days < 0:
            timeline = TIMELINE_PASSED_POINTS
            when = f"{name}, target close passed {_plural(-days, 'day')} ago"
        else:
            within = (points for limit, points in TIMELINE_POINTS if days <= limit)
            timeline = next(within, TIMELINE_LATER_POINTS)
            when = f"{name} closing in {_plural(days, 'day')}" if days else f"{name} closing today"
    points = _clamp(type_points, TYPE_MAX) + _clamp(timeline, TIMELINE_MAX)
    return ScorePart("intent", "Type and timeline", points, INTENT_MAX, when)


def _source(won: int, lost: int) -> ScorePart:
    won, lost = max(won, 0), max(lost, 0)
    closed = won + lost
    rate = (won + SOURCE_PRIOR_RATE * SOURCE_PRIOR_WEIGHT) / (closed + SOURCE_PRIOR_WEIGHT)
    # the prior rate maps to half the points, twice the prior rate (or better) to all of them
    points = _clamp(SOURCE_MAX * rate / (2 * SOURCE_PRIOR_RATE), SOURCE_MAX)
    if closed == 0:
        reason = "No closed inquiries from this source yet (neutral)"
    else:
        reason = f"Source funded {won} of {closed} closed ({round(100 * won / closed)}%)"
    return ScorePart("source", "Source track record", points, SOURCE_MAX, reason)


def _engagement(days_since_inbound: int | None, days_since_created: int) -> ScorePart:
    if days_since_inbound is not None:
        days = max(days_since_inbound, 0)
        points = _clamp(ENGAGEMENT_MAX * 0.5 ** (days / REPLY_HALF_LIFE_DAYS), ENGAGEMENT_MAX)
        reason = "Replied today" if days == 0 else f"Last reply {_plural(days, 'day')} ago"
    else:
        age = max(days_since_created, 0)
        points = _clamp(NEVER_REPLIED_START * 0.5 ** (age / REPLY_HALF_LIFE_DAYS), ENGAGEMENT_MAX)
        reason = f"No reply yet (inquiry {_plural(age, 'day')} old)"
    return ScorePart("engagement", "Engagement", points, ENGAGEMENT_MAX, reason)


def _checklist(total: int, done: int) -> ScorePart:
    if total <= 0:
        points, reason = CHECKLIST_NEUTRAL, "No checklist yet (neutral)"
    else:
        done = max(0, min(done, total))
        points = _clamp(CHECKLIST_MAX * done / total, CHECKLIST_MAX)
        reason = f"{done} of {_plural(total, 'item')} in ({round(100 * done / total)}%)"
    return ScorePart("checklist", "Checklist progress", points, CHECKLIST_MAX, reason)


# --- storing the breakdown ------------------------------------------------------------------


def score_to_json(score: Score) -> str:
    """Serialize a score and its breakdown for storage next to the inquiry."""
    return json.dumps(asdict(score), ensure_ascii=False, separators=(",", ":"))


def score_from_json(text: str) -> Score:
    """Read back what `score_to_json` wrote; raise ValueError if it is not a valid score."""
    try:
        data: Any = json.loads(text)
        parts = tuple(
            ScorePart(
                key=_field(part, "key", str),
                label=_field(part, "label", str),
                points=_field(part, "points", int),
                max_points=_field(part, "max_points", int),
                reason=_field(part, "reason", str),
            )
            for part in data["parts"]
        )
        total = _field(data, "total", int)
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"not a stored score: {exc}") from exc
    if total != sum(part.points for part in parts):
        raise ValueError(f"stored score total {total} is not the sum of its parts")
    return Score(total=total, parts=parts)


_T = TypeVar("_T")


def _field(data: Any, name: str, kind: type[_T]) -> _T:
    value = data[name]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"'{name}' should be {kind.__name__}, got {value!r}")
    return value
