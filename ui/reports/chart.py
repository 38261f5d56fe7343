"""The report chart: pyqtgraph bars or lines, coloured for the current palette, and a
`clicked` signal carrying the table rows behind the bar or point the broker clicked."""

from __future__ import annotations

import html
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from ui.reports.chart_spec import ChartSpec, short_label
from ui.theme import is_dark

# (dark theme, light theme): one colour per series, readable on either background.
_SERIES = (
    ("#6ea8fe", "#1f5fbf"),
    ("#f0a45d", "#c2570c"),
    ("#56d364", "#1a7f37"),
    ("#d2a8ff", "#7b3fbf"),
    ("#ff7b72", "#b3261e"),
    ("#e3b341", "#8a5a00"),
    ("#39c5cf", "#0e7c86"),
    ("#f778ba", "#b0306f"),
    ("#a5d6ff", "#5b7fa6"),
    ("#8b949e", "#57606a"),
)
BAR_WIDTH = 0.7


def series_color(i: int, palette: QPalette | None = None) -> QColor:
    pair = _SERIES[i % len(_SERIES)]
    return QColor(pair[0] if is_dark(palette) else pair[1])


class ReportChart(QWidget):
    """Draws a ChartSpec. A click on a bar (or near a line's point) emits the table rows
    behind that category."""

    clicked = Signal(object)  # tuple[int, ...] of table rows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setAccessibleName("Report chart")
        self.plot.scene().sigMouseClicked.connect(self._on_scene_click)
        self.spec: ChartSpec | None = None
        self.items: list[pg.GraphicsObject] = []  # the bar/line items drawn now
        # The legend is a label above the plot, not a pyqtgraph legend inside it, so it
        # never hides a bar and wraps when there are many series.
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Chart legend")
        self.legend.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.legend)
        layout.addWidget(self.plot, 1)
        self._apply_palette()

    # -- drawing ---------------------------------------------------------------------

    def show_spec(self, spec: ChartSpec) -> None:
        self.spec = spec
        item = self.plot.getPlotItem()
        item.clear()
        self.items = []
        self._apply_palette()
        # One series needs no legend: the axis title says what the bars count.
        self.legend.setVisible(len(spec.series) > 1 and not spec.empty)
        self.legend.setText(
            " &nbsp; ".join(  # wrap between entries, never inside one
                f'<span style="color:{series_color(i, self.palette()).name()}">&#9632;</span>'
                f"&nbsp;{html.escape(name).replace(' ', '&nbsp;')}"
                for i, (name, _values) in enumerate(spec.series)
            )
        )
        if spec.empty:
            return
        if spec.kind == "line":
            self._draw_lines(spec)
        else:
            self._draw_bars(spec)
        self._set_axes(spec)
        item.enableAutoRange()

    def _draw_bars(self, spec: ChartSpec) -> None:
        count = len(spec.labels)
        positions = [float(i) for i in range(count)]
        base = [0.0] * count
        slots = 1 if spec.stacked else len(spec.series)
        thick = BAR_WIDTH / slots
        for s, (name, values) in enumerate(spec.series):
            offset = 0.0 if spec.stacked else (s - (slots - 1) / 2) * thick
            color = series_color(s, self.palette())
            centres = [p + offset for p in positions]
            if spec.kind == "vbar":
                bars = pg.BarGraphItem(
                    x=centres,
                    y0=base,
                    height=list(values),
                    width=thick,
                    brush=color,
                    pen=None,
                    name=name,
                )
            else:
                bars = pg.BarGraphItem(
                    y=centres,
                    x0=base,
                    width=list(values),
                    height=thick,
                    brush=color,
                    pen=None,
                    name=name,
                )
            self.plot.addItem(bars)
            self.items.append(bars)
            if spec.stacked:
                base = [b + v for b, v in zip(base, values, strict=True)]

    def _draw_lines(self, spec: ChartSpec) -> None:
        x = list(range(len(spec.labels)))
        for s, (name, values) in enumerate(spec.series):
            color = series_color(s, self.palette())
            line = self.plot.plot(
                x,
                list(values),
                pen=pg.mkPen(color, width=2),
                symbol="o",
                symbolSize=6,
                symbolBrush=color,
                symbolPen=None,
                name=name,
            )
            self.items.append(line)

    def _set_axes(self, spec: ChartSpec) -> None:
        item = self.plot.getPlotItem()
        ticks = [(float(i), short_label(label)) for i, label in enumerate(spec.labels)]
        if spec.kind == "hbar":
            item.getAxis("left").setTicks([ticks])
            item.getAxis("bottom").setTicks(None)
            item.setLabel("bottom", spec.axis)
            item.setLabel("left", None)
            item.getAxis("left").setWidth(self._label_width(spec))
            item.invertY(True)  # first row on top, as in the table
        else:
            item.getAxis("bottom").setTicks([ticks[:: self._tick_step(spec)]])
            item.getAxis("left").setTicks(None)
            item.setLabel("left", spec.axis)
            item.setLabel("bottom", None)
            item.getAxis("left").setWidth(None)
            item.invertY(False)
        # Grid lines would stripe the bars; a line chart reads better with them.
        item.showGrid(x=False, y=spec.kind == "line", alpha=0.2)

    def _tick_step(self, spec: ChartSpec) -> int:
        """Label every n-th category along the bottom, so labels never overlap."""
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(short_label(t)) for t in spec.labels), default=1)
        room = max(1, (self.plot.width() - 80) // (widest + 14))
        return max(1, -(-len(spec.labels) // room))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.spec is not None and not self.spec.empty and self.spec.kind != "hbar":
            self._set_axes(self.spec)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The broker switched light/dark: redraw with colours for the new palette.
        if event.type() == QEvent.Type.PaletteChange and self.spec is not None:
            self.show_spec(self.spec)

    def _label_width(self, spec: ChartSpec) -> int:
        metrics = QFontMetrics(
            self.plot.getPlotItem().getAxis("left").style.get("tickFont") or self.font()
        )
        longest = max((metrics.horizontalAdvance(short_label(t)) for t in spec.labels), default=0)
        return longest + 16

    def _apply_palette(self) -> None:
        palette = self.palette() if self.parent() else QApplication.palette()
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        for name in ("left", "bottom"):
            axis = self.plot.getPlotItem().getAxis(name)
            axis.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
            axis.setTextPen(pg.mkPen(text))

    # -- clicks ----------------------------------------------------------------------

    def category_at(self, view_point: QPointF) -> int | None:
        """The category under a point in data coordinates, if a bar or point is there."""
        spec = self.spec
        if spec is None or spec.empty:
            return None
        along, across = (
            (view_point.y(), view_point.x())
            if spec.kind == "hbar"
            else (view_point.x(), view_point.y())
        )
        index = round(along)
        if not 0 <= index < len(spec.labels) or abs(along - index) > 0.5:
            return None
        if spec.kind == "line":
            return index
        top = (
            sum(v[index] for _, v in spec.series)
            if spec.stacked
            else max(v[index] for _, v in spec.series)
        )
        # A click beside a short bar still counts, up to a little past its end.
        reach = max(top, 0.0) + self._slack(spec)
        return index if -self._slack(spec) <= across <= reach else None

    def _slack(self, spec: ChartSpec) -> float:
        (x0, x1), (y0, y1) = self.plot.getPlotItem().viewRange()
        span = (x1 - x0) if spec.kind == "hbar" else (y1 - y0)
        return abs(span) * 0.03

    def _on_scene_click(self, event: object) -> None:
        if getattr(event, "button", lambda: None)() != Qt.MouseButton.LeftButton:
            return
        view = self.plot.getPlotItem().getViewBox()
        point = view.mapSceneToView(event.scenePos())  # type: ignore[attr-defined]
        self.click_category_at(point)

    def click_category_at(self, point: QPointF) -> None:
        index = self.category_at(point)
        if index is not None and self.spec is not None:
            self.clicked.emit(self.spec.rows[index])

    def bar_scene_pos(self, index: int) -> QPointF:
        """Where category `index` is drawn, in widget coordinates (for tests and a11y)."""
        spec = self.spec
        assert spec is not None
        value = max(v[index] for _, v in spec.series) / 2
        point = QPointF(value, index) if spec.kind == "hbar" else QPointF(index, value)
        scene = self.plot.getPlotItem().getViewBox().mapViewToScene(point)
        return QPointF(self.plot.mapFromScene(scene))

    # -- export ----------------------------------------------------------------------

    def save_png(self, path: Path) -> bool:
        """The chart as it looks now (with its legend), as a PNG file."""
        return self.grab().save(str(path), "PNG")
