"""Training cooperation (issue 19): an agreement of the training mode links training
programmes, and each veteran who completes a linked programme is owed an interview at the
agreement's enterprise (jobs/training/cooperation.py).

The models live in jobs because they join the agreement (enterprises) to the programme and
its enrolments (veterans) and to the application the interview is held on (jobs)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models.applications import Application
from portal.workflow import Workflow


class TrainingAgreementLink(models.Model):
    """A training programme whose completers the agreement's enterprise guarantees an
    interview; linked and unlinked by the agreement's signatory authority."""

    agreement = models.ForeignKey(
        "enterprises.Agreement",
        models.CASCADE,
        related_name="training_links",
        verbose_name=_("cooperation agreement"),
    )
    programme = models.ForeignKey(
        "veterans.TrainingProgramme",
        models.CASCADE,
        related_name="agreement_links",
        verbose_name=_("training programme"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)

    class Meta:
        ordering = ["linked_at", "pk"]
        verbose_name = _("programme linked to an agreement")
        verbose_name_plural = _("programmes linked to agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "programme"], name="one_link_per_agreement_programme"
            ),
        ]

    def __str__(self):
        return f"{self.agreement} · {self.programme}"


class InterviewGuarantee(Workflow, models.Model):
    """The interview a completer of a linked programme is guaranteed: given when it stands
    on an application moved to "interview" at the enterprise, owed while the enterprise had
    no open post to hold it on (given as soon as one is published), lapsed when the
    agreement ended (terminated, expired or past its term) while it was still owed: the
    promise was the agreement's, and it is over. One per completion and agreement: the
    unique constraint makes recording twice, or a retry, give it once."""

    class Status(models.TextChoices):
        OWED = "owed", _("Owed: no open post yet")
        GIVEN = "given", _("Interview arranged")
        LAPSED = "lapsed", _("Lapsed: the agreement ended before an interview was arranged")

    TRANSITIONS = {Status.OWED: {Status.GIVEN, Status.LAPSED}}

    agreement = models.ForeignKey(
        "enterprises.Agreement",
        models.PROTECT,
        related_name="interview_guarantees",
        verbose_name=_("cooperation agreement"),
    )
    enrolment = models.ForeignKey(
        "veterans.Enrolment",
        models.CASCADE,
        related_name="interview_guarantees",
        verbose_name=_("enrolment"),
    )
    veteran = models.ForeignKey(
        "veterans.VeteranProfile", models.CASCADE, related_name="interview_guarantees"
    )
    application = models.ForeignKey(
        Application,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="interview_guarantees",
        verbose_name=_("application"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OWED, db_index=True
    )
    created_at = models.DateTimeField(_("guaranteed at"), default=timezone.now)
    given_at = models.DateTimeField(_("arranged at"), null=True, blank=True)
    lapsed_at = models.DateTimeField(_("lapsed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("interview guarantee")
        verbose_name_plural = _("interview guarantees")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "enrolment"], name="one_guarantee_per_completion"
            ),
            models.CheckConstraint(
                condition=~Q(status="given") | Q(given_at__isnull=False),
                name="given_guarantee_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="lapsed") | Q(lapsed_at__isnull=False),
                name="lapsed_guarantee_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} · {self.agreement}"

    def give(self, application: Application) -> None:
        self._move(self.Status.GIVEN)
        self.application, self.given_at = application, timezone.now()

    def lapse(self) -> None:
        self._move(self.Status.LAPSED)
        self.lapsed_at = timezone.now()
