"""A new reader creates an account, confirms the address from the e-mail and signs in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback restores the Wagtail site that migrations made, after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_new_reader_signs_up_confirms_their_address_and_signs_in(live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Create account").click()

    page.get_by_label("Email").fill("noor@example.org")
    page.get_by_label("Display name").fill("Noor Haddad")
    page.get_by_label("Password").fill("olive groves at dawn 1987")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your e-mail address")
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email").fill("noor@example.org")
    page.get_by_label("Password").fill("olive groves at dawn 1987")
    page.get_by_role("button", name="Sign in").click()

    account = page.get_by_role("navigation", name="Your account")
    expect(account.get_by_role("link", name="Noor Haddad")).to_be_visible()
    expect(account.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.js_errors == []
