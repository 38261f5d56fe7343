"""The main window: pages on the left with counts, the lead detail on the right, menus.

One QUndoStack and one Changes broadcast are shared by every page. Pages are declared
in PAGES (a new page such as Reports is one entry and one factory in `_make_page`).
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.clock import today
from app.paths import APP_NAME
from app.services.contact_list import count_contacts
from app.services.context import ServiceContext
from app.services.due import due_list
from app.services.inquiries import count_inquiries
from app.services.maintenance import BackupResult, backup_database
from ui.background import (
    CONTACTS,
    DAY,
    INQUIRIES,
    TASKS,
    Changes,
    report_failure,
    run_in_background,
)
from ui.board import BoardPage
from ui.contacts_view import ContactsView
from ui.detail_dock import DetailDock
from ui.importing import ImportsPage
from ui.leads import LeadOpener
from ui.nav import NavList, PageSpec
from ui.reports import ReportsPage
from ui.search import SearchPopup
from ui.theme import SYSTEM, ThemeWatcher, themed_icon
from ui.today_view import TodayView

DAY_CHECK_MS = 60_000  # notice midnight within a minute, so "today" stays true
PAGES = (
    PageSpec("today", "Today", "today", "Overdue and due follow-ups, renewals coming up"),
    PageSpec("pipeline", "Pipeline", "pipeline", "Active inquiries by stage"),
    PageSpec("contacts", "Contacts", "contacts", "Everyone, sortable and filterable"),
    PageSpec("reports", "Reports", "reports", "Sources, speed to lead, funnel, stalled, ROI"),
    PageSpec("imports", "Imports", "imports", "Past imports, undo, possible duplicates"),
)
PAGE_KEYS = tuple(page.key for page in PAGES)
ALL_FLAGS = (TASKS, INQUIRIES, CONTACTS)
DETAIL_MIN_PX = 560
PAGE_MIN_PX = 360


def window_settings() -> QSettings:
    """Window state lives in an ini file in the user's config folder, looked up on each
    call so tests (and portable installs) can point the config folder elsewhere."""
    folder = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    return QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)


def app_version() -> str:
    """The version shown in About (also right in a frozen bundle, which has no metadata)."""
    return __version__


class MainWindow(QMainWindow):
    def __init__(
        self, ctx: ServiceContext, changes: Changes | None = None, theme: str = SYSTEM
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.changes = changes or Changes(self)
        self.undo_stack = QUndoStack(self)
        self.theme = ThemeWatcher(theme, self)
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(QSize(720, 480))
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks)

        self.today = TodayView(ctx, self.changes, self.undo_stack)
        self.pipeline = BoardPage(ctx, self.changes, self.undo_stack)
        self.contacts = ContactsView(ctx, self.changes, self.undo_stack)
        self.reports = ReportsPage(ctx, self.changes)
        self.imports = ImportsPage(ctx, self.changes)
        self.pages: dict[str, QWidget] = {
            "today": self.today,
            "pipeline": self.pipeline,
            "contacts": self.contacts,
            "reports": self.reports,
            "imports": self.imports,
        }
        self.nav = NavList(PAGES)
        self.stack = QStackedWidget()
        for key in PAGE_KEYS:
            # Pages scroll or squeeze: none may force the window wider than the screen
            # when the lead detail opens next to it.
            self.pages[key].setMinimumWidth(PAGE_MIN_PX)
            self.stack.addWidget(self.pages[key])
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        for page in (self.today, self.pipeline, self.contacts):
            page.status_message.connect(self.show_message)
        self.today.open_inquiry.connect(self.open_inquiry)
        self.today.loaded.connect(lambda data: self._show_due_counts(data.due))
        self.pipeline.open_inquiry.connect(self.open_inquiry)
        self.reports.open_inquiry.connect(self.open_inquiry)
        self.contacts.open_contact.connect(self.open_contact)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_detail()
        self.search = SearchPopup(ctx, self)
        self.search.open_inquiry.connect(self.open_inquiry)
        self.search.open_contact.connect(self.open_contact)
        self.leads = LeadOpener(ctx, self.changes, self)
        self.leads.open_inquiry.connect(self.open_inquiry)
        self._build_menus()
        self._build_status_bar()

        self._day = today(ctx.clock)
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self.check_day)
        self._day_timer.start()
        self._restore()
        self.changes.changed.connect(self._changed)
        self._counted = False

    # --- building -------------------------------------------------------------------

    def _build_detail(self) -> None:
        self.detail_dock = DetailDock(self.ctx, self.changes, self.undo_stack, self)
        self.detail = self.detail_dock.panel
        self.detail.open_contact.connect(self.open_contact)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.detail_dock)
        self.detail_dock.hide()
        self.detail_dock.visibilityChanged.connect(self._detail_visibility)

    def _detail_visibility(self, visible: bool) -> None:
        self.nav.set_compact(visible and not self.detail_dock.isFloating())
        if not visible and self.isActiveWindow():
            self.stack.currentWidget().setFocus()  # Esc leaves the keyboard on the page

    def _action(self, menu_text: str, slot: object, shortcut: str = "", icon: str = "") -> QAction:
        action = QAction(menu_text, self)
        if icon:
            action.setIcon(themed_icon(icon))
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_lead_action = self._action("&New lead…", self.new_lead, "Ctrl+N", "new-lead")
        self.new_lead_action.setStatusTip("Add an inquiry; warns when the person is known")
        file_menu.addAction(self.new_lead_action)
        self.import_action = self._action("&Import contacts…", self.import_contacts, "Ctrl+I")
        self.import_action.setStatusTip("Import CSV or vCard files without duplicating anyone")
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        self.backup_action = self._action("&Back up now", self.back_up_now)
        self.backup_action.setStatusTip("Copy the database to the backups folder now")
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        quit_action = self._action("&Quit", self.close, "Ctrl+Q")
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo_action.setIcon(themed_icon("undo"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(themed_icon("redo"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        self.search_action = self._action("&Search…", self.show_search, "Ctrl+K", "search")
        edit_menu.addAction(self.search_action)
        edit_menu.addSeparator()
        self.settings_action = self._action("Se&ttings…", self.show_settings, "Ctrl+,", "settings")
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        edit_menu.addAction(self.settings_action)

        view_menu = self.menuBar().addMenu("&View")
        for number, page in enumerate(PAGES, start=1):
            action = self._action(
                page.label,
                lambda _c=False, k=page.key: self.show_page(k),
                f"Ctrl+{number}",
                page.icon,
            )
            view_menu.addAction(action)
        view_menu.addSeparator()
        self.detail_action = self.detail_dock.toggleViewAction()
        self.detail_action.setText("Lead &details")
        view_menu.addAction(self.detail_action)
        view_menu.addSeparator()
        view_menu.addAction(self._action("&Refresh", self.refresh_all, "F5", "refresh"))

        help_menu = self.menuBar().addMenu("&Help")
        about = self._action(f"&About {APP_NAME}", self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        path = self.ctx.db.path
        self.db_label = QLabel(f"Database: {path.parent.name or path.parent}")
        self.db_label.setToolTip(str(path))
        self.counts_label = QLabel()
        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setFrameShadow(QFrame.Shadow.Sunken)
        bar = self.statusBar()
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(divider)
        bar.addPermanentWidget(self.db_label)

    # --- pages ----------------------------------------------------------------------

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(PAGE_KEYS.index(key))

    def current_page(self) -> str:
        current = self.stack.currentWidget()
        return next((k for k, page in self.pages.items() if page is current), "today")

    def refresh_all(self) -> None:
        self.changes.announce(*ALL_FLAGS)

    def check_day(self) -> None:
        """Past midnight the due list means a new day: refresh what depends on it."""
        now = today(self.ctx.clock)
        if now != self._day:
            self._day = now
            self.changes.announce(DAY)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    # --- the lead detail, search, new lead, settings ---------------------------------

    def open_inquiry(self, inquiry_id: int) -> None:
        """Show the inquiry in the detail pane (opening the pane if it was closed); the
        navigation shrinks to icons meanwhile, so the page keeps its room."""
        self.detail.show_inquiry(inquiry_id)
        if not self.detail_dock.isVisible():
            self.nav.set_compact(True)
            self.detail_dock.fit(int(self.width() * 0.5))
            narrowest = self.detail.minimumSizeHint().width()
            width = max(DETAIL_MIN_PX, narrowest, int(self.width() * 0.5))
            self.detail_dock.show()
            self.resizeDocks([self.detail_dock], [width], Qt.Orientation.Horizontal)
            # Once the pane's layout has settled, give it its width again.
            QTimer.singleShot(
                0,
                lambda: self.resizeDocks([self.detail_dock], [width], Qt.Orientation.Horizontal),
            )
        self.detail_dock.raise_()

    def open_contact(self, contact_id: int) -> None:
        """A contact's latest inquiry in the detail; with none yet, offer to add one."""
        self.leads.open_contact(contact_id)

    def close_detail(self) -> None:
        self.detail_dock.hide()

    def show_search(self) -> None:
        self.search.popup(self)

    def import_contacts(self) -> None:
        """Open the import wizard from the Imports page (which lists the result)."""
        self.show_page("imports")
        self.imports.open_wizard()

    def new_lead(self) -> None:
        self.leads.new_lead()

    def show_settings(self) -> None:
        from ui.settings import SettingsDialog  # loaded when first asked for: start stays quick

        dialog = SettingsDialog(self.ctx, self)
        dialog.saved.connect(self._settings_saved)
        dialog.open()
        self.settings_dialog = dialog

    def _settings_saved(self, changed: list[str]) -> None:
        if "theme" in changed:
            theme = self.settings_dialog.working.values().get("theme", SYSTEM)
            self.theme.apply(str(theme))
        self.show_message("Settings saved" if changed else "Nothing changed")
        if changed:
            self.changes.announce(*ALL_FLAGS)

    # --- counts ---------------------------------------------------------------------

    def _changed(self, flags: frozenset[str]) -> None:
        if flags & {TASKS, INQUIRIES, CONTACTS, DAY}:
            self.update_counts()

    def update_counts(self) -> None:
        ctx = self.ctx
        run_in_background(
            lambda: (
                due_list(ctx, limit=0),
                count_inquiries(ctx, "active"),
                count_contacts(ctx),
            ),
            self._show_counts,
            lambda e: report_failure(self, e),
        )

    def _show_due_counts(self, due: object) -> None:
        overdue, due_today = due.overdue.count, due.due_today.count  # type: ignore[attr-defined]
        self.nav.set_count("today", overdue + due_today, "overdue" if overdue else "")
        self.nav.viewport().update()
        self.nav.item(PAGE_KEYS.index("today")).setToolTip(
            f"{overdue:,} overdue, {due_today:,} due today"
        )

    def _show_counts(self, result: tuple[object, int, int]) -> None:
        due, active, contacts = result
        self._show_due_counts(due)
        self.nav.set_count("pipeline", active)
        self.nav.set_count("contacts", contacts)
        self.nav.viewport().update()
        self.counts_label.setText(
            f"{due.overdue.count:,} overdue · {due.due_today.count:,} due today · "  # type: ignore[attr-defined]
            f"{contacts:,} contacts"
        )

    # --- actions --------------------------------------------------------------------

    def back_up_now(self) -> None:
        path, clock = self.ctx.db.path, self.ctx.clock
        self.backup_action.setEnabled(False)
        run_in_background(
            lambda: backup_database(path, now=clock.now()),
            self._backed_up,
            self._backup_failed,
        )

    def _backed_up(self, result: BackupResult) -> None:
        self.backup_action.setEnabled(True)
        self.show_message(f"Backed up to {result.path}")

    def _backup_failed(self, error: BaseException) -> None:
        self.backup_action.setEnabled(True)
        report_failure(self, error)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {app_version()}<br>"
            "A desktop CRM for an independent mortgage broker: every inquiry owned, "
            "staged and followed up.<br><br>"
            f"Database: {self.ctx.db.path}",
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._counted:
            # The shown page queued its load as it appeared: the counts come after it.
            self._counted = True
            self.update_counts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.nav.refresh_icons()  # icons are drawn in the palette's colours
        super().changeEvent(event)

    # --- window state ---------------------------------------------------------------

    def _restore(self) -> None:
        settings = window_settings()
        geometry = settings.value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1180, 720)
        state = settings.value("main_window/state")
        if state is not None:
            self.restoreState(state)
        self.detail_dock.hide()  # the pane opens with a lead, not with the window
        page = str(settings.value("main_window/page", "today"))
        self.show_page(page if page in self.pages else "today")

    def save_state(self) -> None:
        settings = window_settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())
        settings.setValue("main_window/page", self.current_page())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)
