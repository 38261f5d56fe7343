"""Dialogs the broker opens from several places (new lead, ...)."""
