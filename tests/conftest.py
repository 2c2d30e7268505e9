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


@pytest.fixture
def without_incitement_model(settings):
    """Every check but the incitement model, for tests that hold comments for reasons they
    choose; how the model reads texts is for its own tests (tests/moderation/test_classifier.py,
    test_phase_incitement_model.py) and bench/moderation.py."""
    from gazette.moderation import pipeline

    settings.MODERATION_PHASES = [
        phase for phase in settings.MODERATION_PHASES if not phase.endswith(".incitement_model")
    ]
    pipeline.phases.cache_clear()
    yield
    pipeline.phases.cache_clear()
