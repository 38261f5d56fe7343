"""What one poll shows: reminders, their categories, and the popup headline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from app.domain.enums import TaskKind

Category = Literal["new_lead", "follow_up", "document", "renewal"]
CATEGORIES: tuple[Category, ...] = ("new_lead", "follow_up", "document", "renewal")

# Speed to lead is the cadence's first step ("call new lead now", due the moment the
# inquiry arrives). Later attempts are ordinary follow-ups: they wait for working hours.
NEW_LEAD_RULE_KEY = "new_lead:1"
# More reminders than this at once become one grouped popup.
GROUP_OVER = 3
# Full details are loaded for this many items at most; the rest are counted.
DETAIL_LIMIT = 50

_LABELS: dict[str, tuple[str, str]] = {
    "new_lead": ("new lead", "new leads"),
    "follow_up": ("follow-up", "follow-ups"),
    "document": ("document nag", "document nags"),
    "renewal": ("renewal check", "renewal checks"),
}


@dataclass(frozen=True)
class Reminder:
    """One due task to show."""

    task_id: int
    inquiry_id: int | None
    contact_name: str
    kind: str  # TaskKind
    category: Category
    title: str
    due_at: datetime


@dataclass(frozen=True)
class ReminderBatch:
    """Everything due at one moment.

    `counts` covers every due task; `items` holds full details for the first DETAIL_LIMIT
    in show order (new leads first, then by due time), so all of them unless the batch is
    big. `grouped`: show one popup with `headline` ("7 follow-ups due") rather than one per
    item. `marked_ids`: every task this batch marked shown (filled by a poll, in show
    order; empty from the read-only `due_reminders`).
    """

    items: tuple[Reminder, ...]
    grouped: bool
    headline: str
    counts: dict[Category, int] = field(default_factory=dict)
    marked_ids: tuple[int, ...] = ()

    @property
    def total(self) -> int:
        """How many tasks are due in all (not only the detailed ones)."""
        return sum(self.counts.values())

    def __bool__(self) -> bool:
        return self.total > 0


EMPTY_BATCH = ReminderBatch(items=(), grouped=False, headline="")


def count_categories(categories: Iterable[Category]) -> dict[Category, int]:
    """How many of each category, in CATEGORIES order, zeros left out."""
    counter = Counter(categories)
    return {c: counter[c] for c in CATEGORIES if counter[c]}


def category_of(kind: str, rule_key: str | None) -> Category:
    """Which popup a task becomes (keep in step with derive.category_column)."""
    if rule_key == NEW_LEAD_RULE_KEY:
        return "new_lead"
    if kind == TaskKind.DOCUMENT_REQUEST:
        return "document"
    if kind == TaskKind.RENEWAL_CHECK:
        return "renewal"
    return "follow_up"


def _count_text(category: str, n: int) -> str:
    singular, plural = _LABELS[category]
    return f"{n} {singular if n == 1 else plural}"


def headline(counts: dict[Category, int], first: Reminder | None) -> str:
    """The popup title: for one item "New lead: Maria Gonzalez — Call new lead now",
    else a count, "7 follow-ups due" or "9 reminders due: 1 new lead, 7 follow-ups, ..."."""
    total = sum(counts.values())
    if total == 0:
        return ""
    if total == 1 and first is not None:
        label = _LABELS[first.category][0]
        who = f"{first.contact_name} — " if first.contact_name else ""
        return f"{label[0].upper()}{label[1:]}: {who}{first.title}"
    if len(counts) == 1:
        ((category, n),) = counts.items()
        return f"{_count_text(category, n)} due"
    parts = ", ".join(_count_text(c, n) for c, n in counts.items())
    return f"{total} reminders due: {parts}"


def make_batch(
    items: tuple[Reminder, ...],
    counts: dict[Category, int],
    *,
    group_over: int = GROUP_OVER,
    marked_ids: tuple[int, ...] = (),
) -> ReminderBatch:
    """Assemble a batch from the detailed items (show order) and the per-category counts."""
    counts = {c: counts[c] for c in CATEGORIES if counts.get(c)}
    total = sum(counts.values())
    if total == 0:
        return EMPTY_BATCH
    return ReminderBatch(
        items=items,
        grouped=total > group_over,
        headline=headline(counts, items[0] if items else None),
        counts=counts,
        marked_ids=marked_ids,
    )
