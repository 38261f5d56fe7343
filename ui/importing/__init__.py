"""Importing contacts: the wizard, the Possible duplicates list, the Imports page."""

from ui.importing.duplicates_view import DuplicatesPage
from ui.importing.imports_page import ImportsPage
from ui.importing.wizard import ImportWizard

__all__ = ["DuplicatesPage", "ImportWizard", "ImportsPage"]
