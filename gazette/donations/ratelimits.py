"""Velocity limits on starting a checkout: per IP address (IPv6 per /64), per browser session and
per e-mail address, counted in the cache over a fixed window.

They fail closed: with the cache unreachable nobody can start a checkout (offline gifts and the
rest of the site are unaffected), because a card-testing run is exactly when it would be down.
"""

import hashlib
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def client_address(request: HttpRequest) -> str:
    """The reader's address, the proxy's last forwarded hop when behind a trusted proxy."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.DONATIONS_TRUST_X_FORWARDED_FOR:
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


def within_limit(scope: str, identity: str, *, limit: int) -> bool:
    """Count one more attempt for `identity`; False once it is past `limit` in this window."""
    window = settings.DONATIONS_CHECKOUT_LIMIT_WINDOW_SECONDS
    digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    key = f"donations:limit:{scope}:{digest}:{int(time.time()) // window}"
    try:
        if cache.add(key, 1, timeout=window):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # the window's key expired between add and incr
                cache.set(key, 1, timeout=window)
                count = 1
    except Exception:
        logger.exception("Rate-limit cache unavailable; refusing to start a checkout")
        return False
    if count > limit:
        logger.warning("Checkout velocity limit reached for %s (%d attempts)", scope, count)
        return False
    return True


def retry_after_seconds() -> int:
    window = settings.DONATIONS_CHECKOUT_LIMIT_WINDOW_SECONDS
    return window - int(time.time()) % window
