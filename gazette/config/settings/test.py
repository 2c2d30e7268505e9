"""Settings for the test suite: the same code paths as production, with fast hashing."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("GAZETTE_DATA_DIR", tempfile.mkdtemp(prefix="gazette-test-"))

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Posting limits high enough for tests that build large discussions quickly; the tests of the
# limits themselves set the production values (tests/moderation/test_throttle.py).
MODERATION_POSTS_PER_MINUTE_PER_ACCOUNT = 100_000
MODERATION_POSTS_PER_MINUTE_PER_ADDRESS = 100_000
MODERATION_POSTS_FIRST_DAY = 100_000
MODERATION_ARTICLE_SURGE_PER_MINUTE = 100_000
MODERATION_MIN_FORM_SECONDS = 0
