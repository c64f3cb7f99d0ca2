"""What every page's header needs from the accounts app."""


def inbox(request) -> dict:
    """The bell's unread count: the counter on the user row the session loaded (no query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": lambda: user.unread_notifications}
