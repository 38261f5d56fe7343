"""Broker settings stored as JSON values in the settings table."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from app.db.models import Setting


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    """The stored value for `key`, or `default` when it was never set."""
    row = session.get(Setting, key)
    return default if row is None else json.loads(row.value)


def set_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    text = json.dumps(value)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text


def phone_region(session: Session) -> str:
    """The default region for numbers typed without a country code."""
    region = get_setting(session, "default_phone_region", "CA")
    return str(region or "CA")
