"""Charts for the admin, laid out server-side as SVG geometry and drawn by
`core/admin/chart.html`: no script and no inline style, so the strict CSP allows them, and the
page states every figure in a table beside the chart for those who cannot see it.

Integer arithmetic only: coordinates are whole SVG units.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 80, 20, 20, 40
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    title: str
    kind: str = ""  # a modifier for the bar's CSS class: one colour per kind


@dataclass(frozen=True)
class Label:
    x: int
    y: int
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    y_labels: list[Label]
    x_labels: list[Label]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    description: str
    line_points: str = ""  # a polyline over the bars, e.g. a running total
    goal_y: int | None = None  # a dashed line across the plot


@dataclass(frozen=True)
class ColumnFrame:
    """The plot of a chart with one column a slot (a day, say) and values from 0 to
    `top_value` upwards."""

    columns: int
    top_value: int

    @property
    def slot(self) -> int:
        return PLOT_WIDTH // max(self.columns, 1)

    @property
    def bottom(self) -> int:
        return TOP + PLOT_HEIGHT

    def y_of(self, value: int) -> int:
        return self.bottom - value * PLOT_HEIGHT // max(self.top_value, 1)

    def center_x(self, index: int) -> int:
        return LEFT + index * self.slot + self.slot // 2

    def bar(self, index: int, value: int, *, title: str, base: int = 0, kind: str = "") -> Bar:
        """The bar for `value` in column `index`, stacked on `base` (the bars below it)."""
        width = max(self.slot * 3 // 4, 1)
        top, floor = self.y_of(base + value), self.y_of(base)
        return Bar(
            x=LEFT + index * self.slot + (self.slot - width) // 2,
            y=top,
            width=width,
            height=floor - top,
            title=title,
            kind=kind,
        )

    def y_labels(self, values: Sequence[int], text: Callable[[int], str] = str) -> list[Label]:
        return [Label(x=LEFT - 8, y=self.y_of(value) + 4, text=text(value)) for value in values]

    def x_labels(self, texts: Sequence[str]) -> list[Label]:
        """The first, middle and last columns' names: enough to read the dates off."""
        if not texts:
            return []
        picks = sorted({0, (len(texts) - 1) // 2, len(texts) - 1})
        return [
            Label(x=self.center_x(index), y=self.bottom + 20, text=texts[index]) for index in picks
        ]

    def chart(
        self,
        *,
        bars: list[Bar],
        y_labels: list[Label],
        x_labels: list[Label],
        description: str,
        line_points: str = "",
        goal_y: int | None = None,
    ) -> Chart:
        return Chart(
            width=WIDTH,
            height=HEIGHT,
            bars=bars,
            y_labels=y_labels,
            x_labels=x_labels,
            plot_left=LEFT,
            plot_right=LEFT + PLOT_WIDTH,
            plot_top=TOP,
            plot_bottom=self.bottom,
            description=description,
            line_points=line_points,
            goal_y=goal_y,
        )


@dataclass(frozen=True)
class RowFrame:
    """The plot of a chart with one horizontal bar a row: its name on the left, its value
    after it, and values from 0 at the left to `top_value` at the right."""

    rows: int
    top_value: int
    left: int = 280  # room for the names
    row_height: int = 26

    @property
    def plot_width(self) -> int:
        return WIDTH - self.left - 3 * RIGHT  # room for the values after the longest bar

    @property
    def bottom(self) -> int:
        return TOP + self.row_height * max(self.rows, 1)

    def _width(self, value: int) -> int:
        return max(value * self.plot_width // max(self.top_value, 1), 1)

    def _middle(self, index: int) -> int:
        return TOP + index * self.row_height + self.row_height // 2

    def bar(self, index: int, value: int, *, title: str, kind: str = "") -> Bar:
        return Bar(
            x=self.left,
            y=TOP + index * self.row_height + 4,
            width=self._width(value),
            height=self.row_height - 8,
            title=title,
            kind=kind,
        )

    def name(self, index: int, text: str) -> Label:
        return Label(x=self.left - 8, y=self._middle(index) + 4, text=text)

    def value(self, index: int, value: int, text: str) -> Label:
        return Label(x=self.left + self._width(value) + 16, y=self._middle(index) + 4, text=text)

    def chart(
        self, *, bars: list[Bar], names: list[Label], values: list[Label], description: str
    ) -> Chart:
        """Drawn by the same template: the names stand where a column chart's scale does."""
        return Chart(
            width=WIDTH,
            height=self.bottom + BOTTOM,
            bars=bars,
            y_labels=names,
            x_labels=values,
            plot_left=self.left,
            plot_right=self.left + self.plot_width,
            plot_top=TOP,
            plot_bottom=self.bottom,
            description=description,
        )
