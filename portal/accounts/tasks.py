import datetime
import logging

from axes.handlers.proxy import AxesProxyHandler
from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import OutgoingEmail, OutgoingSms
from portal.accounts.sms import SmsMessage, SmsRefused, sms_backend

logger = logging.getLogger(__name__)

# A row still unsent after this long lost its task (see send_pending_emails).
PENDING_GRACE = datetime.timedelta(minutes=2)
SWEEP_BATCH = 1000


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(key: str) -> bool:
    """Send the e-mail of this key once: the row lock makes a second delivery of the task
    (or a sweep running alongside) wait and then find it sent. Returns whether it sent.

    The mark commits after the mail server took the message, so a worker killed in
    between sends again on redelivery: at least once, never lost (SMTP has no undo)."""
    return _send_once(
        OutgoingEmail.objects.filter(pk=key),
        _deliver_email,
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email_batch(keys: list[str]) -> int:
    """Send the e-mails of these keys, each once (as send_email): a mass mailing, such as
    the quarterly notices, goes to the broker as a few tasks and not one per e-mail."""
    return sum(send_email(key) for key in keys)


def _deliver_email(email: OutgoingEmail) -> None:
    if not email.attachments:
        send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, email.recipients)
        return
    message = EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, email.recipients)
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    message.send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_sms(key: str) -> bool:
    """Send the text message of this key once, as send_email does. A provider's refusal
    (a bad number, its limits) is kept on the row, which is then never tried again."""
    try:
        return _send_once(
            OutgoingSms.objects.filter(pk=key, refused=""),
            lambda sms: sms_backend().send(
                SmsMessage(phone=sms.phone, text=sms.text, template=sms.template, params=sms.params)
            ),
        )
    except SmsRefused as refusal:
        logger.warning("text message %s refused: %s", key, refusal)
        OutgoingSms.objects.filter(pk=key).update(refused=str(refusal)[:200])
        return False


def _send_once(rows, deliver) -> bool:
    """Lock the outbox row, deliver it unless it is gone or sent, mark it sent."""
    with transaction.atomic():
        message = rows.select_for_update().first()
        if message is None or message.sent_at is not None:
            return False
        deliver(message)
        message.sent_at = timezone.now()
        message.save(update_fields=["sent_at"])
    return True


@shared_task
def send_pending_emails() -> int:
    """Every few minutes (CELERY_BEAT_SCHEDULE): enqueue again the e-mails whose task was
    lost; a task that is only late finds its row sent and does nothing."""
    return _sweep(OutgoingEmail.objects.filter(sent_at__isnull=True), send_email)


@shared_task
def send_pending_sms() -> int:
    """The same for text messages (those the provider refused are left alone)."""
    return _sweep(OutgoingSms.objects.filter(sent_at__isnull=True, refused=""), send_sms)


def _sweep(unsent, task) -> int:
    cutoff = timezone.now() - PENDING_GRACE
    keys = list(
        unsent.filter(created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for key in keys:
        task.delay(str(key))
    return len(keys)


@shared_task
def sessions_clear_expired() -> None:
    """Expired sessions stay in the session table until something deletes them (daily)."""
    call_command("clearsessions")


@shared_task
def login_log_prune() -> int:
    """django-axes writes a row per login (username, address, browser): personal data, kept
    RETENTION_LOGIN_LOG_DAYS. Failed attempts expire by themselves (AXES_COOLOFF_HOURS)."""
    return AxesProxyHandler.reset_logs(age_days=settings.RETENTION_LOGIN_LOG_DAYS)
