"""Errors a person can read. The CLI prints their message as one line; the UI shows it."""

from __future__ import annotations


class LeadkeeperError(Exception):
    """A problem the user can act on (bad input, missing record, wrong file)."""


class InvalidInput(LeadkeeperError):
    """A value the user gave does not make sense (bad email, unknown type...)."""


class NotFound(LeadkeeperError):
    """A record the user referred to does not exist."""


class DatabaseRefused(LeadkeeperError):
    """The database file cannot be opened safely (newer schema, not a Leadkeeper file)."""
