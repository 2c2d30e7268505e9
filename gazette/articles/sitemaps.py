"""sitemap.xml for every page, and a Google News sitemap for the last 48 hours of articles."""

from datetime import timedelta

from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Site

from .queries import latest_articles

NEWS_WINDOW = timedelta(hours=48)
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most this many URLs from one sitemap.


@require_safe
def sitemap(request):
    return wagtail_sitemap(request)


@require_safe
def news_sitemap(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is set up for this host")
    since = timezone.now() - NEWS_WINDOW
    articles = latest_articles(root=site.root_page).filter(first_published_at__gte=since)[
        :NEWS_SITEMAP_LIMIT
    ]
    return TemplateResponse(
        request,
        "articles/news_sitemap.xml",
        {
            "articles": articles,
            "publication_name": site.site_name or settings.WAGTAIL_SITE_NAME,
            "language": settings.LANGUAGE_CODE.split("-")[0],
        },
        content_type="application/xml; charset=utf-8",
    )
