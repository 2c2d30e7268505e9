"""Signup floods, credential stuffing and password-reset probing (hostile-input case 14), answered
by allauth's own rate limits (ACCOUNT_RATE_LIMITS, allauth's defaults: signup 20/m per address,
login 30/m per address, failed logins 10/m per address and 5 per 5 minutes per account); a reset
request for an unknown address looks exactly like one for a reader's."""

import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

TOO_MANY_FAILED = "Too many failed login attempts. Try again later."


def sign_up(client, number: int, **extra):
    return client.post(
        "/accounts/signup/",
        {
            "email": f"flood{number}@example.org",
            "display_name": f"Flood {number}",
            "password1": "a long and unusual passphrase",
        },
        **extra,
    )


def sign_in(client, email: str, password: str, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_signup_flood_from_one_address_is_answered_with_429(client):
    statuses = [sign_up(client, number).status_code for number in range(25)]

    assert statuses == [302] * 20 + [429] * 5
    assert get_user_model().objects.filter(email__startswith="flood").count() == 20


def test_signups_from_another_address_go_on_during_a_flood(client):
    for number in range(21):
        sign_up(client, number)

    elsewhere = sign_up(client, 99, REMOTE_ADDR="198.51.100.40")

    assert elsewhere.status_code == 302
    assert get_user_model().objects.filter(email="flood99@example.org").exists()


def test_repeated_failed_logins_lock_the_account_even_for_the_right_password(
    client, reader, password
):
    failures = [sign_in(client, reader.email, f"guess {n}") for n in range(5)]

    locked = sign_in(client, reader.email, password)

    assert [response.status_code for response in failures] == [200] * 5
    assert locked.status_code == 200  # allauth refuses in the form, not with a 429
    assert TOO_MANY_FAILED in locked.content.decode()
    assert not is_signed_in(client)


def test_the_lock_on_one_account_does_not_stop_another_reader(client, reader, password):
    from gazette.accounts.actions import create_reader

    other = create_reader(
        username="bea", email="bea@example.org", display_name="Bea", password=password
    )
    for number in range(5):
        sign_in(client, reader.email, f"guess {number}")

    response = sign_in(client, other.email, password, REMOTE_ADDR="198.51.100.41")

    assert response.status_code == 302
    assert is_signed_in(client)


def test_credential_stuffing_from_one_address_is_stopped_after_ten_failures(
    client, reader, password
):
    failures = [sign_in(client, f"victim{n}@example.org", "hunter2") for n in range(10)]

    next_try = sign_in(client, reader.email, password)

    assert [response.status_code for response in failures] == [200] * 10
    assert TOO_MANY_FAILED not in failures[-1].content.decode()
    assert TOO_MANY_FAILED in next_try.content.decode()
    assert not is_signed_in(client)


def test_a_login_flood_from_one_address_is_answered_with_429(client):
    statuses = [
        sign_in(client, f"victim{n % 3}@example.org", "hunter2").status_code for n in range(32)
    ]

    assert statuses == [200] * 30 + [429] * 2


NONCE = re.compile(r'nonce="[^"]*"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def comparable(response) -> tuple:
    text = response.content.decode()
    text = CSRF.sub('name="csrfmiddlewaretoken" value=""', NONCE.sub('nonce=""', text))
    return response.status_code, response.get("Location"), text


def test_reset_requests_for_a_reader_and_for_nobody_get_identical_answers(client, reader):
    known = client.post("/accounts/password/reset/", {"email": reader.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    known_page = client.get(known["Location"])
    unknown_page = client.get(unknown["Location"])

    assert comparable(known) == comparable(unknown)
    assert known.status_code == 302
    assert comparable(known_page) == comparable(unknown_page)
    assert known_page.status_code == 200


def test_behind_the_proxy_allauth_limits_each_reader_not_the_proxy(client, settings):
    # Both are read from BEHIND_PROXY when the settings load.
    settings.BEHIND_PROXY = True
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    statuses = [
        sign_up(
            client,
            number,
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number + 1}",
        ).status_code
        for number in range(25)
    ]

    assert statuses == [302] * 25
