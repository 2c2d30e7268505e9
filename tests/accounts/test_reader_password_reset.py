import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def request_reset(client, email):
    return client.post("/accounts/password/reset/", {"email": email})


def test_known_and_unknown_addresses_get_the_same_answer(client, reader):
    known = request_reset(client, reader.email)
    unknown = request_reset(client, "nobody@example.org")

    assert (known.status_code, known["Location"]) == (302, "/accounts/password/reset/done/")
    assert (unknown.status_code, unknown["Location"]) == (302, "/accounts/password/reset/done/")
    assert [message.to for message in mail.outbox] == [[reader.email], ["nobody@example.org"]]


def test_the_done_page_does_not_say_whether_the_address_has_an_account(client):
    response = client.get("/accounts/password/reset/done/")

    assert "If that address belongs to an account" in response.text


def test_the_emailed_link_sets_a_new_password(client, reader):
    request_reset(client, reader.email)
    path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)

    form_page = client.get(path.group(1), follow=True)
    changed = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "a brand new passphrase", "password2": "a brand new passphrase"},
    )
    signed_in = client.post(
        "/accounts/login/", {"login": reader.email, "password": "a brand new passphrase"}
    )

    assert changed.status_code == 302
    assert changed["Location"] == "/accounts/password/reset/key/done/"
    assert signed_in.status_code == 302
    assert "_auth_user_id" in client.session
