"""Template tags that put the discussion on article pages and its count on article cards."""

from datetime import timedelta

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.timesince import timesince

from gazette.comments import queries
from gazette.comments.presentation import discussion_context

register = template.Library()


@register.simple_tag(takes_context=True)
def discussion(context, article):
    """The discussion under an article: its first page of threads and the comment form."""
    request = context.get("request")
    if request is None or article.pk is None or getattr(request, "is_preview", False):
        return render_to_string("comments/_discussion_preview.html")
    return render_to_string(
        "comments/_discussion.html",
        discussion_context(request, article, sort=request.GET.get("sort")),
        request=request,
    )


@register.simple_tag
def comment_count(article) -> int:
    """Published comments on an article; read from the row listings load with the article."""
    return queries.comment_count(article)


@register.filter
def relative_time(moment) -> str:
    """'3 hours ago': the largest unit only, as readers say it."""
    if not moment:
        return ""
    now = timezone.now()
    if now - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment, now, depth=1)} ago"
