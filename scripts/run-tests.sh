#!/usr/bin/env bash
# Run every check CI runs: ruff, mypy (strict on app/), then pytest.
#
#   bash scripts/run-tests.sh                 # everything
#   bash scripts/run-tests.sh tests/db -x -q  # extra arguments go to pytest
#
# pytest runs on a private Xvfb display (so tests marked `xvfb` have a real X server;
# all others use Qt's offscreen platform, see tests/conftest.py), inside its own D-Bus
# session with a throwaway HOME and an unlocked gnome-keyring, so keyring tests get a
# real Secret Service and never touch the user's own keyring. Without those tools it
# warns and runs plain pytest. All steps run; the exit status is non-zero if any failed,
# and also if pytest collected no tests.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ -x .venv/bin/python ]; then
    PY=.venv/bin/python
else
    PY="${PYTHON:-python3}"
    echo "run-tests.sh: no .venv here (bash scripts/setup.sh test makes one); using $PY" >&2
fi

failed=()
say() { printf '\n==> %s\n' "$*"; }
warn() { printf 'run-tests.sh: warning: %s\n' "$*" >&2; }

run_step() {
    local name="$1" start=$SECONDS rc
    shift
    say "$name"
    "$@"
    rc=$?
    printf '==> %s: exit %d in %ds\n' "$name" "$rc" "$((SECONDS - start))"
    [ "$rc" -eq 0 ] || failed+=("$name (exit $rc)")
    return "$rc"
}

lint_paths=()
for folder in app ui tests bench installer; do
    [ -d "$folder" ] && lint_paths+=("$folder")
done
run_step "ruff check ${lint_paths[*]}" "$PY" -m ruff check "${lint_paths[@]}"
run_step "mypy app" "$PY" -m mypy app
run_step "ruff check installer/leadkeeper.spec" "$PY" -m ruff check --extension spec:python \
    installer/leadkeeper.spec
# The frozen-bundle smoke test (tests/installer) builds with PyInstaller (~1.5-2 min): CI only.
if [ "${CI:-}" = true ]; then export LEADKEEPER_BUNDLE_TEST="${LEADKEEPER_BUNDLE_TEST:-1}"; fi

# --- pytest, wrapped in a D-Bus session with a keyring, on Xvfb ----------------------
pytest_cmd=("$PY" -m pytest "$@")

# Runs inside dbus-run-session: a throwaway HOME and runtime dir (so the daemon cannot
# find or unlock the user's real keyring), then an unlocked login keyring.
# shellcheck disable=SC2016  # expanded by the inner shell
keyring_session='
set -e
scratch="$(mktemp -d)"
trap "rm -rf \"\$scratch\"" EXIT
export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run"
mkdir -m 700 "$HOME" "$XDG_RUNTIME_DIR"
printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
'

wrapped=("${pytest_cmd[@]}")
if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1
then
    wrapped=(dbus-run-session -- bash -c "$keyring_session" keyring-session "${wrapped[@]}")
else
    warn "dbus-run-session or gnome-keyring-daemon missing: keyring tests get no Secret Service"
fi
if command -v xvfb-run >/dev/null 2>&1 && command -v xauth >/dev/null 2>&1; then
    wrapped=(xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "${wrapped[@]}")
else
    warn "xvfb-run or xauth missing: tests marked xvfb will be skipped"
fi

run_step pytest "${wrapped[@]}"
pytest_rc=$?
if [ "$pytest_rc" -eq 5 ]; then
    failed[${#failed[@]}-1]="pytest (collected no tests)"
fi

echo
if [ "${#failed[@]}" -gt 0 ]; then
    printf 'run-tests.sh: FAILED: %s\n' "${failed[@]}" >&2
    exit 1
fi
echo "run-tests.sh: all checks passed"
