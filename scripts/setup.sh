#!/usr/bin/env bash
# Bootstrap Leadkeeper on a fresh Debian/Ubuntu machine, then run it or its tests.
#
#   bash scripts/setup.sh demo   # install, fill a demo database, open the app on it
#   bash scripts/setup.sh test   # install, run ruff, mypy and the whole test suite
#
# Safe to run again: it installs only what is missing. Run as root, or as a user who
# may sudo (only apt-get uses it). Environment: PYTHON (interpreter for the venv,
# default python3 on PATH), LEADKEEPER_DB (demo database path).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

APT_PACKAGES=(
    python3 python3-venv python3-pip
    # Qt offscreen
    libegl1 libgl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0
    # Qt on a real X server (xcb) and Xvfb for the tests that need one
    xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
    libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
    # tray host, Secret Service, screenshots and input for UI tests
    trayer gnome-keyring dbus-x11 libsecret-tools imagemagick xdotool
)

say() { printf '==> %s\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

usage() {
    echo "usage: bash scripts/setup.sh demo|test [pytest args...]" >&2
    exit 2
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "installing system packages needs root; run as root or install sudo"
    fi
}

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

install_system_packages() {
    command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 \
        || die "this script supports Debian/Ubuntu (apt-get) only"
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        say "system packages: all present"
        return
    fi
    say "system packages: installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -qq update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -qq \
        install -y --no-install-recommends "${missing[@]}" >/dev/null
}

# The interpreter for the venv: $PYTHON, else python3 on PATH (pyenv's is fine).
pick_python() {
    local python="${PYTHON:-python3}"
    command -v "$python" >/dev/null 2>&1 || die "no '$python' on PATH"
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        die "Leadkeeper needs Python 3.11 or newer; '$(command -v "$python")' is \
$("$python" -c 'import platform; print(platform.python_version())'). \
Install one and rerun with PYTHON=/path/to/python3.11"
    fi
    "$python" -c 'import venv, ensurepip' 2>/dev/null \
        || die "'$python' cannot create virtual environments (install python3-venv)"
    command -v "$python"
}

make_venv() {
    local python stamp want
    python="$(pick_python)"
    if [ -x .venv/bin/python ] \
        && ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
    then
        say "venv: .venv is broken or too old; recreating it"
        rm -rf .venv
    fi
    if [ ! -x .venv/bin/python ]; then
        say "venv: creating .venv with $python ($("$python" --version 2>&1))"
        "$python" -m venv .venv
    fi
    # Reinstall only when the dependencies changed (the install is editable, so code
    # changes need nothing).
    stamp=.venv/.leadkeeper-installed
    want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x .venv/bin/leadkeeper ]; then
        say "python packages: up to date"
        return
    fi
    say "python packages: pip install -e '.[dev]'"
    .venv/bin/python -m pip install -qq --disable-pip-version-check --no-input \
        -e '.[dev]'
    echo "$want" >"$stamp"
}

db_has_data() {
    [ -s "$1" ] || return 1
    .venv/bin/python - "$1" <<'PY' 2>/dev/null
import sqlite3, sys
connection = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
try:
    (count,) = connection.execute("SELECT count(*) FROM contacts").fetchone()
finally:
    connection.close()
sys.exit(0 if count > 0 else 1)
PY
}

run_demo() {
    local db="${LEADKEEPER_DB:-$HOME/.local/share/Leadkeeper/demo.db}"
    if db_has_data "$db"; then
        say "demo: $db already has data; keeping it"
    else
        say "demo: filling $db with 300 demo contacts"
        LEADKEEPER_DB="$db" .venv/bin/leadkeeper demo --contacts 300
    fi
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        cat >&2 <<EOF
setup.sh: installed, and the demo database is ready, but there is no display to open
a window on (DISPLAY is not set). Run this from a desktop session, or over 'ssh -X',
or on a virtual screen:
    xvfb-run -a $ROOT/.venv/bin/leadkeeper --db "$db"
EOF
        exit 1
    fi
    say "demo: starting Leadkeeper on $db"
    exec .venv/bin/leadkeeper --db "$db"
}

main() {
    [ "$#" -ge 1 ] || usage
    local mode="$1"
    shift
    case "$mode" in
        demo | test) ;;
        *) usage ;;
    esac
    install_system_packages
    make_venv
    case "$mode" in
        demo) run_demo ;;
        test) exec bash scripts/run-tests.sh "$@" ;;
    esac
}

main "$@"
