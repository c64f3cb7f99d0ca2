"""The ``action_label`` filter: an AuditEvent's action in words, for the trail partial."""

from django import template

from portal.accounts.models import AuditAction

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """The label declared with the action; an unknown code shows as it is rather than
    disappear."""
    try:
        return AuditAction(action).label
    except ValueError:
        return action
