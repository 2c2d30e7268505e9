import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


def sign_up(client, **fields):
    data = {"email": "lena@example.org", "display_name": "Lena Brandt", "password1": PASSWORD}
    data.update(fields)
    return client.post("/accounts/signup/", data)


def sign_in(client, email="lena@example.org", password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def confirmation_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sign_up_form_asks_for_email_display_name_and_password(client):
    response = client.get("/accounts/signup/")

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields) == ["email", "display_name", "password1"]
    assert 'name="display_name"' in response.text
    assert 'maxlength="60"' in response.text


def test_sign_up_stores_the_display_name_and_sends_a_verification_email(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = get_user_model().objects.get(email="lena@example.org")
    assert user.display_name == "Lena Brandt"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lena@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("[Gazette] ")


def test_the_username_comes_from_the_display_name_not_the_email_address(client):
    sign_up(client, email="private.person@example.org", display_name="Lena Brandt")

    user = get_user_model().objects.get(email="private.person@example.org")
    assert user.username == "lena_brandt"


def test_a_reader_cannot_sign_in_before_verifying_their_address(client):
    sign_up(client)

    response = sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not is_signed_in(client)


def test_after_verifying_the_reader_signs_in(client):
    sign_up(client)
    path = confirmation_path(mail.outbox[0])

    assert client.get(path).status_code == 200
    confirmed = client.post(path)
    response = sign_in(client)

    assert confirmed.status_code == 302
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert is_signed_in(client)
    assert int(client.session["_auth_user_id"]) == (
        get_user_model().objects.get(email="lena@example.org").pk
    )


def test_signing_up_with_a_taken_address_answers_like_a_new_one(client, reader):
    response = sign_up(client, email=reader.email)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert get_user_model().objects.filter(email=reader.email).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [reader.email]


def test_a_wrong_password_does_not_sign_in(client, reader):
    response = sign_in(client, email=reader.email, password="not the password")

    assert response.status_code == 200
    assert not is_signed_in(client)
    assert response.context["form"].non_field_errors()
