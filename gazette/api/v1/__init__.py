"""Version 1 of the JSON API: the readers' discussion, for embedders and apps.

Signed-in readers write through their site session and Django's CSRF token (the `csrftoken`
cookie's value in an `X-CSRFToken` header); anyone may read. Every 4xx answer has one shape,
`{"detail": "message"}`, with a message meant for the reader.
"""

from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.urls import re_path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gazette.comments.errors import DiscussionError
from gazette.moderation.errors import NudgeRequired, RateLimited

from . import comments

api = NinjaAPI(
    title="Gazette API",
    version="1",
    description=__doc__ or "",
    urls_namespace="api-v1",
    # The interactive docs load Swagger UI from a CDN, which the site's CSP forbids.
    docs_url=None,
)
api.add_router("", comments.router)


def _detail(request, message: str, status: int):
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(DiscussionError)
def discussion_error(request, exc: DiscussionError):
    if isinstance(exc, NudgeRequired):
        body = {"detail": exc.message, "warning": True}
        return api.create_response(request, body, status=exc.status_code)
    response = _detail(request, exc.message, exc.status_code)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def not_signed_in(request, exc: AuthenticationError):
    # A session API: like the site's forms, anonymous writes are forbidden, not challenged.
    return _detail(request, "Sign in to join the discussion.", 403)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    message = exc.message
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        message = "The request body is not valid JSON, or it is nested too deeply."
    elif exc.status_code == 403 and message == "CSRF check Failed":
        message = "CSRF check failed: send the csrftoken cookie's value in an X-CSRFToken header."
    return _detail(request, message, exc.status_code)


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    return _detail(request, validation_message(exc.errors), 400)


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc: RequestDataTooBig):
    return _detail(request, "The request body is too large.", 413)


def validation_message(errors: list[dict]) -> str:
    """'field: problem' for each error, without the echo of the input pydantic keeps."""
    parts = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        # ("body", "payload", "parent") names the field "parent"; ("query", "sort") "sort".
        field = location[2:] if location[:1] == ["body"] else location[1:]
        message = str(error.get("msg", "is invalid"))
        parts.append(f"{'.'.join(field)}: {message}" if field else message)
    return "Invalid request: " + "; ".join(parts or ["the input is malformed."])


def _json_method_not_allowed(view):
    """Ninja answers a wrong method with a plain-text 405; keep the API's one error shape."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            json = JsonResponse({"detail": f"{request.method} is not allowed here."}, status=405)
            json["Allow"] = response["Allow"]
            return json
        return response

    return wrapper


def _unknown_endpoint(request, *args, **kwargs):
    return JsonResponse({"detail": "There is no such API endpoint."}, status=404)


def _urls():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _json_method_not_allowed(pattern.callback)
    # Without this, unknown paths under /api/v1/ would fall through to the site's HTML 404.
    patterns.append(re_path(r"", _unknown_endpoint))
    return patterns, app_name, namespace


urls = _urls()
