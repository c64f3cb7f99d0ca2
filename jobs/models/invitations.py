"""Invitations to apply: an enterprise asks a matched, consenting candidate to apply."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models.applications import Application
from jobs.models.posts import JobPost
from portal.text import BoundedTextField
from portal.workflow import Workflow

FACTORS = (
    "score", "skill_fit", "occupation_fit", "location_fit", "industry_fit", "salary_fit",
    "education_fit", "agreement_bonus", "skills_required", "skills_matched",
)  # fmt: skip


class Invitation(Workflow, models.Model):
    """One invitation of a veteran to one post. It keeps the factor values of the match it
    was sent from, so the reasons the veteran reads (jobs.reasons) are those the enterprise
    saw, whatever later nightly runs find."""

    class Status(models.TextChoices):
        SENT = "sent", _("Waiting for your answer")
        APPLIED = "applied", _("Applied")
        DECLINED = "declined", _("Declined")

    TRANSITIONS = {Status.SENT: {Status.APPLIED, Status.DECLINED}}

    post = models.ForeignKey(JobPost, models.CASCADE, related_name="invitations")
    veteran = models.ForeignKey(
        "veterans.VeteranProfile", models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    note = BoundedTextField(_("note to the veteran"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SENT, db_index=True
    )
    application = models.OneToOneField(
        Application, models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    score = models.FloatField(default=0)
    skill_fit = models.FloatField(default=0)
    occupation_fit = models.FloatField(default=0)
    location_fit = models.FloatField(default=0)
    industry_fit = models.FloatField(default=0)
    salary_fit = models.FloatField(default=0)
    education_fit = models.FloatField(default=0)
    agreement_bonus = models.FloatField(default=0)
    skills_required = models.PositiveSmallIntegerField(default=0)
    skills_matched = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation to apply")
        verbose_name_plural = _("invitations to apply")
        constraints = [
            models.UniqueConstraint(fields=["post", "veteran"], name="one_invitation_per_post"),
        ]
        indexes = [models.Index(fields=["post", "created_at"], name="invitation_post_day_idx")]

    def __str__(self):
        return f"{self.post} → {self.veteran}"

    def mark_applied(self, application: Application) -> None:
        self._move(self.Status.APPLIED)
        self.application, self.answered_at = application, timezone.now()

    def decline(self) -> None:
        self._move(self.Status.DECLINED)
        self.answered_at = timezone.now()
