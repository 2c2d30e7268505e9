from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .queries import published_articles


@require_safe
def search(request):
    """Site search over published articles; over-long queries are cut, never refused."""
    query = (
        request.GET.get("q", "").replace("\x00", "").strip()[: settings.GAZETTE_SEARCH_MAX_QUERY]
    )
    results = None
    if query:
        # SQLite's full-text engine fails on a stray double quote (wagtail/wagtail#13227) and
        # phrase search is not offered, so quotes are dropped from the terms.
        terms = query.replace('"', " ").strip()
        articles = published_articles()
        found = articles.search(terms, operator="and") if terms else articles.none()
        results = Paginator(found, settings.GAZETTE_ARTICLES_PER_PAGE).get_page(
            request.GET.get("page")
        )
    return render(request, "articles/search.html", {"query": query, "results": results})
