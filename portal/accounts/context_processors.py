"""What every page's header needs from the accounts app."""

from portal.accounts.selectors import unread_count


def inbox(request) -> dict:
    """The bell's unread count, counted only when a page's header shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": lambda: unread_count(user)}
