"""Filters for the regulators' queues and registers."""

import datetime

from django import template
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.filter
def waiting_time(waited: datetime.timedelta | None) -> str:
    """How long an application has waited, as 「已等待 3 天」: whole days, or hours on the
    first day (the queues annotate ``waiting``)."""
    if waited is None:
        return ""
    if waited.days >= 1:
        days = waited.days
        return ngettext("Waiting %(count)d day", "Waiting %(count)d days", days) % {"count": days}
    hours = waited.seconds // 3600
    if hours >= 1:
        return ngettext("Waiting %(count)d hour", "Waiting %(count)d hours", hours) % {
            "count": hours
        }
    return gettext("Waiting less than an hour")


@register.filter
def percent_of(part: int | None, whole: int | None) -> int:
    """``part`` as a whole percentage of ``whole``, 0 to 100."""
    if not whole:
        return 0
    return max(0, min(100, round(100 * (part or 0) / whole)))
