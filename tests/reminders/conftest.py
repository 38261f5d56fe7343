"""Reminder fixtures: a broker in Toronto (a zone with daylight saving), a seeded database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.services.contacts import create_contact
from app.services.context import ServiceContext, open_context
from app.services.dto import ContactInput

from .support import TORONTO, local


@pytest.fixture
def toronto_clock() -> FixedClock:
    """Monday 2 March 2026, 09:00 in Toronto (14:00 UTC): the start of a working day."""
    return FixedClock(current=local(2026, 3, 2, 9, 0), tz=TORONTO)


@pytest.fixture
def rctx(db_path: Path, toronto_clock: FixedClock) -> Iterator[ServiceContext]:
    """A seeded database (working hours Mon–Fri 09:00–17:30) on the Toronto clock."""
    context = open_context(db_path, toronto_clock)
    try:
        yield context
    finally:
        context.db.close()


@pytest.fixture
def contact_id(rctx: ServiceContext) -> int:
    """A contact to hang the broker's own tasks on."""
    return create_contact(rctx, ContactInput(first_name="Maria", last_name="Gonzalez")).id
