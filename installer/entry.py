"""The frozen program's entry point: `leadkeeper [COMMAND]`, exactly like the source one.

PyInstaller freezes this script (see leadkeeper.spec). Two environment variables, for the
bundle's own tests and for support, change what it does; a broker never sets them:

- LEADKEEPER_BUNDLE_SELFTEST=1: print one JSON object saying what the bundle found (its
  version, resources, migrations, the default database path, the keyring backend and
  whether reading from it works) and exit, without opening a database.
- LEADKEEPER_SMOKE_QUIT_MS=N: open the desktop app as usual, print one line when its
  main window is on screen, and quit N milliseconds later (exit status 3 if no main
  window appeared).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

SELFTEST_ENV = "LEADKEEPER_BUNDLE_SELFTEST"
SMOKE_ENV = "LEADKEEPER_SMOKE_QUIT_MS"
SMOKE_SHOWN = "leadkeeper-smoke: main window shown"
NO_WINDOW = 3

_keep: list[object] = []  # the smoke test's QApplication, kept alive for run_gui


def _ensure_streams() -> None:
    # A windowed Windows build has no console: print() would fail on a None stream.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def selftest() -> dict[str, Any]:
    """What this installation can see, without touching any database."""
    import keyring

    from app import __version__
    from app.db.migrate import MIGRATIONS_DIR, head_revision
    from app.paths import resolve_db_path, resources_dir

    backend = keyring.get_keyring()
    try:  # a read of an entry that never exists: opens the store, changes nothing
        keyring.get_password("leadkeeper-selftest", "nobody")
        keyring_read = "ok"
    except Exception as exc:  # report which failure, whatever it is
        keyring_read = type(exc).__name__
    resources = resources_dir()
    return {
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "resources_dir": str(resources),
        "defaults": sorted(p.name for p in (resources / "defaults").glob("*.json")),
        "migrations": sorted(p.name for p in (MIGRATIONS_DIR / "versions").glob("*.py")),
        "head_revision": head_revision(),
        "default_db": str(resolve_db_path(None)),
        "keyring_backend": f"{type(backend).__module__}.{type(backend).__name__}",
        "keyring_read": keyring_read,
    }


def _arm_smoke_quit(delay_ms: int) -> None:
    """Create the QApplication early (run_gui reuses it) and schedule the check and quit
    for when the event loop is running, i.e. after run_gui has shown the window."""
    # Only for this test hook; the desktop app itself is ui/ (hence the noqa).
    from PySide6.QtCore import QTimer  # noqa: TID251
    from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: TID251

    qapp = QApplication(sys.argv[:1])  # as run_gui would: the arguments are ours, not Qt's
    _keep.append(qapp)

    def main_windows() -> list[QMainWindow]:
        return [w for w in qapp.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]

    def shown() -> None:
        windows = main_windows()
        if not windows:
            print("leadkeeper-smoke: no main window", flush=True)
            qapp.exit(NO_WINDOW)
            return
        print(f"{SMOKE_SHOWN}: {windows[0].windowTitle()}", flush=True)
        QTimer.singleShot(delay_ms, close_all)

    def close_all() -> None:
        for window in main_windows():
            window.close()
        qapp.quit()  # closing may only hide the window (tray); quitting is what we test

    QTimer.singleShot(0, shown)


def main() -> int:
    _ensure_streams()
    if os.environ.get(SELFTEST_ENV) == "1":
        print(json.dumps(selftest(), indent=2))
        return 0
    smoke = os.environ.get(SMOKE_ENV, "")
    if smoke.isdigit():
        _arm_smoke_quit(int(smoke))

    from app.cli.main import main as leadkeeper_main

    return leadkeeper_main()


if __name__ == "__main__":
    raise SystemExit(main())
