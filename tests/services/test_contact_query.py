"""The Contacts page's queries: server-side sort across pages, tag filter, CSV export."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.errors import InvalidInput
from app.services.contact_query import (
    ContactQuery,
    contact_rows_page,
    count_matching,
    export_contacts_csv,
    latest_inquiry,
    list_tags,
)
from app.services.contacts import create_contact
from app.services.context import ServiceContext
from app.services.dto import ContactInput, InquiryInput
from app.services.inquiries import create_inquiry

PEOPLE = [  # first, last, email, city, tags
    ("Cleo", "Diaz", "zed@example.com", "Ottawa", ("vip",)),
    ("Ava", "Brown", "", "toronto", ()),
    ("Ben", "Carter", "amy@example.com", "Barrie", ("vip", "golf")),
    ("Dan", "Evans", "bob@example.com", None, ()),
]


@pytest.fixture
def four(ctx: ServiceContext, clock: FixedClock) -> ServiceContext:
    for first, last, email, city, tags in PEOPLE:
        create_contact(
            ctx,
            ContactInput(
                first_name=first,
                last_name=last,
                emails=(email,) if email else (),
                city=city,
                tags=tags,
            ),
        )
        clock.advance(timedelta(hours=1))
    create_inquiry(ctx, InquiryInput(contact_id=3, type_key="purchase"))
    return ctx


def names(ctx: ServiceContext, query: ContactQuery, limit: int = 50, offset: int = 0) -> list[str]:
    return [r.name for r in contact_rows_page(ctx, query, offset=offset, limit=limit)]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Ava Brown", "Ben Carter", "Cleo Diaz", "Dan Evans"]),
        ("email", ["Ava Brown", "Ben Carter", "Dan Evans", "Cleo Diaz"]),  # none first
        ("city", ["Dan Evans", "Ben Carter", "Cleo Diaz", "Ava Brown"]),
        ("added", ["Cleo Diaz", "Ava Brown", "Ben Carter", "Dan Evans"]),
        ("inquiries", ["Cleo Diaz", "Ava Brown", "Dan Evans", "Ben Carter"]),
    ],
)
def test_sort_in_the_database(four: ServiceContext, sort: str, expected: list[str]) -> None:
    assert names(four, ContactQuery(sort=sort)) == expected
    assert names(four, ContactQuery(sort=sort, descending=True)) == expected[::-1]


def test_pages_follow_the_sort(four: ServiceContext) -> None:
    query = ContactQuery(sort="name", descending=True)
    pages = [names(four, query, limit=3, offset=0), names(four, query, limit=3, offset=3)]
    assert pages == [["Dan Evans", "Cleo Diaz", "Ben Carter"], ["Ava Brown"]]


def test_filter_by_text_and_tag(four: ServiceContext) -> None:
    assert names(four, ContactQuery(tag="vip")) == ["Ben Carter", "Cleo Diaz"]
    assert names(four, ContactQuery(tag="vip", text="cle")) == ["Cleo Diaz"]
    assert count_matching(four, ContactQuery(tag="golf")) == 1
    assert count_matching(four, ContactQuery()) == 4
    assert list_tags(four) == ["golf", "vip"]
    row = contact_rows_page(four, ContactQuery(tag="golf"), offset=0, limit=1)[0]
    assert (row.tags, row.active_inquiries, row.email) == (("golf", "vip"), 1, "amy@example.com")


def test_unknown_sort_is_refused(four: ServiceContext) -> None:
    with pytest.raises(InvalidInput, match="cannot sort by 'age'"):
        names(four, ContactQuery(sort="age"))


def test_export_writes_the_filtered_view_in_order(
    four: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.services.contact_query.EXPORT_CHUNK", 1)  # several pages
    seen: list[tuple[int, int]] = []
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "vip.csv"
    count = export_contacts_csv(
        four,
        ContactQuery(tag="vip", sort="name", descending=True),
        path,
        lambda done, total: seen.append((done, total)),
    )
    assert count == 2 and seen == [(1, 2), (2, 2)]
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["first_name"], r["tags"]) for r in rows] == [("Cleo", "vip"), ("Ben", "golf; vip")]
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert list(folder.iterdir()) == [path]  # no temporary file left behind


def test_latest_inquiry_of_a_contact(four: ServiceContext) -> None:
    assert latest_inquiry(four, 3).inquiry_id is not None
    assert latest_inquiry(four, 1).inquiry_id is None
    assert latest_inquiry(four, 1).name == "Cleo Diaz"
