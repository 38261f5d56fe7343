"""Light and dark palettes that follow the operating system, and the colours we draw with.

The broker's choice (setting `theme`: system, light or dark) picks the palette; with
"system" the app reads `QStyleHints.colorScheme()` (Qt 6.5+) and follows it live when the
OS switches. Everything we colour ourselves asks this module with the current palette, so
it stays readable on both (red for overdue is a darker red on white than on charcoal).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from app.paths import resources_dir

SYSTEM, LIGHT, DARK = "system", "light", "dark"
ICON_STROKE = "#4f6d8f"  # the stroke colour our SVGs are drawn in; recoloured per theme

# (dark theme, light theme)
_TONES = {
    "overdue": ("#ff7b72", "#b3261e"),
    "due": ("#e3b341", "#8a5a00"),
    "ok": ("#56d364", "#1a7f37"),
    "info": ("#79c0ff", "#0b5cad"),
}
_ICON = ("#a9b8c9", ICON_STROKE)

_DARK_ROLES = {
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#dfe1e5",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282b",
    QPalette.ColorRole.ToolTipBase: "#3c3f41",
    QPalette.ColorRole.ToolTipText: "#dfe1e5",
    QPalette.ColorRole.PlaceholderText: "#8a8f98",
    QPalette.ColorRole.Text: "#dfe1e5",
    QPalette.ColorRole.Button: "#35373b",
    QPalette.ColorRole.ButtonText: "#dfe1e5",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Light: "#45484d",
    QPalette.ColorRole.Midlight: "#3a3d41",
    QPalette.ColorRole.Mid: "#2f3134",
    QPalette.ColorRole.Dark: "#1a1b1e",
    QPalette.ColorRole.Shadow: "#0d0e10",
    QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#6ea8fe",
    QPalette.ColorRole.LinkVisited: "#b39ddb",
}
_DARK_DISABLED = {
    QPalette.ColorRole.WindowText: "#6f737a",
    QPalette.ColorRole.Text: "#6f737a",
    QPalette.ColorRole.ButtonText: "#6f737a",
    QPalette.ColorRole.Highlight: "#44474c",
}


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether text is drawn light on dark in `palette` (default: the app's)."""
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def tone_color(tone: str, palette: QPalette | None = None) -> QColor | None:
    """The colour for a state ("overdue", "due", "ok", "info"), or None for plain text."""
    pair = _TONES.get(tone)
    return QColor(pair[0] if is_dark(palette) else pair[1]) if pair else None


def muted_color(palette: QPalette | None = None) -> QColor:
    """Secondary text (details, hints) that still reads on either theme."""
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.PlaceholderText)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK_ROLES.items():
        palette.setColor(role, QColor(color))
    for role, color in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return palette


def system_prefers_dark() -> bool:
    """The OS colour scheme (Qt 6.5+); Unknown counts as light."""
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


def apply_theme(preference: str = SYSTEM) -> bool:
    """Set the app palette for `preference`; returns True when it is dark."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    dark = preference == DARK or (preference not in (LIGHT, DARK) and system_prefers_dark())
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    return dark


def themed_icon(name: str) -> QIcon:
    """`resources/icons/<name>.svg` drawn in a colour for the current palette, and in the
    highlighted-text colour when selected (navigation rows, menus)."""
    svg = (resources_dir() / "icons" / f"{name}.svg").read_text(encoding="utf-8")
    palette = QApplication.palette()
    normal = _ICON[0] if is_dark(palette) else _ICON[1]
    icon = QIcon()
    for mode, color in (
        (QIcon.Mode.Normal, normal),
        (QIcon.Mode.Active, normal),
        (QIcon.Mode.Selected, palette.color(QPalette.ColorRole.HighlightedText).name()),
        (
            QIcon.Mode.Disabled,
            palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text).name(),
        ),
    ):
        renderer = QSvgRenderer(QByteArray(svg.replace(ICON_STROKE, color).encode()))
        for size in (16, 20, 24, 32, 48):
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter)
            painter.end()
            icon.addPixmap(pixmap, mode)
    return icon


class ThemeWatcher(QObject):
    """Keeps the palette in line with the preference and, for "system", with the OS
    (live, when the OS switches between light and dark)."""

    changed = Signal(bool)  # dark

    def __init__(self, preference: str = SYSTEM, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._preference = preference
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)

    @property
    def preference(self) -> str:
        return self._preference

    def apply(self, preference: str | None = None) -> bool:
        if preference is not None:
            self._preference = preference
        dark = apply_theme(self._preference)
        self.changed.emit(dark)
        return dark

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._preference not in (LIGHT, DARK):
            self.apply()
