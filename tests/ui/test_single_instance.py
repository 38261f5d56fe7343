"""One Leadkeeper per user and database: a second launch raises the first one's window."""

from __future__ import annotations

import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from pytestqt.qtbot import QtBot

from ui.single_instance import SingleInstance, instance_key


@pytest.fixture
def key(tmp_path: Path) -> str:
    # Unique per test: the socket lives in the shared temp folder.
    return instance_key(tmp_path / "leadkeeper.db")


@pytest.fixture
def instances(qtbot: QtBot) -> Iterator[list[SingleInstance]]:
    made: list[SingleInstance] = []
    yield made
    for instance in made:
        instance.release()


def _new(key: str, made: list[SingleInstance]) -> SingleInstance:
    instance = SingleInstance(key)
    made.append(instance)
    return instance


def test_a_second_launch_fails_to_claim_and_raises_the_first(
    key: str, instances: list[SingleInstance], qtbot: QtBot
) -> None:
    first = _new(key, instances)
    assert first.claim()
    socket_file = Path(QDir.tempPath()) / key
    assert stat.S_IMODE(socket_file.stat().st_mode) & 0o077 == 0  # only this user connects
    with qtbot.waitSignal(first.raise_requested, timeout=3000):
        assert not _new(key, instances).claim()
    with qtbot.waitSignal(first.raise_requested, timeout=3000):
        assert not _new(key, instances).claim()  # and every later one too


def test_after_the_first_quits_the_next_launch_runs(
    key: str, instances: list[SingleInstance]
) -> None:
    first = _new(key, instances)
    assert first.claim()
    first.release()
    assert _new(key, instances).claim()


def test_a_socket_left_by_a_crash_does_not_block_the_next_start(
    key: str, instances: list[SingleInstance]
) -> None:
    # A crashed instance leaves its socket file behind with nobody listening on it.
    path = Path(QDir.tempPath()) / key
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))
    stale.close()
    try:
        assert path.exists()
        instance = _new(key, instances)
        assert instance.claim()
        assert instance.is_primary
        assert not _new(key, instances).claim()  # and it really serves the name now
    finally:
        path.unlink(missing_ok=True)


def test_different_databases_and_users_get_different_keys(tmp_path: Path) -> None:
    one, two = tmp_path / "a.db", tmp_path / "b.db"
    assert instance_key(one, "ann") != instance_key(two, "ann")
    assert instance_key(one, "ann") != instance_key(one, "bob")
    assert instance_key(one, "ann") == instance_key(tmp_path / "x" / ".." / "a.db", "ann")
    assert str(tmp_path) not in instance_key(one, "ann")  # no path in the temp folder


def test_two_databases_run_side_by_side(tmp_path: Path, instances: list[SingleInstance]) -> None:
    assert _new(instance_key(tmp_path / "a.db"), instances).claim()
    assert _new(instance_key(tmp_path / "b.db"), instances).claim()
