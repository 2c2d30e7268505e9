from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.http import HttpRequest
from django.http.response import HttpResponseBase


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
    `X-Frame-Options: DENY` and `frame-ancestors 'none'`; previews may be framed by this origin.

    Listed after the CSP and clickjacking middleware so its response step runs before theirs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        match = request.resolver_match
        if (
            match
            and match.url_name
            and "preview" in match.url_name
            and "wagtail" in (match.namespace or "")
        ):
            response["X-Frame-Options"] = "SAMEORIGIN"
            response._csp_replace = {"frame-ancestors": [SELF]}
        return response
