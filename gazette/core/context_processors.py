from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .sites import site_name_for


def _nav_sections(request):
    from gazette.articles.queries import live_sections

    site = Site.find_for_request(request)
    if site is None:
        return []
    return list(live_sections(root=site.root_page))


def site_settings(request):
    return {
        "SITE_NAME": SimpleLazyObject(lambda: site_name_for(request)),
        "nav_sections": SimpleLazyObject(lambda: _nav_sections(request)),
    }
