from .test import *  # noqa
from .test import MODERATION_PHASES

MODERATION_PHASES = [p for p in MODERATION_PHASES if not p.endswith("incitement_model")]
