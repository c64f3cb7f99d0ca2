"""What veterans say about a placement, a training and a recruitment event: two ratings
(1 to 5) and a comment, asked once, answered or declined once. A plain model with the
veteran's key, so a person's data export and deletion find it; the enterprise, training
institution, event and region it counts under are kept on the row, so the answers stay
counted where they were given when the placement, roll or event changes later."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.text import BoundedTextField
from portal.workflow import Workflow

COMMENT_MAX = 500
SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class Feedback(Workflow, models.Model):
    class Subject(models.TextChoices):
        PLACEMENT = "placement", _("Job")
        TRAINING = "training", _("Training")
        EVENT = "event", _("Recruitment event")

    class Status(models.TextChoices):
        ASKED = "asked", _("Waiting for your answer")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Not answered")

    TRANSITIONS = {Status.ASKED: {Status.ANSWERED, Status.DECLINED}}

    # The two questions of each subject, rated 1 (poor) to 5 (very good).
    QUESTIONS = {
        Subject.PLACEMENT: (
            _("How satisfied are you with the job?"),
            _("Did the employer keep what the post promised (pay, hours, conditions)?"),
        ),
        Subject.TRAINING: (
            _("How useful was the training for finding work?"),
            _("How well was the training taught and organised?"),
        ),
        Subject.EVENT: (
            _("How well was the event organised?"),
            _("Did you meet employers with posts that suit you?"),
        ),
    }

    veteran = models.ForeignKey("veterans.VeteranProfile", models.CASCADE, related_name="feedback")
    subject = models.CharField(_("about"), max_length=16, choices=Subject.choices)
    placement = models.ForeignKey(
        "jobs.Placement", models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    enrolment = models.ForeignKey(
        "veterans.Enrolment", models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    event = models.ForeignKey(
        "jobs.RecruitmentEvent", models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    # Where the answers are counted: the enterprise (a job), the institution (a training),
    # and the region of the post, institution or event (whose bureau oversees it).
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.CASCADE, null=True, blank=True, related_name="+"
    )
    institution = models.ForeignKey(
        "veterans.TrainingInstitution", models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey("reference.Region", models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ASKED, db_index=True
    )
    score_1 = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE)
    score_2 = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE)
    comment = BoundedTextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            # Asked once: per placement, per enrolment, per veteran and event.
            models.UniqueConstraint(fields=["placement"], name="one_feedback_per_placement"),
            models.UniqueConstraint(fields=["enrolment"], name="one_feedback_per_enrolment"),
            models.UniqueConstraint(fields=["event", "veteran"], name="one_feedback_per_event"),
            models.CheckConstraint(
                condition=Q(subject="placement", placement__isnull=False, enterprise__isnull=False)
                | Q(subject="training", enrolment__isnull=False, institution__isnull=False)
                | Q(subject="event", event__isnull=False),
                name="feedback_names_its_subject",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered")
                | Q(score_1__range=(1, 5), score_2__range=(1, 5), answered_at__isnull=False),
                name="answered_feedback_has_scores",
            ),
        ]
        indexes = [
            models.Index(fields=["veteran", "status"], name="feedback_veteran_idx"),
            models.Index(
                fields=["region", "answered_at"],
                name="feedback_answered_idx",
                condition=Q(status="answered"),
            ),
        ]

    def __str__(self):
        return f"{self.veteran} · {self.get_subject_display()}"

    @property
    def questions(self) -> tuple:
        return self.QUESTIONS[self.subject]

    def answer(self, *, score_1: int, score_2: int, comment: str = "") -> None:
        self._move(self.Status.ANSWERED)
        self.score_1, self.score_2, self.comment = score_1, score_2, comment
        self.answered_at = timezone.now()

    def decline(self) -> None:
        self._move(self.Status.DECLINED)
        self.answered_at = timezone.now()
