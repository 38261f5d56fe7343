"""The driver-level reading of merge targets gives what merge_store.load_states gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.clock import FixedClock
from app.importing import batch_states, merge_store
from app.services.contacts import create_contact
from app.services.context import open_context
from app.services.dto import ContactInput


def test_same_states_as_the_orm_reading(db_path: Path, clock: FixedClock) -> None:
    ctx = open_context(db_path, clock)
    ids = [
        create_contact(
            ctx,
            ContactInput(
                f"Ann{n}",
                "Lee",
                emails=(f"a{n}@example.com", f"b{n}@example.com"),
                phones=("416-555-0101", f"416-555-02{n:02d}") if n % 2 else (),
                date_of_birth=date(1980, 1, n + 1) if n % 3 else None,
                address_line1="12 Main St" if n % 4 else None,
                postal_code="M5V 3L9",
                tags=("Clients", f"t{n % 3}") if n % 5 else (),
                notes="x" * n,
            ),
        ).id
        for n in range(20)
    ]
    wanted = [*ids[::2], 9999]  # a missing id is left out
    with ctx.db.session() as session:
        fast = batch_states.load_states(session, wanted)
        orm = merge_store.load_states(session, wanted)
    ctx.db.close()
    assert fast.keys() == orm.keys() and len(fast) == 10
    for cid, state in orm.items():
        mine = fast[cid]
        assert (mine.values, mine.emails, mine.phones, sorted(mine.tags), mine.updated_at) == (
            state.values, state.emails, state.phones, sorted(state.tags), state.updated_at,
        )  # fmt: skip
    assert any(isinstance(s.values["date_of_birth"], date) for s in fast.values())
    assert all(s.updated_at is not None and s.updated_at.tzinfo for s in fast.values())
