"""E-mails for the events people wait for.

Services call ``notify_after_commit``: the message is rendered at once (in the portal's
first language) and handed to Celery only if the change it announces was committed, so
a rolled-back transition never mails anyone and a slow mail server never slows a page.
The message is also a row (OutgoingEmail) written in the same transaction, so a task lost
or delivered twice neither loses nor doubles it (portal/accounts/tasks.py).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from portal.accounts.models import OutgoingEmail

logger = logging.getLogger(__name__)


def render_email(event: str, context: dict) -> tuple[str, str]:
    """templates/emails/<event>_subject.txt and _body.txt, rendered."""
    context = {"portal_url": settings.PORTAL_URL.rstrip("/"), **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = _render_plain(f"emails/{event}_subject.txt", context)
        body = _render_plain(f"emails/{event}_body.txt", context)
    return " ".join(subject.split()), body


def _render_plain(name: str, context: dict) -> str:
    """Plain text: no HTML escaping, so a title like "A&B" reaches the reader as written."""
    return get_template(name).template.render(Context(context, autoescape=False))


def notify_after_commit(*, to: list[str], event: str, context: dict) -> None:
    from portal.accounts.tasks import send_email

    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    subject, body = render_email(event, context)
    email = OutgoingEmail.objects.create(subject=subject, body=body, recipients=recipients)
    transaction.on_commit(lambda: _enqueue(send_email, email.pk))


def _enqueue(task, key) -> None:
    """The change is committed and the e-mail row with it: if Redis cannot take the task
    now, the sweep (send_pending_emails) sends it later, so the page still succeeds."""
    try:
        task.delay(str(key))
    except Exception:  # kombu raises its own wrappers of the connection errors
        logger.warning("e-mail %s not enqueued; the sweep will send it", key, exc_info=True)
