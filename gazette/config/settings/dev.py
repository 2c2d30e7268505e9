"""The laptop demo: embedded defaults over plain HTTP on 127.0.0.1.

DEBUG stays off so readers of the demo see the same styled error pages as in production; the
secret key is generated once and kept in the data directory.
"""

import os
import secrets
from pathlib import Path

os.environ.setdefault("HTTPS", "false")
_data_dir = Path(os.environ.get("GAZETTE_DATA_DIR", Path.cwd() / "data")).resolve()
if not os.environ.get("SECRET_KEY"):
    _key_file = _data_dir / "secret_key"
    if not _key_file.exists():
        _data_dir.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    os.environ["SECRET_KEY"] = _key_file.read_text().strip()

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402

# No collectstatic step on a laptop: WhiteNoise finds files in the apps directly.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
