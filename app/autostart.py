"""Start Leadkeeper when the broker logs in (Linux: an XDG autostart entry).

The entry is `$XDG_CONFIG_HOME/autostart/leadkeeper.desktop` (default `~/.config`), the
place every freedesktop session (GNOME, KDE, Xfce, Cinnamon, MATE, LXQt) reads at login.
Windows and macOS use other mechanisms, described in `installer/autostart.md`.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from app.paths import APP_NAME, ensure_private_dir

ENTRY_NAME = "leadkeeper.desktop"

# Characters that force an Exec argument into double quotes (Desktop Entry spec, "Exec key").
_RESERVED = frozenset(" \t\"'\\><~|&;$*?#()`")
# Inside double quotes these four take a backslash.
_QUOTED_ESCAPES = re.compile(r'(["`$\\])')


def autostart_dir() -> Path:
    """The folder the session reads autostart entries from (`XDG_CONFIG_HOME` respected)."""
    config = os.environ.get("XDG_CONFIG_HOME", "")
    # The XDG spec says a relative value is invalid and must be ignored.
    base = Path(config) if config and Path(config).is_absolute() else Path.home() / ".config"
    return base / "autostart"


def autostart_path() -> Path:
    """Where Leadkeeper's entry lives."""
    return autostart_dir() / ENTRY_NAME


def quote_exec_argument(argument: str) -> str:
    """One argument as the Exec key needs it: `%` doubled (no field codes), quoted and
    escaped when it holds a reserved character. The string-level backslash escape is
    applied afterwards, by `exec_value`."""
    if any(ch in argument for ch in "\n\r\0"):
        raise ValueError("an autostart command cannot contain line breaks")
    argument = argument.replace("%", "%%")
    if argument and not _RESERVED.intersection(argument):
        return argument
    return '"' + _QUOTED_ESCAPES.sub(r"\\\1", argument) + '"'


def exec_value(command: Sequence[str]) -> str:
    """The Exec value for `command` (program first), ready to write after `Exec=`."""
    if not command or not command[0]:
        raise ValueError("the autostart command needs a program")
    quoted = " ".join(quote_exec_argument(argument) for argument in command)
    # Values of type string unescape `\\` before the quoting is read, so double every one.
    return quoted.replace("\\", "\\\\")


def entry_text(command: Sequence[str]) -> str:
    """The whole desktop entry that starts `command` at login."""
    return "\n".join(
        (
            "[Desktop Entry]",
            "Type=Application",
            f"Name={APP_NAME}",
            "Comment=Follow-up reminders for your mortgage inquiries",
            f"Exec={exec_value(command)}",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            "",
        )
    )


def enable_autostart(command: Sequence[str]) -> Path:
    """Write (or replace) the autostart entry that runs `command` at login; returns its
    path. The file is private to the user, and replaced atomically so a session starting
    meanwhile never reads half of it."""
    text = entry_text(command)
    folder = autostart_dir()
    ensure_private_dir(folder)
    handle, temp_name = tempfile.mkstemp(prefix=".leadkeeper-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, autostart_path())
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return autostart_path()


def disable_autostart() -> bool:
    """Remove the autostart entry; True when there was one."""
    try:
        autostart_path().unlink()
    except FileNotFoundError:
        return False
    return True


def _entry_values(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    in_entry = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("["):
            in_entry = line == "[Desktop Entry]"
        elif in_entry and "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def is_autostart_enabled() -> bool:
    """True when the entry exists and the session will run it (not hidden or switched off
    by the desktop's own startup-applications tool)."""
    try:
        text = autostart_path().read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return False
    values = _entry_values(text)
    if values.get("Hidden", "").lower() == "true":
        return False
    return values.get("X-GNOME-Autostart-enabled", "true").lower() != "false"


def default_command() -> list[str]:
    """How to start this installation of the desktop app: the bundled program when frozen,
    else the `leadkeeper` script on PATH, else this Python running the command line."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = shutil.which("leadkeeper")
    if script:
        return [str(Path(script).resolve())]
    return [sys.executable, "-m", "app.cli.main"]
