"""The bureau's referrals ("authoritative recommendation"): an officer recommends a consenting,
job-seeking veteran of the region to a post; the enterprise answers within a set number of
working days, by taking the veteran into its pipeline or declining with a reason."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models.applications import Application
from jobs.models.posts import JobPost
from portal.text import NOTE_MAX, BoundedTextField
from portal.workflow import Workflow


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start``: Saturdays and Sundays do not count."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


class Referral(Workflow, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the enterprise")
        TAKEN_UP = "taken_up", _("Taken into the pipeline")
        DECLINED = "declined", _("Declined")
        OVERDUE = "overdue", _("Overdue")

    # An overdue referral comes back to the officer, and the enterprise may still answer it.
    TRANSITIONS = {
        Status.OPEN: {Status.TAKEN_UP, Status.DECLINED, Status.OVERDUE},
        Status.OVERDUE: {Status.TAKEN_UP, Status.DECLINED},
    }
    WAITING = (Status.OPEN, Status.OVERDUE)

    veteran = models.ForeignKey("veterans.VeteranProfile", models.CASCADE, related_name="referrals")
    post = models.ForeignKey(JobPost, models.PROTECT, related_name="referrals")
    # The bureau that referred: the officer's region when they referred (the quarterly
    # report counts referrals per bureau by it, whoever the officer is later).
    bureau_region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    note = BoundedTextField(_("note to the enterprise"), max_length=NOTE_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    answer_due_on = models.DateField(_("answer due on"))
    decline_reason = BoundedTextField(_("reason for declining"), max_length=NOTE_MAX, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    application = models.OneToOneField(
        Application, models.SET_NULL, null=True, blank=True, related_name="referral"
    )
    created_at = models.DateTimeField(_("referred at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.UniqueConstraint(fields=["post", "veteran"], name="one_referral_per_post"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="referral_declined_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["answer_due_on"],
                name="referral_open_due_idx",
                condition=Q(status="open"),
            ),
        ]

    def __str__(self):
        return f"{self.veteran} → {self.post}"

    @property
    def is_waiting(self) -> bool:
        return self.status in self.WAITING

    def take_up(self, *, application: Application, by) -> None:
        self._move(self.Status.TAKEN_UP)
        self.application = application
        self.answered_by, self.answered_at = by, timezone.now()

    def decline(self, *, reason: str, by) -> None:
        self._move(self.Status.DECLINED)
        self.decline_reason = reason
        self.answered_by, self.answered_at = by, timezone.now()

    def mark_overdue(self) -> None:
        self._move(self.Status.OVERDUE)
