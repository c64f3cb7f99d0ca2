"""Who is asking (the client address behind our own proxies) and how often they may ask."""

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address, as far as it can be trusted.

    With no trusted proxy (TRUSTED_PROXY_COUNT=0) it is REMOTE_ADDR and X-Forwarded-For is
    ignored: anyone can write that header. Behind N proxies that each append the address
    they saw, the N-th entry from the right is the one our outermost proxy wrote; entries
    left of it are the client's own claims and are never read.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def rate_limit_hit(*, scope: str, key: str, limit: int, seconds: int = 3600) -> bool:
    """Count one request of ``key`` in ``scope``; True once more than ``limit`` came within
    the window. The window starts with the first request (a fixed window in the cache)."""
    return rate_limit_count(scope=scope, key=key, seconds=seconds) > limit


def rate_limit_count(*, scope: str, key: str, seconds: int = 3600) -> int:
    """Count one use of ``key`` in ``scope``; how many there were in the window, this one
    included."""
    name = f"ratelimit:{scope}:{key}"
    cache.add(name, 0, seconds)
    try:
        return cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, seconds)
        return 1


def rate_limit_used(*, scope: str, key: str) -> int:
    """How many uses of ``key`` in ``scope`` the current window counted (reads only)."""
    return cache.get(f"ratelimit:{scope}:{key}", 0)
