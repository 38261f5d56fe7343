#!/usr/bin/env bash
# Remove the Leadkeeper that install.sh put in place for this user: the program in
# ~/.local/opt/leadkeeper, its menu entry, icons, the ~/.local/bin/leadkeeper link and,
# if it starts this installation, the start-on-login entry.
#
# Your data is kept: the database and its backups in ~/.local/share/Leadkeeper (or
# wherever LEADKEEPER_DB pointed). Delete that folder yourself if you really mean to.
set -euo pipefail

DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
case "$DATA_HOME" in /*) ;; *) DATA_HOME="$HOME/.local/share" ;; esac
CONFIG_HOME="${XDG_CONFIG_HOME:-$HOME/.config}"
case "$CONFIG_HOME" in /*) ;; *) CONFIG_HOME="$HOME/.config" ;; esac
TARGET="$HOME/.local/opt/leadkeeper"
LINK="$HOME/.local/bin/leadkeeper"
APPS="$DATA_HOME/applications"
ICONS="$DATA_HOME/icons/hicolor"
AUTOSTART="$CONFIG_HOME/autostart/leadkeeper.desktop"

rm -f "$APPS/leadkeeper.desktop"
rm -f "$ICONS"/*/apps/leadkeeper.png "$ICONS"/*/apps/leadkeeper.svg
if [ -L "$LINK" ] && [ "$(readlink "$LINK")" = "$TARGET/leadkeeper" ]; then
    rm -f "$LINK"
fi
# The app writes this entry when "start when I log in" is on; without the program it
# would only fail at every login.
if [ -f "$AUTOSTART" ] && grep -qF "$TARGET/leadkeeper" "$AUTOSTART"; then
    rm -f "$AUTOSTART"
fi
# Last: this script itself may live there (bash keeps reading its open copy).
rm -rf "$TARGET"

command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" || true
touch "$ICONS" 2>/dev/null || true

echo "Leadkeeper is uninstalled. Your data is still in $DATA_HOME/Leadkeeper."
