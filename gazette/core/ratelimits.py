"""Fixed-window counters in the cache, shared by every path that must be rate-limited (posting
comments through the form or the API, starting a donation checkout).

Addresses are bucketed per IPv4 address and per IPv6 /64. `X-Forwarded-For` is read only when
Gazette runs behind a proxy (`BEHIND_PROXY`), and then only its last hop, the one our own proxy
appended: anything a client writes further left is ignored.

What to do when the cache is down is the caller's choice: `count` raises LimiterUnavailable.
"""

import hashlib
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

logger = logging.getLogger(__name__)


class LimiterUnavailable(Exception):
    """The cache behind the counters did not answer."""


def client_address(request: HttpRequest) -> str:
    """The reader's address, the proxy's last forwarded hop when behind a trusted proxy."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            address = hops[-1]
    return address


def address_bucket(address: str) -> str:
    """One bucket per IPv4 address and per IPv6 /64, since one host gets a whole /64."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def count(scope: str, identity: str, *, window: int) -> int:
    """Count one more attempt for `identity` in the current window and return the total."""
    digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}:{int(time.time()) // window}"
    cache = caches["ratelimits"]
    try:
        if cache.add(key, 1, timeout=window):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # the window's key expired between add and incr
            cache.set(key, 1, timeout=window)
            return 1
    except Exception as error:
        logger.exception("Rate-limit cache unavailable")
        raise LimiterUnavailable(str(error)) from error


def within_limit(scope: str, identity: str, *, limit: int, window: int) -> bool:
    """Count one more attempt; False once past `limit` in this window, or if the cache is down
    (fail closed)."""
    try:
        attempts = count(scope, identity, window=window)
    except LimiterUnavailable:
        return False
    if attempts > limit:
        logger.warning("Rate limit reached for %s (%d attempts)", scope, attempts)
        return False
    return True


def retry_after_seconds(window: int) -> int:
    return window - int(time.time()) % window
