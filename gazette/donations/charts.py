"""The editors' chart of gifts per day against the goal, from minor-unit amounts; the geometry
is core's (`gazette.core.charts`)."""

from datetime import date

from django.utils.dateformat import format as format_date

from gazette.core.charts import Chart, ColumnFrame

from . import money


def daily_chart(days: list[tuple[date, int]], *, goal: int, currency: str) -> Chart:
    """Bars for what came in each day, a line for the running total, a dashed line at the
    goal; the vertical scale reaches a little past whichever is higher."""
    running, cumulative = 0, []
    for _day, amount in days:
        running += amount
        cumulative.append(running)
    frame = ColumnFrame(columns=len(days), top_value=max(goal, running, 1) * 11 // 10)

    bars, points = [], []
    for index, ((day, amount), total) in enumerate(zip(days, cumulative, strict=True)):
        points.append(f"{frame.center_x(index)},{frame.y_of(total)}")
        if amount:
            bars.append(
                frame.bar(
                    index,
                    amount,
                    title=f"{format_date(day, 'j M')}: {money.format_money(amount, currency)}",
                )
            )
    return frame.chart(
        bars=bars,
        line_points=" ".join(points),
        goal_y=frame.y_of(goal),
        y_labels=frame.y_labels(
            (0, goal // 2, goal), lambda value: money.format_money(value, currency)
        ),
        x_labels=frame.x_labels([format_date(day, "j M") for day, _amount in days]),
        description=(
            f"{money.format_money(running, currency)} raised over {len(days)} days against a "
            f"goal of {money.format_money(goal, currency)}."
        ),
    )
