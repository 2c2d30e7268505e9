"""The same text posted twice site-wide within a day: copy-paste spam or a bot."""

from datetime import timedelta

from gazette.comments.models import Comment

from ..pipeline import Category, Draft, Reason

WINDOW = timedelta(days=1)


def check(draft: Draft) -> list[Reason]:
    if len(draft.text) < 20:
        return []  # "Agreed." and "Thank you!" are said twice without being spam
    earlier = (
        Comment.objects.filter(created__gte=draft.now - WINDOW, body=draft.text)
        .exclude(status=Comment.Status.DELETED)
        .values_list("pk", flat=True)
        .first()
    )
    if earlier is None:
        return []
    return [
        Reason(
            "spam.duplicate",
            Category.SPAM,
            1,
            1.0,
            f"The same text as comment {earlier}, posted in the last 24 hours.",
        )
    ]
