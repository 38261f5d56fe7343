#!/usr/bin/env bash
# Install Leadkeeper for the current user (no root needed). Run it from the unpacked
# bundle:
#
#   tar -xzf leadkeeper-<version>-linux-x86_64.tar.gz && ./leadkeeper/install.sh
#
# Puts the program in ~/.local/opt/leadkeeper (replacing an older version there), the
# menu entry in ~/.local/share/applications, the icon in ~/.local/share/icons/hicolor
# and a `leadkeeper` command in ~/.local/bin. Your data (~/.local/share/Leadkeeper) is
# not touched. ~/.local/opt/leadkeeper/uninstall.sh removes it all again.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
case "$DATA_HOME" in /*) ;; *) DATA_HOME="$HOME/.local/share" ;; esac
TARGET="$HOME/.local/opt/leadkeeper"
BIN_DIR="$HOME/.local/bin"
APPS="$DATA_HOME/applications"
ICONS="$DATA_HOME/icons/hicolor"
PROGRAM="$TARGET/leadkeeper"

die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

[ -x "$SRC/leadkeeper" ] && [ -d "$SRC/_internal" ] \
    || die "run this script from the unpacked Leadkeeper folder (it has 'leadkeeper' and '_internal')"
[ "$SRC" != "$TARGET" ] || die "Leadkeeper is already installed here; to upgrade, run the new version's install.sh"

# Copy next to the old version first, then swap, so a failed copy leaves the old one.
mkdir -p "$(dirname "$TARGET")"
staging="$TARGET.new.$$"
trap 'rm -rf "$staging"' EXIT
cp -a "$SRC/." "$staging/"
rm -rf "$TARGET"
mv "$staging" "$TARGET"
trap - EXIT

# Exec= quoting by the Desktop Entry spec: quote when needed, escape " ` $ \, then the
# string escape doubles every backslash.
exec_value() {
    local arg="$1"
    case "$arg" in
        *[!A-Za-z0-9/._+-]*)
            arg="${arg//\\/\\\\}"
            arg="${arg//\"/\\\"}"
            arg="${arg//\`/\\\`}"
            arg="${arg//\$/\\\$}"
            arg="\"$arg\""
            ;;
    esac
    arg="${arg//%/%%}"
    printf '%s' "${arg//\\/\\\\}"
}

mkdir -p "$APPS"
desktop="$APPS/leadkeeper.desktop"
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
        Exec=*) printf 'Exec=%s\n' "$(exec_value "$PROGRAM")" ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$TARGET/share/applications/leadkeeper.desktop" >"$desktop.tmp"
printf 'TryExec=%s\n' "$PROGRAM" >>"$desktop.tmp"
mv "$desktop.tmp" "$desktop"

for icon in "$TARGET"/share/icons/hicolor/*/apps/leadkeeper.*; do
    size="$(basename "$(dirname "$(dirname "$icon")")")"
    mkdir -p "$ICONS/$size/apps"
    cp "$icon" "$ICONS/$size/apps/"
done

mkdir -p "$BIN_DIR"
if [ -e "$BIN_DIR/leadkeeper" ] && [ ! -L "$BIN_DIR/leadkeeper" ]; then
    printf 'install.sh: %s exists and is not ours; leaving it\n' "$BIN_DIR/leadkeeper" >&2
else
    ln -sfn "$PROGRAM" "$BIN_DIR/leadkeeper"
fi

# Let menus notice now rather than at the next login. No icon cache is written: a user
# icon folder is read without one, and a cache would go stale when others add icons.
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" || true
touch "$ICONS" 2>/dev/null || true

version="$("$PROGRAM" --version 2>/dev/null || echo "leadkeeper")"
echo "Installed $version in $TARGET."
echo "Start it from your applications menu, or run: $BIN_DIR/leadkeeper"
case ":$PATH:" in
    *":$BIN_DIR:"*) ;;
    *) echo "($BIN_DIR is not on your PATH; add it to run 'leadkeeper' by name.)" ;;
esac
echo "To remove it: $TARGET/uninstall.sh (your data stays)."
