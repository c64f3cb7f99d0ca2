"""Whole pages for visitors who are not logged in, kept a short while.

Most of the portal's traffic is people who have not logged in searching posts and reading
them (README "Load test"). Their page depends only on its address and the language, but
for one thing: the CSRF token of the language switch, which is each visitor's own. The
page is kept with a placeholder where the token was, and each visitor gets their own token
put back in, so nobody is ever handed someone else's token.

Two levels: the memory of the serving process (the "local" cache, bounded in entries),
then Redis, shared by every process and server, so a page is rendered once per expiry
rather than once per process. In Redis the page is compressed (a few kB) and expires with
it; a Redis that is full (``noeviction`` protects Celery's queues) only costs the page
its place there. A page lives VISITOR_PAGE_SECONDS (default 60 s) from its rendering,
whichever level serves it: a post closed or approved shows in visitors' results within
that time. Logged-in people, htmx requests, anything but GET and pages with a message to
show are never served from the cache nor stored in it.
"""

import hashlib
import logging
import re
import time
import zlib
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language
from redis.exceptions import ResponseError

logger = logging.getLogger(__name__)

PLACEHOLDER = "@@csrf-token@@"
# Where templates put the token: {% csrf_token %} and the <meta> that htmx reads.
_TOKEN = re.compile(
    r'(name="csrfmiddlewaretoken" value="|<meta name="csrf-token" content=")([^"]+)"'
)
# A masked CSRF token: 64 letters and digits (django.middleware.csrf).
_TOKEN_SHAPED = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def _cacheable(request) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and not request.headers.get("HX-Request")
        and not len(get_messages(request))
    )


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"visitor:{get_language()}:{path}"


def _with_placeholder(content: str) -> str | None:
    """The page with each token replaced; None (not to be kept) when the tokens are not all
    the same one, or when something shaped like a token is left where the two known
    places did not catch it: a visitor's token must never reach another visitor."""
    tokens = {match.group(2) for match in _TOKEN.finditer(content)}
    if len(tokens) > 1:
        return None
    content = _TOKEN.sub(lambda match: f'{match.group(1)}{PLACEHOLDER}"', content)
    if _TOKEN_SHAPED.search(content):
        return None
    return content


def _from_redis(key: str) -> tuple | None:
    """(content, content type) of a page another process rendered, kept locally for the
    rest of its time."""
    packed = caches["default"].get(key)
    if packed is None:
        return None
    compressed, content_type, expires = packed
    page = (zlib.decompress(compressed).decode(), content_type)
    caches["local"].set(key, page, max(expires - time.time(), 0))
    return page


def _keep(key: str, content: str, content_type: str) -> None:
    seconds = settings.VISITOR_PAGE_SECONDS
    expires = time.time() + seconds
    caches["local"].set(key, (content, content_type), seconds)
    packed = (zlib.compress(content.encode(), 1), content_type, expires)
    try:
        caches["default"].set(key, packed, seconds)
    except ResponseError as error:  # out of memory under noeviction: the page goes on
        logger.warning("visitor page not kept in Redis: %s", error)


def visitor_page_cache(view):
    """Serve a visitor's GET of ``view`` from the cache; fill it on a miss."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request) or settings.VISITOR_PAGE_SECONDS <= 0:
            return view(request, *args, **kwargs)
        key = _key(request)
        page = caches["local"].get(key) or _from_redis(key)
        if page is not None:
            content, content_type = page
            return HttpResponse(
                content.replace(PLACEHOLDER, get_token(request)), content_type=content_type
            )
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            content = _with_placeholder(response.content.decode(response.charset))
            if content is not None:
                _keep(key, content, response["Content-Type"])
        return response

    return wrapper
