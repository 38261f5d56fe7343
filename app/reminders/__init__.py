"""Reminders: what is due to pop up, derived from the database, shown exactly once (Qt-free)."""
