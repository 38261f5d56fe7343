"""The background helper on a real worker thread, and the change broadcast."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from ui import background
from ui.background import Changes, run_in_background


def test_work_runs_off_the_gui_thread_and_answers_on_it(qtbot: QtBot) -> None:
    background.set_inline(False)
    gui = threading.get_ident()
    seen: dict[str, int] = {}
    results: list[int] = []

    def work() -> int:
        seen["work"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["callback"] = threading.get_ident()
        results.append(value)

    run_in_background(work, done)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert seen["work"] != gui
    assert seen["callback"] == gui


def test_writes_run_one_at_a_time_in_order(qtbot: QtBot) -> None:
    background.set_inline(False)
    order: list[int] = []
    for n in range(20):
        run_in_background(lambda n=n: order.append(n))
    assert background.wait_for_background(5.0)
    assert order == list(range(20))


def test_errors_reach_the_failure_callback_on_the_gui_thread(qtbot: QtBot) -> None:
    background.set_inline(False)
    errors: list[tuple[BaseException, int]] = []

    def fail() -> None:
        raise ValueError("bad")

    run_in_background(fail, lambda _r: None, lambda e: errors.append((e, threading.get_ident())))
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert isinstance(errors[0][0], ValueError)
    assert errors[0][1] == threading.get_ident()


def test_inline_mode_runs_at_once() -> None:
    results: list[str] = []
    run_in_background(lambda: "now", results.append)
    assert results == ["now"]


def test_changes_carry_the_flags(qtbot: QtBot) -> None:
    changes = Changes()
    with qtbot.waitSignal(changes.changed) as blocker:
        changes.announce("tasks", "inquiries")
    assert blocker.args == [frozenset({"tasks", "inquiries"})]
