"""A small fixed-window rate limit on the shared (database) cache, for public forms."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def hit(scope: str, identity: str, *, limit: int, period: int) -> bool:
    """Count one attempt; True while ``identity`` stays within ``limit`` per ``period`` seconds.

    The identity (an address) is hashed so that the cache holds no personal data.
    """
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit
