"""A time limit on the database for every web request (README "Outages").

Two halves, both set to DATABASE_STATEMENT_TIMEOUT:

- A connection opened during a request carries PostgreSQL's own ``statement_timeout``
  (portal.postgresql passes it when it connects): a slow statement is cancelled by the
  server, the request gets an error, the connection stays usable.
- A frozen PostgreSQL (stopped processes, a storage path that hangs) cancels nothing, and
  its kernel still acknowledges every packet, so the client would wait for an answer
  forever: TCP keepalives and libpq's connect_timeout only cover opening a connection. A
  watchdog thread watches every round trip a request makes (statements, commit, rollback,
  the health check of a reused connection) and, a second after the limit, shuts the
  connection's socket down under libpq: psycopg2 raises OperationalError at once. (psycopg2's
  own cancel() would block the whole process on a frozen server: it keeps the GIL.)

Either way the request answers 503 (portal/outages.py), and a broken connection is replaced
at the next request, so the portal recovers by itself. Celery tasks and commands have no
such limit: their long statements are their work.
"""

import contextvars
import os
import socket
import threading
import time
from contextlib import contextmanager

from django.conf import settings

# Seconds a database round trip may take in the current context; None: no limit.
LIMIT = contextvars.ContextVar("database_limit", default=None)
# The server's statement_timeout answers first when it runs; the socket is cut this much later.
CUT_AFTER_SECONDS = 1.0
TICK_SECONDS = 0.1


@contextmanager
def time_limit(seconds: float | None):
    token = LIMIT.set(seconds or None)
    try:
        yield
    finally:
        LIMIT.reset(token)


class StatementTimeoutMiddleware:
    """Near the top of MIDDLEWARE: the session and user lookups are watched too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with time_limit(settings.DATABASE_STATEMENT_TIMEOUT):
            return self.get_response(request)


@contextmanager
def watched(connection, at_most: float | None = None):
    """Around one round trip of `connection` (a Django DatabaseWrapper); `at_most` shortens
    the limit for a round trip that must be quick."""
    limit = LIMIT.get()
    if limit and at_most:
        limit = min(limit, at_most)
    if not limit or connection.connection is None:
        yield
        return
    key = _WATCHDOG.watch(connection.connection, limit)
    try:
        yield
    finally:
        _WATCHDOG.release(key)


def execute_watched(execute, sql, params, many, context):
    """An execute wrapper (Django's hook around every statement)."""
    with watched(context["connection"]):
        return execute(sql, params, many, context)


class _Watch:
    def __init__(self, raw_connection, deadline: float):
        # Read now: while a statement runs, psycopg2 holds the connection's lock, and
        # fileno() would wait for it.
        self.socket_fd = raw_connection.fileno()
        self.deadline = deadline


class _Watchdog:
    def __init__(self):
        self._lock = threading.Lock()
        self._watches: dict[int, _Watch] = {}
        self._next_key = 0
        self._pid = None

    def watch(self, raw_connection, seconds: float) -> int:
        with self._lock:
            if self._pid != os.getpid():  # first use in this process (gunicorn forks)
                self._pid = os.getpid()
                threading.Thread(target=self._run, name="database-watchdog", daemon=True).start()
            self._next_key += 1
            deadline = time.monotonic() + seconds + CUT_AFTER_SECONDS
            self._watches[self._next_key] = _Watch(raw_connection, deadline)
            return self._next_key

    def release(self, key: int) -> None:
        with self._lock:
            self._watches.pop(key, None)

    def _run(self) -> None:
        while True:
            time.sleep(TICK_SECONDS)
            now = time.monotonic()
            with self._lock:
                for key, watch in list(self._watches.items()):
                    if now >= watch.deadline:
                        del self._watches[key]
                        _cut(watch.socket_fd)


def _cut(socket_fd: int) -> None:
    """Shut the socket down under libpq: its wait ends and psycopg2 raises. The descriptor is
    still the connection's: the watch ends (under the lock) before the connection closes."""
    try:
        with socket.socket(fileno=os.dup(socket_fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # closed meanwhile: nothing left to cut
        pass


_WATCHDOG = _Watchdog()
