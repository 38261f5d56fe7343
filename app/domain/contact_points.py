"""Normalizing emails and phone numbers so the same person is recognised everywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from app.errors import InvalidInput

_NON_DIGITS = re.compile(r"\D+")


def normalize_email(raw: str) -> str:
    """A syntactically valid address, lower-cased (matching is case-insensitive).

    Raises InvalidInput with a readable reason for anything that is not an address.
    """
    text = raw.strip()
    if not text:
        raise InvalidInput("email address is empty")
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(f"'{text}' is not a valid email address: {exc}") from exc
    return result.normalized.lower()


@dataclass(frozen=True)
class Phone:
    e164: str  # +14165550101
    digits: str  # 14165550101, for digit search
    raw: str  # as the user typed it


def normalize_phone(raw: str, default_region: str = "CA") -> Phone:
    """Parse a phone number to E.164, using `default_region` for local numbers."""
    text = raw.strip()
    if not text:
        raise InvalidInput("phone number is empty")
    try:
        parsed = phonenumbers.parse(text, default_region.upper())
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput(f"'{text}' is not a phone number") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise InvalidInput(f"'{text}' is not a possible phone number for {default_region}")
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return Phone(e164=e164, digits=digits_only(e164), raw=text)


def digits_only(text: str) -> str:
    """Just the digits, for phone search ("(416) 555-0101" -> "4165550101")."""
    return _NON_DIGITS.sub("", text)


def display_phone(e164: str) -> str:
    """A readable international format for an E.164 number."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
