"""Start on login: the XDG autostart entry's place, content and permissions."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.autostart import (
    autostart_path,
    disable_autostart,
    enable_autostart,
    exec_value,
    is_autostart_enabled,
)


def _entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def _unescape_exec(value: str) -> list[str]:
    """Read an Exec value back as the Desktop Entry spec says a session does: the string
    escape (`\\\\` is one backslash), then the argument quoting, then `%%`."""
    text = value.replace("\\\\", "\\")
    args: list[str] = []
    current, quoted, started, i = "", False, False, 0
    while i < len(text):
        ch = text[i]
        if quoted and ch == "\\" and text[i + 1 : i + 2] in ('"', "`", "$", "\\"):
            current += text[i + 1]
            i += 1
        elif ch == '"':
            quoted, started = not quoted, True
        elif ch == " " and not quoted:
            if current or started:
                args.append(current)
            current, started = "", False
        else:
            current += ch
        i += 1
    if current or started:
        args.append(current)
    return [arg.replace("%%", "%") for arg in args]


def test_enabling_writes_a_private_entry_in_the_xdg_config_folder(isolated_home: Path) -> None:
    path = enable_autostart(["/opt/leadkeeper/leadkeeper"])
    assert path == isolated_home / ".config" / "autostart" / "leadkeeper.desktop"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    entry = _entry(path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Leadkeeper"
    assert entry["Exec"] == "/opt/leadkeeper/leadkeeper"
    assert entry["Terminal"] == "false"
    assert is_autostart_enabled()
    assert [p.name for p in path.parent.iterdir()] == ["leadkeeper.desktop"]  # no temp left


def test_xdg_config_home_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert enable_autostart(["leadkeeper"]) == tmp_path / "cfg" / "autostart" / "leadkeeper.desktop"
    assert stat.S_IMODE((tmp_path / "cfg" / "autostart").stat().st_mode) == 0o700


def test_a_relative_xdg_config_home_is_ignored(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/cfg")
    assert autostart_path() == isolated_home / ".config" / "autostart" / "leadkeeper.desktop"


def test_disabling_removes_the_entry(isolated_home: Path) -> None:
    assert not disable_autostart()
    enable_autostart(["leadkeeper"])
    assert disable_autostart()
    assert not autostart_path().exists()
    assert not is_autostart_enabled()


def test_enabling_again_replaces_the_command(isolated_home: Path) -> None:
    enable_autostart(["/old/leadkeeper"])
    enable_autostart(["/new/leadkeeper", "--db", "/data/broker.db"])
    assert _entry(autostart_path())["Exec"] == "/new/leadkeeper --db /data/broker.db"


def test_arguments_with_spaces_quotes_and_percent_survive(isolated_home: Path) -> None:
    command = [
        "/home/ann/My Apps/python3",
        "-m",
        "app.cli.main",
        "--db",
        '/home/ann/Broker "A"/100% $mine\\x.db',
    ]
    enable_autostart(command)
    value = _entry(autostart_path())["Exec"]
    assert value.startswith('"/home/ann/My Apps/python3" -m app.cli.main --db "')
    assert "%%" in value and "\\\\\\\\x" in value  # % doubled; a backslash written as four
    assert _unescape_exec(value) == command


def test_a_command_with_a_line_break_is_refused(isolated_home: Path) -> None:
    with pytest.raises(ValueError):
        exec_value(["leadkeeper", "--db", "a\nb"])
    with pytest.raises(ValueError):
        enable_autostart([])
    assert not autostart_path().exists()


def test_an_entry_switched_off_by_the_desktop_counts_as_disabled(isolated_home: Path) -> None:
    path = enable_autostart(["leadkeeper"])
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false"
        ),
        encoding="utf-8",
    )
    assert not is_autostart_enabled()
    path.write_text("[Desktop Entry]\nExec=leadkeeper\nHidden=true\n", encoding="utf-8")
    assert not is_autostart_enabled()
