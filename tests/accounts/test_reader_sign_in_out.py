import pytest

pytestmark = pytest.mark.django_db


def test_a_demo_reader_signs_in_with_their_email_address(client, reader, password):
    response = client.post("/accounts/login/", {"login": reader.email, "password": password})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == reader.pk


def test_sign_in_returns_the_reader_to_the_page_they_came_from(client, reader, password):
    response = client.post(
        "/accounts/login/?next=/world/", {"login": reader.email, "password": password}
    )

    assert response["Location"] == "/world/"


def test_sign_in_does_not_redirect_to_another_site(client, reader, password):
    response = client.post(
        "/accounts/login/?next=https://evil.example/", {"login": reader.email, "password": password}
    )

    assert response["Location"] == "/"


def test_visiting_the_sign_out_address_does_not_sign_out(client, reader):
    client.force_login(reader)

    response = client.get("/accounts/logout/")

    assert response.status_code == 200
    assert 'method="post"' in response.text
    assert int(client.session["_auth_user_id"]) == reader.pk


def test_posting_to_sign_out_signs_out(client, reader):
    client.force_login(reader)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
