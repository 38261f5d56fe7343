#!/usr/bin/env bash
# Build Leadkeeper as a one-folder bundle and a Linux tarball (see installer/README.md).
#
#   bash scripts/build-bundle.sh            # reuses build/ when nothing changed
#   bash scripts/build-bundle.sh --clean    # from scratch (extra arguments go to PyInstaller)
#
# Makes dist/leadkeeper/ (the frozen app, plus install.sh, uninstall.sh and the desktop
# entry and icons under share/) and dist/leadkeeper-<version>-linux-x86_64.tar.gz.
# Python: $PYTHON, else .venv/bin/python, else python3; it must have Leadkeeper's
# dependencies. PyInstaller is pip-installed into it when missing. The build runs
# offscreen (no display needed) and takes about a minute.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYINSTALLER_REQ="pyinstaller>=6.10,<7"

say() { printf '==> %s\n' "$*"; }
die() { printf 'build-bundle.sh: %s\n' "$*" >&2; exit 1; }

if [ -n "${PYTHON:-}" ]; then
    PY="$PYTHON"
elif [ -x .venv/bin/python ]; then
    PY=.venv/bin/python
else
    PY=python3
fi
command -v "$PY" >/dev/null 2>&1 || die "no Python at '$PY' (set PYTHON=/path/to/python)"
"$PY" -c 'import PySide6, sqlalchemy, alembic' 2>/dev/null \
    || die "'$PY' lacks Leadkeeper's dependencies (bash scripts/setup.sh test makes .venv)"

if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
    say "installing $PYINSTALLER_REQ into $("$PY" -c 'import sys; print(sys.prefix)')"
    "$PY" -m pip install -q --disable-pip-version-check --no-input "$PYINSTALLER_REQ"
fi

VERSION="$("$PY" -c 'import app; print(app.__version__)')"
case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) PLATFORM=linux-x86_64 ;;
    Linux-aarch64) PLATFORM=linux-aarch64 ;;
    *) die "this script builds the Linux bundle; on Windows or macOS run PyInstaller \
on installer/leadkeeper.spec as installer/README.md says" ;;
esac
DIST="$ROOT/dist"
BUNDLE="$DIST/leadkeeper"
TARBALL="$DIST/leadkeeper-$VERSION-$PLATFORM.tar.gz"

start=$SECONDS
say "PyInstaller $("$PY" -m PyInstaller --version) -> $BUNDLE"
export QT_QPA_PLATFORM=offscreen  # the icon step draws with Qt; no display needed
"$PY" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$DIST" --workpath "$ROOT/build" "$@" installer/leadkeeper.spec
frozen_s=$((SECONDS - start))

# Desktop integration next to the program: install.sh copies it all into place.
share="$BUNDLE/share"
mkdir -p "$share/applications" "$share/icons/hicolor/scalable/apps"
cp installer/linux/leadkeeper.desktop "$share/applications/"
cp -r build/leadkeeper/icons/hicolor "$share/icons/"
cp resources/icons/leadkeeper.svg "$share/icons/hicolor/scalable/apps/leadkeeper.svg"
install -m 0755 installer/linux/install.sh installer/linux/uninstall.sh "$BUNDLE/"

say "tarball -> $TARBALL"
rm -f "$TARBALL"
tar -C "$DIST" -czf "$TARBALL" leadkeeper

say "done in $((SECONDS - start))s (PyInstaller ${frozen_s}s): \
$(du -sh "$BUNDLE" | cut -f1) folder, $(du -sh "$TARBALL" | cut -f1) tarball"
"$BUNDLE/leadkeeper" --version
