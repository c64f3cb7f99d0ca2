"""Reads that may lag a second behind (dashboards, reports, exports) go to a read replica
when DATABASE_REPLICA_URL names one; everything else, and every write, to the primary.

A view opts in with @reads_from_replica. Who is asking (sessions, users, devices, lockouts,
tokens) is always read from the primary: a session written by the login a moment ago
must be found.
"""

import contextvars
import functools
from contextlib import contextmanager

from django.conf import settings

REPLICA = "replica"
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "auth", "accounts", "authtoken", "otp_totp", "otp_static", "axes"}
)
_READ_REPLICA = contextvars.ContextVar("read_replica", default=False)


@contextmanager
def replica_reads():
    token = _READ_REPLICA.set(True)
    try:
        yield
    finally:
        _READ_REPLICA.reset(token)


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _READ_REPLICA.get()
            and REPLICA in settings.DATABASES
            and model._meta.app_label not in PRIMARY_ONLY_APPS
        ):
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data, whichever copy an object was read from

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA  # a replica follows the primary's schema
