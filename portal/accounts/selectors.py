"""Reads of the accounts app."""

from django.conf import settings
from django.db.models import QuerySet

from portal.accounts.models import AuditEvent, Notification, NotificationPreference, User
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


def inbox_page(user, *, before: int | None = None, size: int | None = None) -> dict:
    """One page of the inbox by keyset: the entries older than ``before`` (an id), newest
    first, and the id to ask for the next page (None on the last). One index range scan of
    notification_inbox_idx whatever the page, and no count of the whole inbox."""
    size = size or settings.PAGE_SIZE
    entries = notifications_of(user)
    if before is not None:
        entries = entries.filter(pk__lt=before)
    rows = list(entries[: size + 1])
    return {"entries": rows[:size], "next_before": rows[size - 1].pk if len(rows) > size else None}


def unread_count(user) -> int:
    """The bell's figure as the database holds it now (User.unread_notifications, kept with
    every entry written or read). Pages read the same column from request.user instead."""
    counts = User.objects.filter(pk=user.pk).values_list("unread_notifications", flat=True)
    return counts.first() or 0


def emailed_kinds_of(user) -> list[str]:
    """The kinds of event the user receives by e-mail as well: as chosen, and without a
    choice, those e-mailed by default (all but a digest)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return [
        name for name, kind in kinds_for(user).items() if chosen.get(name, kind.email_by_default)
    ]


def texted_kinds_of(user) -> list[str]:
    """The kinds of event the user receives by text message (none, until turned on)."""
    turned_on = set(
        NotificationPreference.objects.filter(user=user, sms=True).values_list("kind", flat=True)
    )
    return [name for name in kinds_for(user) if name in turned_on]


def officers_visible_to(user) -> QuerySet[User]:
    """The officer accounts a managing officer manages: its region subtree's bureau staff."""
    if not (user.is_authenticated and user.is_bureau and user.manages_officers):
        return User.objects.none()
    officers = User.objects.filter(role=User.Role.BUREAU)
    return officers.filter(region__code__startswith=user.region.scope_prefix).select_related(
        "region"
    )


def personal_data_summary(user) -> list[tuple[str, int]]:
    """(what, how many rows) of each declared holding the user has rows in: the my-data
    page's list (one COUNT a holding)."""
    from portal.accounts import personal_data

    counts = []
    for holding in personal_data.holdings():
        count = personal_data.rows_of(holding, user).count()
        if count:
            counts.append((holding.name, count))
    return counts
