"""Reads of the accounts app."""

from django.db.models import QuerySet

from portal.accounts.models import AuditEvent, Notification, NotificationPreference
from portal.accounts.notifications import kinds_for


def audit_trail_for(obj) -> QuerySet[AuditEvent]:
    """The events of one object, newest first, with their actors joined for display.

    Not scoped by user: a view shows the trail only of an object it fetched through the
    user's scoped selector, so whoever may see the object may see its trail.
    """
    return AuditEvent.objects.for_object(obj).select_related("actor")


def notifications_of(user) -> QuerySet[Notification]:
    """A user's inbox, newest first (index notification_inbox_idx)."""
    return Notification.objects.filter(user=user).order_by("-id")


def unread_count(user) -> int:
    """The bell's figure: one count over the index of unread rows only."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def emailed_kinds_of(user) -> list[str]:
    """The kinds of event the user receives by e-mail as well (all, until turned off)."""
    turned_off = set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )
    return [name for name in kinds_for(user) if name not in turned_off]


def texted_kinds_of(user) -> list[str]:
    """The kinds of event the user receives by text message (none, until turned on)."""
    turned_on = set(
        NotificationPreference.objects.filter(user=user, sms=True).values_list("kind", flat=True)
    )
    return [name for name in kinds_for(user) if name in turned_on]
