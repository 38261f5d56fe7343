"""The main window: navigation on the left, one page at a time, counts in the status bar."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings, QSize, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app.clock import today
from app.paths import APP_NAME, resources_dir
from app.services.contact_list import count_contacts
from app.services.context import ServiceContext
from app.services.due import DueList, due_list
from app.services.maintenance import BackupResult, backup_database
from ui.background import (
    CONTACTS,
    DAY,
    INQUIRIES,
    TASKS,
    Changes,
    keep_fresh,
    report_failure,
    run_in_background,
)
from ui.contacts_view import ContactsView
from ui.pipeline_view import PipelineView
from ui.today_view import TodayView

DAY_CHECK_MS = 60_000  # notice midnight within a minute, so "today" stays true
PAGES = (("today", "Today"), ("pipeline", "Pipeline"), ("contacts", "Contacts"))


def window_settings() -> QSettings:
    """Window state lives in an ini file in the user's config folder, looked up on each
    call so tests (and portable installs) can point the config folder elsewhere."""
    folder = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    return QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)


NAV_ICON_COLOR = "#4f6d8f"  # the stroke colour in resources/icons/<page>.svg


def nav_icon(name: str) -> QIcon:
    """The page's icon, drawn in the highlighted-text colour when its row is selected."""
    svg = (resources_dir() / "icons" / f"{name}.svg").read_text(encoding="utf-8")
    icon = QIcon()
    for mode, color in (
        (QIcon.Mode.Normal, NAV_ICON_COLOR),
        (QIcon.Mode.Selected, QApplication.palette().highlightedText().color().name()),
    ):
        pixmap = QPixmap()
        pixmap.loadFromData(svg.replace(NAV_ICON_COLOR, color).encode(), "SVG")
        icon.addPixmap(pixmap, mode)
    return icon


def app_version() -> str:
    try:
        return metadata.version("leadkeeper")
    except metadata.PackageNotFoundError:
        return "development version"


class MainWindow(QMainWindow):
    def __init__(self, ctx: ServiceContext, changes: Changes | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.changes = changes or Changes(self)
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(QSize(720, 480))

        self.today = TodayView(ctx, self.changes)
        self.pipeline = PipelineView(ctx, self.changes)
        self.contacts = ContactsView(ctx, self.changes)
        self.pages: dict[str, QWidget] = {
            "today": self.today,
            "pipeline": self.pipeline,
            "contacts": self.contacts,
        }
        self.nav = QListWidget()
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(170)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        for key, label in PAGES:
            item = QListWidgetItem(nav_icon(key), label)
            item.setSizeHint(QSize(0, 36))
            self.nav.addItem(item)
            self.stack.addWidget(self.pages[key])
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        for page in (self.today, self.pipeline, self.contacts):
            page.status_message.connect(self.show_message)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._build_status_bar()

        self._day = today(ctx.clock)
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self.check_day)
        self._day_timer.start()
        self._restore()
        keep_fresh(self, self.changes, {TASKS, INQUIRIES, CONTACTS, DAY}, self.update_counts)

    # --- building -------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.backup_action = QAction("&Back up now", self)
        self.backup_action.setStatusTip("Copy the database to the backups folder now")
        self.backup_action.triggered.connect(self.back_up_now)
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("&View")
        for number, (key, label) in enumerate(PAGES, start=1):
            action = QAction(label, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, k=key: self.show_page(k))
            view_menu.addAction(action)
        view_menu.addSeparator()
        refresh = QAction("&Refresh", self)
        refresh.setShortcut(QKeySequence("F5"))
        refresh.triggered.connect(self.refresh_all)
        view_menu.addAction(refresh)

        help_menu = self.menuBar().addMenu("&Help")
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self.show_about)
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
        self.nav.setCurrentRow([k for k, _ in PAGES].index(key))

    def current_page(self) -> str:
        current = self.stack.currentWidget()
        return next((k for k, page in self.pages.items() if page is current), "today")

    def refresh_all(self) -> None:
        self.changes.announce(TASKS, INQUIRIES, CONTACTS)

    def check_day(self) -> None:
        """Past midnight the due list means a new day: refresh what depends on it."""
        now = today(self.ctx.clock)
        if now != self._day:
            self._day = now
            self.changes.announce(DAY)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    # --- status bar -----------------------------------------------------------------

    def update_counts(self) -> None:
        ctx = self.ctx
        run_in_background(
            lambda: (count_contacts(ctx), due_list(ctx, limit=0)),
            self._show_counts,
            lambda e: report_failure(self, e),
        )

    def _show_counts(self, result: tuple[int, DueList]) -> None:
        contacts, due = result
        self.counts_label.setText(
            f"{due.overdue.count:,} overdue · {due.due_today.count:,} due today · "
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

    # --- window state ---------------------------------------------------------------

    def _restore(self) -> None:
        settings = window_settings()
        geometry = settings.value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1180, 720)
        page = str(settings.value("main_window/page", "today"))
        self.show_page(page if page in self.pages else "today")

    def save_state(self) -> None:
        settings = window_settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/page", self.current_page())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)
