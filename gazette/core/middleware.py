from django.http import HttpRequest
from django.http.response import HttpResponseBase

from csp.middleware import CSPMiddleware


class NonceEverywhereCSPMiddleware(CSPMiddleware):
    """django-csp adds the nonce only to pages that used it; Gazette's policy promises a fresh
    nonce on every HTML response, so pages without scripts of ours (the Wagtail admin's login,
    error pages) still get a script-src that allows nothing inline."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if response.get("Content-Type", "").startswith("text/html") and hasattr(request, "csp_nonce"):
            str(request.csp_nonce)
        return super().process_response(request, response)
