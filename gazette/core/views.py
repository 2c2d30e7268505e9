"""Site-wide views: error pages, health check, uploaded media."""

import mimetypes

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.static import serve

# Uploaded files are served as inert downloads of their own type: never sniffed into HTML,
# never able to run a script even when opened directly.
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
INLINE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    try:
        response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    except SuspiciousFileOperation:
        # A path that climbs out of MEDIA_ROOT names no upload: the reader gets the same 404 as
        # for any missing file, not a bare 400.
        raise Http404("No such file") from None
    content_type, _ = mimetypes.guess_type(path)
    if content_type not in INLINE_MEDIA_TYPES:
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
