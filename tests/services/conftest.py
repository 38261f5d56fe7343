"""Service-level fixtures: a seeded database behind a ServiceContext."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.services.context import ServiceContext, open_context
from app.services.dto import ContactInput, InquiryInput
from app.services.leads import NewLead, add_lead


@pytest.fixture
def ctx(db_path: Path, clock: FixedClock) -> Iterator[ServiceContext]:
    """A ServiceContext on a fresh database with the default data loaded."""
    context = open_context(db_path, clock)
    try:
        yield context
    finally:
        context.db.close()


@pytest.fixture
def new_lead(ctx: ServiceContext) -> NewLead:
    """One purchase lead, created now by the broker."""
    return add_lead(
        ctx,
        ContactInput(
            first_name="Maria",
            last_name="Gonzalez",
            emails=("Maria.Gonzalez@Example.com",),
            phones=("(416) 555-0142",),
        ),
        InquiryInput(contact_id=0, type_key="purchase", source_key="website_form"),
    )
