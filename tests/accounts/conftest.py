import pytest

from gazette.accounts.actions import create_reader

PASSWORD = "correct horse battery staple"


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def reader(db):
    return create_reader(
        username="amara",
        email="amara@example.org",
        display_name="Amara Okafor",
        password=PASSWORD,
    )
