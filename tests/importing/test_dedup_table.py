"""The column-by-column path for existing contacts gives exactly what the per-contact
path gives: the same blocks, the same value counts, the same decisions."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.importing.batch import import_records
from app.importing.dedup import _scan_existing, match_records
from app.importing.dedup_blocking import BlockIndex
from app.importing.dedup_existing import ExistingContact
from app.importing.dedup_features import FeatureMaker
from app.importing.dedup_index import load_match_index
from app.importing.dedup_scoring import Frequencies
from app.importing.dedup_table import ExistingTable
from app.importing.model import NormalizedRow, PersonRecord, SourceRow
from app.importing.nicknames import default_nicknames
from app.services.context import open_context

FIRST = ["Robert", "Bob", "Rob", "Margaret", "Maggie", "Jean", "Jeanne", "Émile", "Zoë", "Li"]
LAST = ["Smith", "Smyth", "Tremblay", "Nguyen", "O'Brien", "van der Berg", "Côté", ""]
POSTAL = ["M5V 3L9", "m5v3l9", "H2X 1Y4", "", "90210"]


def person(rng: random.Random, n: int) -> PersonRecord:
    born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 60)) if rng.random() < 0.5 else None
    return PersonRecord(
        first_name=rng.choice(FIRST) if rng.random() < 0.9 else "",
        last_name=rng.choice(LAST),
        emails=tuple({f"p{rng.randint(0, 40)}@example.com" for _ in range(rng.randint(0, 2))}),
        phones=tuple({f"+1416555{rng.randint(0, 40):04d}" for _ in range(rng.randint(0, 2))}),
        date_of_birth=born,
        birth_month=None if born or rng.random() < 0.7 else rng.randint(1, 12),
        birth_day=None if born else rng.randint(1, 28),
        address_line1=rng.choice(["12 Main Street", "12 main st.", "4 Elm Ave", ""]),
        city=rng.choice(["Toronto", "Montréal", ""]),
        postal_code=rng.choice(POSTAL),
        external_id=str(rng.randint(0, 5)) if rng.random() < 0.1 else "",
    )


def table_of(contacts: list[ExistingContact]) -> ExistingTable:
    """The same contacts as load_match_index gives them."""
    return ExistingTable(
        [c.contact_id for c in contacts],
        [c.first_name for c in contacts],
        [c.last_name for c in contacts],
        [c.date_of_birth.isoformat() if c.date_of_birth else None for c in contacts],
        [c.birth_month for c in contacts],
        [c.birth_day for c in contacts],
        [c.address_line1 for c in contacts],
        [c.city for c in contacts],
        [c.postal_code for c in contacts],
        [(pos, e) for pos, c in enumerate(contacts) for e in c.emails],
        [(pos, p) for pos, c in enumerate(contacts) for p in c.phones],
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_blocks_counts_and_decisions_are_the_same(seed: int) -> None:
    rng = random.Random(seed)
    contacts = [ExistingContact.from_person(10 + i, person(rng, i)) for i in range(400)]
    incoming = [person(rng, i) for i in range(300)]
    table = table_of(contacts)

    generic_make, table_make = FeatureMaker(default_nicknames()), FeatureMaker(default_nicknames())
    generic_recs = [generic_make(p, i) for i, p in enumerate(incoming)]
    table_recs = [table_make(p, i) for i, p in enumerate(incoming)]
    generic_freq, table_freq = Frequencies(), Frequencies()
    generic = BlockIndex(
        generic_recs,
        first=len(contacts),
        early=_scan_existing(contacts, generic_make, generic_freq),
    )
    fast = BlockIndex(
        table_recs,
        first=len(contacts),
        scan=lambda found: table.scan(table_make, table_freq, found, table_recs),
    )
    assert fast.blocks == generic.blocks
    assert len(fast.blocks) > 50  # the data does share keys
    assert table_freq.counted() == generic_freq.counted()
    assert table_freq.dob_counts() == generic_freq.dob_counts()
    assert table_freq.records == generic_freq.records == len(contacts)
    for pos in range(len(contacts)):
        assert table.features(pos, table_make) == generic_make.existing(contacts[pos])
        c = contacts[pos]
        assert table[pos].person == PersonRecord(
            c.first_name, c.last_name, emails=c.emails, phones=c.phones,
            date_of_birth=c.date_of_birth, birth_month=c.birth_month, birth_day=c.birth_day,
            address_line1=c.address_line1, city=c.city, postal_code=c.postal_code,
        )  # fmt: skip

    decisions = match_records(table, incoming)
    assert decisions == match_records(contacts, incoming)
    assert {d.kind for d in decisions} == {"merge", "review", "new"}


def test_the_database_index_is_a_table_of_the_active_contacts(
    db_path: Path, clock: FixedClock
) -> None:
    ctx = open_context(db_path, clock)
    rng = random.Random(7)
    people = [person(rng, i) for i in range(60)]
    rows = [NormalizedRow(SourceRow("f.csv", i + 2, {}), p) for i, p in enumerate(people)]
    import_records(ctx, rows, kind="csv", source_name="f.csv")
    with ctx.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE contacts SET archived_at = created_at WHERE id % 5 = 0")
    with ctx.db.session() as session:
        table = load_match_index(session)
        active = [
            c for (c,) in session.connection().exec_driver_sql(
                "SELECT id FROM contacts WHERE archived_at IS NULL ORDER BY id"
            )
        ]  # fmt: skip
    ctx.db.close()
    assert table.ids == active and active and all(cid % 5 for cid in active)
    assert all(pos in range(len(table)) for pos, _ in table.emails + table.phones)
    positions = [pos for pos, _ in table.emails]
    assert positions == sorted(positions)
    assert [c.contact_id for c in table] == active
