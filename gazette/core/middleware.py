from csp.constants import NONCE, SELF
from csp.middleware import CSPMiddleware
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse


class NonceEverywhereCSPMiddleware(CSPMiddleware):
    """django-csp adds the nonce only to pages that used it; Gazette's policy promises a fresh
    nonce on every HTML response, so pages without scripts of ours (the Wagtail admin's login,
    error pages) still get a script-src that allows nothing inline."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.get("Content-Type", "").startswith("text/html") and hasattr(
            request, "csp_nonce"
        ):
            str(request.csp_nonce)
        return super().process_response(request, response)


class AdminPreviewFramingMiddleware:
    """The Wagtail editor shows previews in a same-origin frame. Every other response keeps
    `X-Frame-Options: DENY` and `frame-ancestors 'none'`; previews may be framed by this origin,
    and admin pages (only they) may frame this origin (`frame-src 'self'`). Admin pages also
    accept <style> elements carrying the nonce, which admin_choosers.js gives to the ones the
    admin's scripts create (Draftail's); inline styles in markup stay blocked.

    Listed after the CSP and clickjacking middleware so its response step runs before theirs.

    Wagtail renders a preview by running a dummy request (`is_preview`, no URL resolved) through
    the whole middleware stack. Its response comes back with a CSP header, which the CSP
    middleware of the outer admin request leaves alone, so the dummy request needs the framing
    exception itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        match = request.resolver_match
        if getattr(request, "is_preview", False) or (
            match
            and match.url_name
            and "preview" in match.url_name
            and "wagtail" in (match.namespace or "")
        ):
            response["X-Frame-Options"] = "SAMEORIGIN"
            response._csp_replace = {"frame-ancestors": [SELF]}
        elif request.path.startswith(reverse("wagtailadmin_home")):
            response._csp_update = {"frame-src": [SELF], "style-src": [NONCE]}
        return response
