"""The Settings dialog: a page list on the left, one page at a time, OK saves it all.

Everything is loaded and saved in the background. Saving is one transaction
(`save_all`): when the database refuses any part (a cadence the engine rejects, a stage
switched off that still holds inquiries), the dialog stays open, says why, and nothing
is saved.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.autostart import default_command, disable_autostart, enable_autostart, is_autostart_enabled
from app.errors import LeadkeeperError
from app.services.context import ServiceContext
from app.services.settings_admin import (
    START_ON_LOGIN,
    WORKING_HOURS,
    SettingsEdit,
    SettingsSnapshot,
    load_all,
    save_all,
)
from ui.background import report_failure, run_in_background
from ui.settings.cadences_page import CadencesPage
from ui.settings.hours import WorkingHoursEditor
from ui.settings.simple_form import SettingsForm
from ui.settings.stages_page import StagesPage
from ui.settings.types_page import TypesPage
from ui.theme import tone_color

PAGES = ("Profile", "Region & hours", "Stages", "Inquiry types", "Cadences")
SUBTITLES = (
    "Who you are in emails to clients.",
    "How phone numbers are read, when reminders may pop up, how Leadkeeper looks.",
    "The columns of the pipeline, in order.",
    "What clients ask for, and the documents each kind of inquiry needs.",
    "The follow-up rules: which tasks are planned, and when.",
)


def _page(title: str, *widgets: QWidget, stretch: bool = True) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(12, 0, 0, 0)
    heading = QLabel(title)
    font = heading.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    heading.setFont(font)
    subtitle = QLabel(SUBTITLES[PAGES.index(title)])
    subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    subtitle.setWordWrap(True)
    layout.addWidget(heading)
    layout.addWidget(subtitle)
    layout.addSpacing(6)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    return page


log = logging.getLogger(__name__)


class SettingsDialog(QDialog):
    """Emits `saved` with what changed (setting keys, "stages", rule keys...)."""

    saved = Signal(list)
    loaded = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle("Settings")
        self.profile = SettingsForm("Profile")
        self.working = SettingsForm("Working")
        self.hours = WorkingHoursEditor()
        self.stages = StagesPage()
        self.stages.layout().setContentsMargins(0, 0, 0, 0)
        self.types = TypesPage()
        self.cadences = CadencesPage()
        self.types.layout().setContentsMargins(0, 0, 0, 0)
        self.cadences.layout().setContentsMargins(0, 0, 0, 0)
        hours_box = QGroupBox("Working hours: reminders wait for them")
        QVBoxLayout(hours_box).addWidget(self.hours)
        profile_box = QGroupBox("Broker profile")
        QVBoxLayout(profile_box).addWidget(self.profile)
        working_box = QGroupBox("Region and habits")
        QVBoxLayout(working_box).addWidget(self.working)

        self.nav = QListWidget()
        for name in PAGES:
            item = QListWidgetItem(name)
            item.setSizeHint(QSize(0, 34))
            self.nav.addItem(item)
        self.nav.setFixedWidth(160)
        self.nav.setSpacing(1)
        self.pages = QStackedWidget()
        for page in (
            _page(PAGES[0], profile_box),
            _page(PAGES[1], working_box, hours_box),
            _page(PAGES[2], self.stages, stretch=False),
            _page(PAGES[3], self.types, stretch=False),
            _page(PAGES[4], self.cadences, stretch=False),
        ):
            self.pages.addWidget(page)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.setEnabled(False)  # until loaded
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(QSize(900, 600))
        self._values: dict[str, Any] = {}
        ctx_ = ctx
        run_in_background(lambda: load_all(ctx_), self._load, lambda e: report_failure(self, e))

    def show_page(self, name: str) -> None:
        self.nav.setCurrentRow(PAGES.index(name))

    def _load(self, snapshot: SettingsSnapshot) -> None:
        self._values = dict(snapshot.values)
        self.profile.load(snapshot.values)
        self.working.load(snapshot.values)
        self.hours.load(snapshot.values[WORKING_HOURS])
        self.stages.load(snapshot.stages)
        self.types.load(snapshot.inquiry_types)
        self.cadences.load(snapshot.rules)
        self.buttons.setEnabled(True)
        self.loaded.emit()

    def edit(self) -> SettingsEdit:
        """What the broker changed; untouched editors are left out."""
        values = {
            **self.profile.values(),
            **self.working.values(),
            WORKING_HOURS: self.hours.value(),
        }
        changed = {k: v for k, v in values.items() if self._values.get(k) != v}
        return SettingsEdit(
            values=changed or None,
            stages=self.stages.rows() if self.stages.dirty else None,
            inquiry_types=self.types.rows() if self.types.dirty else None,
            rules=self.cadences.rows() if self.cadences.dirty else None,
        )

    def show_error(self, text: str) -> None:
        palette = self.error.palette()
        color = tone_color("overdue")
        if color is not None:
            palette.setColor(QPalette.ColorRole.WindowText, color)
        self.error.setPalette(palette)
        self.error.setText(text)
        self.error.show()

    def save(self) -> None:
        problem = self.cadences.first_error() if self.cadences.dirty else None
        if problem is not None:
            self.show_page("Cadences")
            self.cadences.rules.setCurrentRow(problem[0])
            self.show_error(f"Not saved. {problem[1]}")
            return
        edit, ctx = self.edit(), self._ctx
        self.buttons.setEnabled(False)
        run_in_background(lambda: save_all(ctx, edit), self._saved, self._failed)

    def _saved(self, changed: list[str]) -> None:
        apply_start_on_login(self.edit())
        self.saved.emit(changed)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, LeadkeeperError):
            self.show_error(f"Not saved. {error}")
        else:
            report_failure(self, error)


def apply_start_on_login(edit: SettingsEdit) -> None:
    """Mirror the "Start Leadkeeper when I log in" setting in the desktop's autostart."""
    wanted = (edit.values or {}).get(START_ON_LOGIN)
    if not isinstance(wanted, bool) or wanted == is_autostart_enabled():
        return
    try:
        if wanted:
            enable_autostart(default_command())
        else:
            disable_autostart()
    except OSError as exc:
        log.error("could not change start on login: %s", exc.strerror)
