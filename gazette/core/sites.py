from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Site


def site_name_for(request: HttpRequest | None) -> str:
    """The newsroom's name as editors set it on the Wagtail site, else GAZETTE_SITE_NAME."""
    site = Site.find_for_request(request) if request is not None else None
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
