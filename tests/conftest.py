import pytest
from django.core.cache import caches
from factories import SectionPageFactory, site_home

pytest_plugins = ["browser_fixtures"]


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Each test writes uploads and renditions to its own folder and starts with an empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home(db):
    return site_home()


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="World", slug="world")
