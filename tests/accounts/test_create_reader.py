import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from gazette.accounts.actions import create_reader
from gazette.accounts.adapter import SocialAccountAdapter

pytestmark = pytest.mark.django_db


def test_a_created_reader_has_a_verified_primary_address(reader):
    address = EmailAddress.objects.get(user=reader)

    assert (address.email, address.verified, address.primary) == ("amara@example.org", True, True)
    assert reader.display_name == "Amara Okafor"
    assert reader.check_password("correct horse battery staple")


def test_creating_a_reader_again_returns_the_same_reader(reader):
    again = create_reader(
        username="amara", email="amara@example.org", display_name="Other", password="other pass"
    )

    assert again.pk == reader.pk
    assert get_user_model().objects.filter(username="amara").count() == 1
    assert EmailAddress.objects.filter(user=reader).count() == 1
    assert again.display_name == "Amara Okafor"
    assert again.check_password("correct horse battery staple")


def test_a_name_from_a_social_provider_passes_the_display_name_rule(db):
    from allauth.socialaccount.models import SocialLogin

    adapter = SocialAccountAdapter()
    request = RequestFactory().get("/")
    hostile = SocialLogin(user=get_user_model()())
    plain = SocialLogin(user=get_user_model()())

    refused = adapter.populate_user(request, hostile, {"name": "gpj\u202eexe.exe"})
    accepted = adapter.populate_user(request, plain, {"first_name": "Ana", "last_name": "Ruiz"})

    assert (refused.display_name, refused.get_full_name()) == ("", "")
    assert accepted.display_name == "Ana Ruiz"
