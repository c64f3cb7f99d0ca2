"""Helpers for the tests of a workflow's services."""

from contextlib import contextmanager

import pytest
from django.core import mail

from portal.accounts.models import AuditEvent


@contextmanager
def refused(error: type[Exception], target):
    """The block raises ``error`` and leaves ``target`` as it was: the same status, nothing
    added to its audit trail, no e-mail sent."""
    target.refresh_from_db()
    before, trail, sent = (
        target.status,
        AuditEvent.objects.for_object(target).count(),
        len(mail.outbox),
    )
    with pytest.raises(error):
        yield
    target.refresh_from_db()
    assert target.status == before
    assert AuditEvent.objects.for_object(target).count() == trail
    assert len(mail.outbox) == sent


def status_of(obj) -> str:
    """The object's status as stored now (it is read again from the database)."""
    obj.refresh_from_db()
    return obj.status
