"""Reads of the accounts app."""

from django.db.models import QuerySet

from portal.accounts.models import AuditEvent


def audit_trail_for(obj) -> QuerySet[AuditEvent]:
    """The events of one object, newest first, with their actors joined for display.

    Not scoped by user: a view shows the trail only of an object it fetched through the
    user's scoped selector, so whoever may see the object may see its trail.
    """
    return AuditEvent.objects.for_object(obj).select_related("actor")
