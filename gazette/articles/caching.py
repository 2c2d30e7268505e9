"""A version number for everything that lists articles, bumped whenever a page is published,
unpublished, moved or deleted. Listing fragments are cached under it, so a publication shows at
once and nothing else needs purging; the short timeout bounds how stale a comment count gets."""

from django.core.cache import cache

LISTING_VERSION_KEY = "articles:listing-version"
LISTING_CACHE_SECONDS = 60


def listing_version() -> int:
    version = cache.get(LISTING_VERSION_KEY)
    if version is None:
        cache.add(LISTING_VERSION_KEY, 1, timeout=None)
        version = cache.get(LISTING_VERSION_KEY, 1)
    return version


def bump_listing_version(**kwargs) -> None:
    try:
        cache.incr(LISTING_VERSION_KEY)
    except ValueError:
        cache.set(LISTING_VERSION_KEY, 2, timeout=None)
