import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/login/", {"login": "amara@example.org", "password": "a long passphrase 42"}),
        (
            "/accounts/signup/",
            {
                "email": "new@example.org",
                "display_name": "New",
                "password1": "a long passphrase 42",
            },
        ),
        ("/accounts/password/reset/", {"email": "amara@example.org"}),
    ],
)
def test_an_account_form_posted_without_a_csrf_token_is_refused(reader, path, data):
    client = Client(enforce_csrf_checks=True)

    response = client.post(path, data)

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("path", "data"),
    [("/accounts/logout/", {}), ("/accounts/profile/", {"display_name": "Forged"})],
)
def test_a_signed_in_form_posted_without_a_csrf_token_is_refused(reader, path, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)

    response = client.post(path, data)

    assert response.status_code == 403
    reader.refresh_from_db()
    assert reader.display_name == "Amara Okafor"
    assert int(client.session["_auth_user_id"]) == reader.pk
