from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def _nav_sections(request):
    from gazette.articles.queries import live_sections

    site = Site.find_for_request(request)
    if site is None:
        return []
    return list(live_sections(root=site.root_page))


def site_settings(request):
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "nav_sections": SimpleLazyObject(lambda: _nav_sections(request)),
    }
