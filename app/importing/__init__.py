"""Importing contacts and leads: reading files, normalizing, de-duplicating, batches."""
