"""Turning match decisions into what happens to every row, before anything is written.

Each row ends in exactly one `RowAction`. New people get contact ids handed out from
`first_contact_id`; rows of the file that are the same person are folded into that new
contact in memory; rows that match an existing contact are folded into its state, and
the accumulated changes become one `Merge` per contact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from app.importing.dedup import MatchDecision
from app.importing.merge import ContactState, MergeChanges, fold, person_values
from app.importing.model import NormalizedRow, PersonRecord, RowAction

MAX_REASON = 500


@dataclass
class RowOutcome:
    """What happened to one input row."""

    action: RowAction
    contact_id: int | None = None  # created/merged into, or the review candidate
    score: float | None = None
    reason: str = ""
    keep_person: bool = False  # store the normalized person in the row's raw JSON


@dataclass
class ImportPlan:
    """Every row's outcome, the contacts to create and the merges to write."""

    outcomes: list[RowOutcome]
    new_contacts: list[ContactState]
    merged: dict[int, ContactState]  # existing contact id -> state after folding
    changes: dict[int, MergeChanges]
    merge_rows: dict[int, list[int]] = field(default_factory=dict)  # contact -> row indexes
    merge_scores: dict[int, float] = field(default_factory=dict)
    new_by_id: dict[int, ContactState] = field(default_factory=dict)


def _why(reasons: Sequence[str]) -> str:
    return ", ".join(reasons) if reasons else "similar details"


def _where(row: NormalizedRow) -> str:
    return f"row {row.source.row_number} of {row.source.file_name}"


def blank_state(contact_id: int) -> ContactState:
    """An empty contact, to fold a new person into."""
    return ContactState(contact_id, {"notes": ""})


def new_state(contact_id: int, person: PersonRecord) -> ContactState:
    """A new contact holding exactly what `person` has (what folding into a blank does)."""
    return ContactState(
        contact_id,
        person_values(person),
        emails=list(dict.fromkeys(person.emails)),
        phones=list(dict.fromkeys(person.phones)),
        tags=list(dict.fromkeys(t.strip() for t in person.tags if t.strip())),
    )


def plan_import(
    rows: Sequence[NormalizedRow],
    decisions: Sequence[MatchDecision],
    states: dict[int, ContactState],
    *,
    first_contact_id: int,
    review: str,
) -> ImportPlan:
    """Decide every row's outcome. `decisions` are for the rows with a person, in order;
    `states` holds the existing contacts that decisions merge into."""
    plan = ImportPlan([], [], {}, {})
    person_row: list[int] = []  # person index -> row index
    next_id = first_contact_id
    decision_iter = iter(decisions)
    for index, row in enumerate(rows):
        person = row.person
        if person is None:
            reason = row.reason or "nothing in this row could be imported"
            plan.outcomes.append(RowOutcome(RowAction.REJECTED, reason=reason[:MAX_REASON]))
            continue
        decision = next(decision_iter)
        person_row.append(index)
        if decision.kind == "new":
            state = new_state(next_id, person)
            next_id += 1
            plan.new_contacts.append(state)
            plan.new_by_id[state.contact_id] = state
            outcome = RowOutcome(RowAction.IMPORTED, state.contact_id)
        elif decision.in_file:
            assert decision.target is not None
            earlier = rows[person_row[decision.target]]
            target = plan.outcomes[person_row[decision.target]]
            outcome = _in_file(plan, person, decision, earlier, target, review)
        elif decision.kind == "merge":
            assert decision.target is not None
            outcome = _merge_existing(plan, index, person, decision, states[decision.target])
        else:
            outcome = _review(decision.target, decision, review)
        if row.warnings:
            outcome.reason = "; ".join(filter(None, (outcome.reason, *row.warnings)))
        outcome.reason = outcome.reason[:MAX_REASON]
        plan.outcomes.append(outcome)
    return plan


def _review(candidate: int | None, decision: MatchDecision, review: str) -> RowOutcome:
    text = f"possible duplicate of contact {candidate} ({_why(decision.reasons)})"
    if review == "skip":
        return RowOutcome(
            RowAction.SKIPPED, candidate, decision.score, f"{text}; not imported (--review skip)"
        )
    return RowOutcome(RowAction.REVIEW, candidate, decision.score, text, keep_person=True)


def _in_file(
    plan: ImportPlan,
    person: PersonRecord,
    decision: MatchDecision,
    earlier: NormalizedRow,
    target: RowOutcome,
    review: str,
) -> RowOutcome:
    """A row that matches an earlier row of the same import."""
    same = f"same person as {_where(earlier)}"
    if (
        target.action is RowAction.IMPORTED
        and target.contact_id in plan.new_by_id
        and (decision.kind == "merge")
    ):
        state = plan.new_by_id[target.contact_id]
        fold(state, person, MergeChanges())
        return RowOutcome(RowAction.MERGED, state.contact_id, decision.score, same)
    if target.action is RowAction.IMPORTED:
        return _review(target.contact_id, decision, review)
    # The earlier row waits for review (or was skipped): this one follows it.
    outcome = _review(target.contact_id, decision, review)
    outcome.reason = f"{same}, which is a possible duplicate too; {outcome.reason}"
    return outcome


def _merge_existing(
    plan: ImportPlan,
    index: int,
    person: PersonRecord,
    decision: MatchDecision,
    state: ContactState,
) -> RowOutcome:
    cid = state.contact_id
    total = plan.changes.setdefault(cid, MergeChanges())
    plan.merged[cid] = state
    mine = MergeChanges()
    fold(state, person, mine)
    for name, (old, new) in mine.fields.items():
        total.set(name, old, new)
    total.emails.extend(mine.emails)
    total.phones.extend(mine.phones)
    total.tags.extend(mine.tags)
    for text in mine.conflicts:
        total.conflict(text)
    why = _why(decision.reasons)
    conflicts = "; ".join(mine.conflicts)
    if not mine.changed():
        reason = f"already in Leadkeeper as contact {cid}, nothing new ({why})"
        reason = f"{reason}; {conflicts}" if conflicts else reason
        return RowOutcome(RowAction.SKIPPED, cid, decision.score, reason)
    plan.merge_rows.setdefault(cid, []).append(index)
    plan.merge_scores[cid] = max(plan.merge_scores.get(cid, 0.0), decision.score)
    reason = f"merged into contact {cid} ({why})"
    reason = f"{reason}; {conflicts}" if conflicts else reason
    return RowOutcome(RowAction.MERGED, cid, decision.score, reason, keep_person=True)
