"""Applications, and the placement and follow-ups a hire starts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models.posts import JobPost
from portal.accounts.models import AuditAction
from portal.text import NOTE_MAX, BoundedTextField
from portal.workflow import Workflow


class Application(Workflow, models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        VIEWED = "viewed", _("Viewed")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTERVIEW = "interview", _("Interview")
        OFFERED = "offered", _("Offered")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN = ("submitted", "viewed", "shortlisted", "interview", "offered")
    TRANSITIONS = {
        Status.SUBMITTED: {Status.VIEWED, Status.REJECTED, Status.WITHDRAWN},
        Status.VIEWED: {Status.SHORTLISTED, Status.REJECTED, Status.WITHDRAWN},
        Status.SHORTLISTED: {Status.INTERVIEW, Status.REJECTED, Status.WITHDRAWN},
        Status.INTERVIEW: {Status.OFFERED, Status.REJECTED, Status.WITHDRAWN},
        Status.OFFERED: {Status.HIRED, Status.REJECTED, Status.WITHDRAWN},
    }
    # The audit action that records the move to each status (the trail is its history).
    STATUS_ACTIONS = {
        Status.SUBMITTED: AuditAction.APPLICATION_SUBMITTED,
        Status.VIEWED: AuditAction.APPLICATION_VIEWED,
        Status.SHORTLISTED: AuditAction.APPLICATION_SHORTLISTED,
        Status.INTERVIEW: AuditAction.APPLICATION_INVITED_TO_INTERVIEW,
        Status.OFFERED: AuditAction.APPLICATION_OFFERED,
        Status.HIRED: AuditAction.APPLICATION_HIRED,
        Status.REJECTED: AuditAction.APPLICATION_REJECTED,
        Status.WITHDRAWN: AuditAction.APPLICATION_WITHDRAWN,
    }

    post = models.ForeignKey(JobPost, models.PROTECT, related_name="applications")
    veteran = models.ForeignKey(
        "veterans.VeteranProfile", models.CASCADE, related_name="applications"
    )
    resume = models.ForeignKey(
        "veterans.Resume", models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    note = BoundedTextField(_("note to the employer"), max_length=1000, blank=True)
    # When the veteran agreed, on applying, that this post's enterprise sees their full
    # mobile number and e-mail address (PIPL art. 23: providing personal information to
    # another party needs separate consent); None: the enterprise sees them masked.
    contact_shared_at = models.DateTimeField(_("contact details shared at"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.SUBMITTED,
        db_index=True,
    )
    created_at = models.DateTimeField(_("applied at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last change"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["post", "veteran"], name="one_application_per_post"),
        ]

    def __str__(self):
        return f"{self.veteran} → {self.post}"

    def move_to(self, target) -> None:
        """One step of the employer's pipeline (viewed, shortlisted, interview, ...)."""
        self._move(target)
        self.updated_at = timezone.now()

    def withdraw(self) -> None:
        self.move_to(self.Status.WITHDRAWN)


class Placement(models.Model):
    """A hire, followed up at 1, 3, 6 and 12 months: through an online application, or
    made at a recruitment event or directly and confirmed by the veteran (OfflineHire)."""

    FOLLOW_UP_MONTHS = (1, 3, 6, 12)

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online application")
        EVENT = "event", _("Recruitment event")
        DIRECT = "direct", _("Direct hire")

    application = models.OneToOneField(
        Application, models.PROTECT, null=True, blank=True, related_name="placement"
    )
    post = models.ForeignKey(JobPost, models.PROTECT, related_name="placements")
    veteran = models.ForeignKey(
        "veterans.VeteranProfile", models.CASCADE, related_name="placements"
    )
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.ONLINE, db_index=True
    )
    event = models.ForeignKey(
        "jobs.RecruitmentEvent",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("recruitment event"),
    )
    started_on = models.DateField(_("start date"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(channel="online", application__isnull=False)
                | (~Q(channel="online") & Q(application__isnull=True)),
                name="placement_online_iff_application",
            ),
            models.CheckConstraint(
                condition=~Q(channel="event") | Q(event__isnull=False),
                name="placement_event_has_event",
            ),
        ]

    def __str__(self):
        return f"{self.veteran} @ {self.post}"


class FollowUp(Workflow, models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        DUE = "due", _("Due")
        DONE = "done", _("Recorded")

    class Outcome(models.TextChoices):
        EMPLOYED = "employed", _("Still employed")
        LEFT = "left", _("Left the post")
        UNREACHABLE = "unreachable", _("Unreachable")

    TRANSITIONS = {
        Status.SCHEDULED: {Status.DUE, Status.DONE},
        Status.DUE: {Status.DONE},
    }

    placement = models.ForeignKey(Placement, models.CASCADE, related_name="follow_ups")
    month = models.PositiveSmallIntegerField(_("month"))
    due_on = models.DateField(_("due on"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.SCHEDULED,
        db_index=True,
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    left_reason = BoundedTextField(_("reason for leaving"), max_length=500, blank=True)
    note = BoundedTextField(_("note"), max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["placement", "month"], name="one_follow_up_per_month"),
            models.CheckConstraint(
                condition=Q(month__in=[1, 3, 6, 12]), name="follow_up_month_known"
            ),
            models.CheckConstraint(
                condition=Q(status="done", outcome__gt="") | (~Q(status="done") & Q(outcome="")),
                name="follow_up_outcome_iff_done",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="left") | ~Q(left_reason=""), name="follow_up_left_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.placement} · {self.month}"

    def mark_due(self) -> None:
        self._move(self.Status.DUE)

    def record(self, *, outcome, left_reason: str, note: str, recorder) -> None:
        self._move(self.Status.DONE)
        self.outcome, self.left_reason, self.note = outcome, left_reason, note
        self.recorded_by, self.recorded_at = recorder, timezone.now()
