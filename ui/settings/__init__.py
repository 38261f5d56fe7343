"""The Settings dialog (Ctrl+,): profile, working hours, stages, inquiry types, cadences."""

from ui.settings.dialog import SettingsDialog

__all__ = ["SettingsDialog"]
