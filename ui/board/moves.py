"""A stage move as an undoable pair of service calls.

`do` moves each card (with the outcome or lost reason the broker gave, and the term
maturity date for a funded loan); `undo` moves each back to the stage it came from,
passing back the outcome or lost reason that stage needs and restoring the maturity date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from app.services.context import ServiceContext
from app.services.inquiries import inquiry_input, move_stage, update_inquiry
from app.services.pipeline import InquiryCard
from ui.dialogs.outcome_dialog import Outcome

RESTORED = "(restored by undo)"  # only if a closed stage somehow had no reason recorded


@dataclass(frozen=True)
class Move:
    cards: tuple[InquiryCard, ...]
    from_key: str
    to_key: str
    to_name: str
    answer: Outcome | None = None

    @property
    def ids(self) -> list[int]:
        return [c.inquiry_id for c in self.cards]

    def reversed(self, from_name: str) -> Move:
        """The same cards going back (what undo shows)."""
        back = tuple(replace(c, stage_key=self.from_key) for c in self.cards)
        return Move(back, self.to_key, self.from_key, from_name)

    def describe(self) -> str:
        """The undo stack's text: "Move Ann Oldfield to Contacted"."""
        if len(self.cards) == 1:
            return f"Move {self.cards[0].contact_name} to {self.to_name}"
        return f"Move {len(self.cards)} inquiries to {self.to_name}"


@dataclass
class _Before:
    outcome: str
    lost_reason: str
    maturity: date | None
    maturity_changed: bool


def service_calls(ctx: ServiceContext, move: Move) -> tuple[Callable[[], None], Callable[[], None]]:
    """The `do` and `undo` of a move, for `ui.undo.push`. Both run in the background."""
    answer = move.answer or Outcome()
    before: dict[int, _Before] = {}

    def do() -> None:
        before.clear()
        for inquiry_id in move.ids:
            view = move_stage(
                ctx,
                inquiry_id,
                move.to_key,
                outcome=answer.outcome,
                lost_reason=answer.lost_reason,
                note=answer.note,
            )
            # move_stage keeps the other kind's outcome / lost reason: what undo needs.
            record = _Before(view.outcome, view.lost_reason, view.term_maturity_date, False)
            if answer.term_maturity_date is not None:
                data = inquiry_input(ctx, inquiry_id)
                record.maturity = data.term_maturity_date
                record.maturity_changed = True
                update_inquiry(
                    ctx, inquiry_id, replace(data, term_maturity_date=answer.term_maturity_date)
                )
            before[inquiry_id] = record

    def undo() -> None:
        for inquiry_id in reversed(move.ids):
            record = before.get(inquiry_id)
            if record is None:
                continue  # `do` failed before reaching it
            if record.maturity_changed:
                data = inquiry_input(ctx, inquiry_id)
                update_inquiry(ctx, inquiry_id, replace(data, term_maturity_date=record.maturity))
            move_stage(
                ctx,
                inquiry_id,
                move.from_key,
                outcome=record.outcome or RESTORED,
                lost_reason=record.lost_reason or RESTORED,
            )

    return do, undo
