"""The editors' chart of gifts per day against the goal, laid out server-side as SVG geometry.

Integer arithmetic only: coordinates are whole SVG units, computed from minor-unit amounts.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.dateformat import format as format_date

from . import money

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
    line_points: str
    goal_y: int
    y_labels: list[Label]
    x_labels: list[Label]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    description: str


def daily_chart(days: list[tuple[date, int]], *, goal: int, currency: str) -> Chart:
    """Bars for what came in each day, a line for the running total, a dashed line at the
    goal; the vertical scale reaches a little past whichever is higher."""
    running, cumulative = 0, []
    for _day, amount in days:
        running += amount
        cumulative.append(running)
    top_value = max(goal, running, 1) * 11 // 10
    slot = PLOT_WIDTH // max(len(days), 1)
    bar_width = max(slot * 3 // 4, 1)
    bottom = TOP + PLOT_HEIGHT

    def y_of(value: int) -> int:
        return bottom - value * PLOT_HEIGHT // top_value

    bars, points = [], []
    for index, ((day, amount), total) in enumerate(zip(days, cumulative, strict=True)):
        x = LEFT + index * slot
        points.append(f"{x + slot // 2},{y_of(total)}")
        if amount:
            bars.append(
                Bar(
                    x=x + (slot - bar_width) // 2,
                    y=y_of(amount),
                    width=bar_width,
                    height=bottom - y_of(amount),
                    title=f"{format_date(day, 'j M')}: {money.format_money(amount, currency)}",
                )
            )
    y_labels = [
        Label(x=LEFT - 8, y=y_of(value) + 4, text=money.format_money(value, currency))
        for value in (0, goal // 2, goal)
    ]
    x_labels = []
    if days:
        picks = sorted({0, (len(days) - 1) // 2, len(days) - 1})
        x_labels = [
            Label(
                x=LEFT + index * slot + slot // 2,
                y=bottom + 20,
                text=format_date(days[index][0], "j M"),
            )
            for index in picks
        ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        line_points=" ".join(points),
        goal_y=y_of(goal),
        y_labels=y_labels,
        x_labels=x_labels,
        plot_left=LEFT,
        plot_right=LEFT + PLOT_WIDTH,
        plot_top=TOP,
        plot_bottom=bottom,
        description=(
            f"{money.format_money(running, currency)} raised over {len(days)} days against a "
            f"goal of {money.format_money(goal, currency)}."
        ),
    )
