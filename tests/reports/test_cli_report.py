"""`leadkeeper report NAME`: JSON rows keyed by the table's columns; mistakes exit 2."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import commands_report
from app.cli.common import CliEnv
from app.cli.main import build_parser, main
from app.clock import FixedClock
from app.errors import InvalidInput
from app.reports import REPORTS, ReportFilter, run_report
from app.services.context import ServiceContext

Desk = Any  # the `desk` fixture (tests/reports/conftest.py)

CONTRACT = ("sources", "response", "funnel", "stalled", "roi", "partners", "renewals")


def _root() -> argparse.ArgumentParser:
    """A tiny `leadkeeper` with only the report command, as app/cli/main.py wires it."""
    parser = argparse.ArgumentParser(prog="leadkeeper")
    commands = parser.add_subparsers(dest="command")
    commands_report.add_report_parser(commands)
    return parser


def _run(db_path: Path, clock: FixedClock, *argv: str) -> int:
    args = _root().parse_args(["report", *argv])
    handler = args.handler
    assert handler is commands_report.run_report_command
    return int(handler(args, CliEnv(db_path=db_path, clock=clock)))


@pytest.fixture
def book(desk: Desk, ctx: ServiceContext) -> ServiceContext:
    """A few leads, one funded with a renewal coming, one lost, one stalled."""
    partner = desk.partner("Ann", "Agent", "Realty")
    won = desk.lead(
        desk.at("2025-06-02"),
        source="referral_partner",
        partner_id=partner,
        amount="420000",
        maturity=desk.at("2026-06-30").date(),
    )
    lost = desk.lead(desk.at("2026-01-05"), source="rate_comparison")
    desk.lead(desk.at("2026-01-06"), source="phone")
    desk.talk(lost, desk.at("2026-01-05", 9, 4))
    desk.move(won, desk.at("2025-07-02"), "funded")
    desk.move(lost, desk.at("2026-01-07"), "lost")
    desk.clock.set(desk.at("2026-03-02"))
    return ctx


@pytest.mark.parametrize("name", commands_report.CLI_REPORTS)
def test_json_rows_have_exactly_the_column_keys(
    name: str,
    book: ServiceContext,
    db_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _run(db_path, clock, name, "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    table = run_report(book, name)
    assert len(rows) == len(table.rows) > 0
    for row in rows:
        assert tuple(row) == table.column_keys


def test_contract_names_are_all_there() -> None:
    assert set(CONTRACT) <= set(commands_report.CLI_REPORTS) <= set(REPORTS)


def test_json_values_are_plain(
    book: ServiceContext, db_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(db_path, clock, "renewals", "--json")
    (row,) = json.loads(capsys.readouterr().out)
    assert row["maturity"] == "2026-06-30"
    assert row["days_left"] == 120
    assert row["amount"] == "420000.00"  # money as an exact decimal string, like export


def test_text_table_is_aligned(
    book: ServiceContext, db_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(db_path, clock, "roi", "--from", "2026-01-01", "--to", "2026-01-31")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Source ROI"
    header, rule = lines[2], lines[3]
    assert header.startswith("Source") and set(rule) <= {"-", " "}
    rate = next(line for line in lines if line.startswith("Rate comparison site"))
    # Numbers are right-aligned under their headings: cost per lead ends where it does.
    assert rate[: header.index("Cost per lead") + len("Cost per lead")].endswith("45.00")


def test_filters_and_options(
    book: ServiceContext, db_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(db_path, clock, "sources", "--by", "type", "--period", "week", "--json")
    weeks = json.loads(capsys.readouterr().out)
    assert weeks[0]["period"] == "2025-W23"
    _run(db_path, clock, "stalled", "--list", "--days", "30", "--json")
    listed = json.loads(capsys.readouterr().out)
    assert [r["client"] for r in listed] == ["Client No3"]
    _run(db_path, clock, "response", "--source", "phone", "--json")
    assert [r["source"] for r in json.loads(capsys.readouterr().out)] == [
        "Phone call",
        "All sources",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("roi", "--from", "2026-02-30"), "--from '2026-02-30' is not a date"),
        (("roi", "--to", "yesterday"), "--to 'yesterday' is not a date"),
        (("roi", "--from", "2026-03-02", "--to", "2026-03-01"), "after it ends"),
        (("roi", "--days", "3"), "--days does not apply"),
        (("funnel", "--list"), "--list only applies"),
        (("sources", "--period", "day"), "period must be one of"),
        (("funnel", "--type", "houseboat"), "unknown inquiry type 'houseboat'"),
    ],
)
def test_mistakes_raise_one_readable_line(
    book: ServiceContext, db_path: Path, clock: FixedClock, argv: tuple[str, ...], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        _run(db_path, clock, *argv)
    assert "\n" not in str(caught.value)


def _registered() -> bool:
    return "report" in build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]


@pytest.mark.skipif(not _registered(), reason="`report` not yet registered in app/cli/main.py")
def test_through_the_real_command_line(
    book: ServiceContext, db_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "report", "partners", "--json"], clock=clock) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["partner"] == "Ann Agent"
    assert main(["--db", str(db_path), "report", "roi", "--from", "2026-13-01"], clock=clock) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["leadkeeper: error: --from '2026-13-01' is not a date; use YYYY-MM-DD"]


def test_a_filter_with_everything(book: ServiceContext) -> None:
    everything = ReportFilter(type_keys=("purchase",), source_keys=("phone",), owner_ids=(1,))
    assert run_report(book, "sources", everything).rows[-1]["total"] == 1
