"""UI fixtures: background work inline, a seeded database, an open main window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.services.context import ServiceContext, open_context
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import assign_owner, move_stage
from app.services.leads import add_lead
from ui import background
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def inline_background() -> Iterator[None]:
    """Background operations run at once, so a test sees their result on the next line
    (Picard's trick). Tests of the threaded path switch it off themselves."""
    background.set_inline(True)
    yield
    background.set_inline(False)


@pytest.fixture
def ctx(db_path: Path, clock: FixedClock) -> Iterator[ServiceContext]:
    """An empty database with the default data loaded."""
    context = open_context(db_path, clock)
    try:
        yield context
    finally:
        context.db.close()


def add_test_lead(
    ctx: ServiceContext,
    first: str,
    last: str,
    *,
    type_key: str = "purchase",
    amount: str | None = None,
    email: str = "",
) -> int:
    lead = add_lead(
        ctx,
        ContactInput(first_name=first, last_name=last, emails=(email,) if email else ()),
        InquiryInput(
            contact_id=0,
            type_key=type_key,
            source_key="website_form",
            amount=Decimal(amount) if amount else None,
        ),
    )
    return lead.inquiry.id


@pytest.fixture
def seeded(ctx: ServiceContext, clock: FixedClock) -> ServiceContext:
    """Four leads the Today page sorts differently (clock: Mon 2 Mar 2026 14:00 UTC):

    - Ann Oldfield, purchase, arrived Wed 25 Feb: her first call is 5 days overdue;
    - Bob Newman, refinance, arrived an hour ago: his first call is due today;
    - Cara Quinn, moved to Contacted 20 days ago and left quiet: stale warm;
    - Dev Patel, arrived today, no owner: unassigned (his call is due today too).
    """
    now = clock.now()
    clock.set(now - timedelta(days=20))
    cara = add_test_lead(ctx, "Cara", "Quinn", amount="410000")
    move_stage(ctx, cara, "contacted")
    clock.set(now - timedelta(days=5, hours=-1))
    add_test_lead(ctx, "Ann", "Oldfield", amount="650000", email="ann@example.com")
    clock.set(now - timedelta(hours=1))
    add_test_lead(ctx, "Bob", "Newman", type_key="refinance", amount="380000")
    dev = add_test_lead(ctx, "Dev", "Patel", type_key="renewal")
    assign_owner(ctx, dev, None)
    clock.set(now)
    return ctx


@pytest.fixture
def window(seeded: ServiceContext, qtbot: QtBot) -> MainWindow:
    """The main window on the seeded database, shown."""
    main = MainWindow(seeded)
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()  # shortcuts only reach the active window
    qtbot.waitActive(main)
    return main
