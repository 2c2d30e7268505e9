import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from gazette.accounts.actions import change_display_name

pytestmark = pytest.mark.django_db

REFUSED = [
    pytest.param("Lena\x00Brandt", "contains a NUL character", id="nul"),
    pytest.param(
        "Lena\u202eBrandt", "text-direction control (U+202E)", id="right-to-left-override"
    ),
    pytest.param("Lena\u2066Brandt", "text-direction control (U+2066)", id="left-to-right-isolate"),
    pytest.param("Lena\u200bBrandt", "invisible character (U+200B)", id="zero-width-space"),
    pytest.param("Lena\u200dBrandt", "invisible character (U+200D)", id="zero-width-joiner"),
    pytest.param("\ufeffLena", "invisible character (U+FEFF)", id="byte-order-mark"),
    pytest.param("\u3164", "invisible character (U+3164)", id="hangul-filler"),
    pytest.param("Lena\x07Brandt", "control character (U+0007)", id="bell"),
    pytest.param("Lena\x1b[31mBrandt", "control character (U+001B)", id="terminal-escape"),
    pytest.param("Lena\nBrandt", "must be on one line", id="newline"),
    pytest.param("Z\u0351\u0352\u0353\u0354\u0355alg\u0356o", "too many accents", id="zalgo"),
    pytest.param("x" * 61, "is 61 characters long; the limit is 60", id="too-long"),
    pytest.param("x" * 10_000, "too long; the limit is 60", id="far-too-long"),
    pytest.param("", "Enter a display name.", id="empty"),
    pytest.param(" \u3000 ", "Enter a display name.", id="only-spaces"),
]


@pytest.mark.parametrize(("name", "message"), REFUSED)
def test_a_hostile_display_name_is_refused_with_a_clear_message(reader, name, message):
    with pytest.raises(ValidationError) as raised:
        change_display_name(user=reader, display_name=name)

    assert message in raised.value.messages[0]
    reader.refresh_from_db()
    assert reader.display_name == "Amara Okafor"


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("  Amara   Okafor  ", "Amara Okafor"),
        ("\uff21\uff4d\uff41\uff52\uff41", "Amara"),  # full-width letters, folded by NFKC
        ("Nguy\u1ec5n Th\u1ecb", "Nguy\u1ec5n Th\u1ecb"),
        (
            "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd",
            "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd",
        ),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("x" * 60, "x" * 60),
    ],
)
def test_an_acceptable_display_name_is_normalised_and_stored(reader, name, stored):
    change_display_name(user=reader, display_name=name)

    reader.refresh_from_db()
    assert reader.display_name == stored


@pytest.mark.parametrize(("name", "message"), REFUSED[:5] + REFUSED[-4:])
def test_sign_up_refuses_a_hostile_display_name(client, name, message):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "display_name": name, "password1": "a long passphrase 42"},
    )

    assert response.status_code == 200
    assert message in response.context["form"].errors["display_name"][0]
    assert not get_user_model().objects.filter(email="new@example.org").exists()


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (
            "/accounts/signup/",
            {"email": "a\x00@example.org", "display_name": "A", "password1": "x"},
        ),
        (
            "/accounts/signup/",
            {"email": "a@example.org", "display_name": "A", "password1": "p\x00"},
        ),
        ("/accounts/login/", {"login": "a\x00@example.org", "password": "x"}),
        ("/accounts/login/", {"login": "a@example.org", "password": "\x00"}),
        ("/accounts/password/reset/", {"email": "\x00"}),
    ],
)
def test_a_nul_byte_in_any_account_form_field_is_a_form_error_not_a_crash(client, path, data):
    response = client.post(path, data)

    assert response.status_code == 200
    assert response.context["form"].errors
