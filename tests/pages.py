"""What page tests read off a response besides its HTML."""

from django.contrib.messages import get_messages


def levels(response) -> list[int]:
    """The levels (SUCCESS, ERROR...) of the messages the page flashed."""
    return [message.level for message in get_messages(response.wsgi_request)]
