"""Copies of the database: online backups and the daily/weekly rotation."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from app.paths import ensure_private_dir, make_private


def backup_to(source: Path, target: Path) -> Path:
    """Copy `source` to `target` with SQLite's online backup API (safe while in use)."""
    ensure_private_dir(target.parent)
    tmp = target.with_name(target.name + ".part")
    if tmp.exists():
        tmp.unlink()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            # A backup is one self-contained file: no -wal/-shm beside it when opened later.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    make_private(tmp)
    tmp.replace(target)  # a half-written backup never carries the final name
    return target


DAILY_PREFIX = "daily-"


def daily_backup_name(day: date) -> str:
    return f"{DAILY_PREFIX}{day.isoformat()}.db"


def backup_date(name: str) -> date | None:
    """The day in a daily backup's file name, or None for other files."""
    if not (name.startswith(DAILY_PREFIX) and name.endswith(".db")):
        return None
    try:
        return date.fromisoformat(name[len(DAILY_PREFIX) : -3])
    except ValueError:
        return None


def backups_to_keep(days: list[date], *, daily: int = 7, weekly: int = 4) -> set[date]:
    """The newest `daily` backups, plus the newest backup of each of the `weekly`
    ISO weeks before them."""
    ordered = sorted(set(days), reverse=True)
    keep = set(ordered[:daily])
    covered = {d.isocalendar()[:2] for d in keep}
    weeks_kept = 0
    for day in ordered[daily:]:
        week = day.isocalendar()[:2]
        if week in covered:
            continue
        if weeks_kept >= weekly:
            break
        covered.add(week)
        keep.add(day)
        weeks_kept += 1
    return keep


def ensure_daily_backup(db_path: Path, backup_folder: Path, today: date) -> Path | None:
    """Make today's backup if there is none yet, then prune old ones.

    Returns the new backup's path, or None when today's already existed.
    """
    ensure_private_dir(backup_folder)
    target = backup_folder / daily_backup_name(today)
    created = None
    if not target.exists():
        created = backup_to(db_path, target)
    existing = {d: p for p in backup_folder.iterdir() if (d := backup_date(p.name)) is not None}
    keep = backups_to_keep(list(existing))
    for day, path in existing.items():
        if day not in keep:
            path.unlink()
    return created
