import pytest
from lxml import html

pytestmark = pytest.mark.django_db


def account_nav(response):
    (nav,) = html.fromstring(response.content).xpath("//nav[@aria-label='Your account']")
    return nav


def test_an_anonymous_visitor_sees_sign_in_and_create_account(client, home):
    nav = account_nav(client.get("/"))

    links = [(link.text_content(), link.get("href")) for link in nav.iter("a")]
    assert links == [
        ("Sign in", "/accounts/login/?next=/"),
        ("Create account", "/accounts/signup/"),
    ]
    assert nav.xpath(".//form") == []


def test_a_signed_in_reader_sees_their_name_and_a_sign_out_button(client, home, reader):
    client.force_login(reader)

    nav = account_nav(client.get("/"))

    links = [(link.text_content(), link.get("href")) for link in nav.iter("a")]
    assert links == [("Amara Okafor", "/readers/amara/")]
    (form,) = nav.xpath(".//form")
    assert (form.get("method"), form.get("action")) == ("post", "/accounts/logout/")
    assert form.xpath(".//input[@name='csrfmiddlewaretoken']")
    assert form.xpath("string(.//button)") == "Sign out"


def test_account_pages_wear_the_site_layout(client, home):
    response = client.get("/accounts/login/")

    page = html.fromstring(response.content)
    assert page.xpath("string(//title)") == "Sign in — Gazette"
    assert page.xpath("//header[@class='masthead']")
    assert page.xpath("//link[@rel='stylesheet']/@href") == ["/static/gazette/site.css"]
    assert page.xpath("//@style") == []
    assert "unsafe-inline" not in response["Content-Security-Policy"]
