"""The Redis cache backend for everything but the rate limiters."""

from django_redis.cache import RedisCache


class OutageTolerantRedisCache(RedisCache):
    """Shrugs off a Redis outage (set the IGNORE_EXCEPTIONS option): reads miss, writes are
    dropped, and add() reports success. A lock or once-only marker that cannot be stored must
    not block the request: allauth's rate limiter takes such a lock with add() and would answer
    every sign-in with 429 while Redis is down."""

    def add(self, *args, **kwargs):
        added = super().add(*args, **kwargs)
        return True if added is None else added
