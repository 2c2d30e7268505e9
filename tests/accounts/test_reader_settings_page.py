import pytest

pytestmark = pytest.mark.django_db


def test_the_settings_page_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_a_reader_changes_their_display_name_and_is_sent_back_to_the_page(client, reader):
    client.force_login(reader)

    response = client.post("/accounts/profile/", {"display_name": "  Amara O. "})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    reader.refresh_from_db()
    assert reader.display_name == "Amara O."
    page = client.get(response["Location"])
    assert "Your display name is saved." in page.text
    assert 'value="Amara O."' in page.text


def test_a_hostile_new_name_is_refused_and_the_old_one_kept(client, reader):
    client.force_login(reader)

    response = client.post("/accounts/profile/", {"display_name": "evil\u202egnp.exe"})

    assert response.status_code == 200
    assert "text-direction control (U+202E)" in response.context["form"].errors["display_name"][0]
    reader.refresh_from_db()
    assert reader.display_name == "Amara Okafor"
