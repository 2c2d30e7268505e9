import pytest
from django.urls import include, path

SECRET_DETAIL = "database password is hunter2"


def broken_view(request):
    raise RuntimeError(SECRET_DETAIL)


# This module doubles as the URLconf for its tests: the site's routes plus one view that fails.
urlpatterns = [
    path("broken/", broken_view),
    path("", include("gazette.config.urls")),
]
handler404 = "gazette.core.views.page_not_found"
handler500 = "gazette.core.views.server_error"


@pytest.fixture
def quiet_client(client):
    """A client that returns the 500 response instead of re-raising the view's exception."""
    client.raise_request_exception = False
    return client


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_failing_view_gets_the_styled_error_page_without_a_traceback(quiet_client):
    response = quiet_client.get("/broken/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "Traceback" not in body
    assert "RuntimeError" not in body
    assert SECRET_DETAIL not in body
    assert "broken_view" not in body


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_the_error_page_carries_the_content_security_policy(quiet_client):
    response = quiet_client.get("/broken/")

    policy = response["Content-Security-Policy"]
    assert "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_the_rest_of_the_site_still_answers_under_the_test_urlconf(quiet_client):
    response = quiet_client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
