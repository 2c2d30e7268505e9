"""The moderation dashboard's charts, on core's SVG geometry (`gazette.core.charts`)."""

from django.utils.dateformat import format as format_date

from gazette.core.charts import Chart, ColumnFrame, RowFrame

from .queries import DayFigures

# Stacked from the bottom, one colour each (moderation/admin.css).
OUTCOMES = (
    ("published", "published at once", lambda day: day.published_at_once),
    ("held", "held for review", lambda day: day.held),
    ("rejected", "rejected automatically", lambda day: day.rejected_automatically),
)


def daily_chart(days: list[DayFigures]) -> Chart:
    """A column a day, stacked by what the pipeline decided."""
    most = max((day.comments for day in days), default=0)
    frame = ColumnFrame(columns=len(days), top_value=max(most, 1) * 11 // 10)
    bars = []
    for index, day in enumerate(days):
        base = 0
        for kind, label, count_of in OUTCOMES:
            count = count_of(day)
            if count:
                title = f"{format_date(day.day, 'j M')}: {count} {label}"
                bars.append(frame.bar(index, count, title=title, base=base, kind=kind))
                base += count
    total = sum(day.comments for day in days)
    return frame.chart(
        bars=bars,
        y_labels=frame.y_labels(sorted({0, most // 2, most})),
        x_labels=frame.x_labels([format_date(day.day, "j M") for day in days]),
        description=f"{total} comments over {len(days)} days; at most {most} in a day.",
    )


def reasons_chart(reasons: list[tuple[str, int]]) -> Chart:
    """A bar a reason, longest first, with its name and its count."""
    frame = RowFrame(rows=len(reasons), top_value=max((count for _, count in reasons), default=1))
    return frame.chart(
        bars=[
            frame.bar(index, count, title=f"{name}: {count}", kind="reason")
            for index, (name, count) in enumerate(reasons)
        ],
        names=[frame.name(index, name) for index, (name, _count) in enumerate(reasons)],
        values=[
            frame.value(index, count, str(count)) for index, (_name, count) in enumerate(reasons)
        ],
        description=", ".join(f"{name}: {count}" for name, count in reasons) or "No reasons given.",
    )
