"""Messages between an enterprise and an applicant: one thread per application, and the
reports on them that go to the bureau's queue."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models.applications import Application
from jobs.models.posts import Report
from portal.text import BoundedTextField
from portal.workflow import Workflow

MESSAGE_MAX = 1000  # characters in one message: text only, a note, not a letter


class Message(models.Model):
    """One message of an application's thread. ``side`` says who wrote it (the applicant
    or the enterprise); the thread shows the enterprise's name for its staff, never the
    staff member's own details."""

    class Side(models.TextChoices):
        VETERAN = "veteran", _("Applicant")
        ENTERPRISE = "enterprise", _("Enterprise")

    application = models.ForeignKey(Application, models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    side = models.CharField(_("from"), max_length=16, choices=Side.choices)
    body = BoundedTextField(_("message"), max_length=MESSAGE_MAX)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # Set when the bureau upholds a report: the thread shows that it was removed.
    hidden_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["application", "created_at"], name="message_thread_idx")]

    def __str__(self):
        return f"{self.application_id} · {self.body[:30]}"


class MessageReport(Workflow, Report):
    """A report that a message is abusive, a scam or asks for fees: the bureau over the
    post's region decides (upheld: the message is removed from the thread)."""

    class Reason(models.TextChoices):
        ABUSE = "abuse", _("Abusive or insulting")
        FEES = "fees", _("Asks for fees, deposits or personal documents")
        SPAM = "spam", _("Advertising or a scam")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld, message removed")
        DISMISSED = "dismissed", _("Dismissed")

    TRANSITIONS = {Status.OPEN: {Status.UPHELD, Status.DISMISSED}}

    message = models.ForeignKey(Message, models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message report")
        verbose_name_plural = _("message reports")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"],
                condition=Q(status="open"),
                name="one_open_report_per_message_reporter",
            ),
        ]

    def __str__(self):
        return f"{self.message_id} · {self.get_reason_display()}"

    def uphold(self, *, handler, note: str) -> None:
        self._move(self.Status.UPHELD)
        self.handled_by, self.handled_at, self.resolution_note = handler, timezone.now(), note

    def dismiss(self, *, handler, note: str) -> None:
        self._move(self.Status.DISMISSED)
        self.handled_by, self.handled_at, self.resolution_note = handler, timezone.now(), note
