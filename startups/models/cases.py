"""The bureau's case record of an entrepreneur (issue 21, item 5).

One case per veteran, kept by the bureau of the veteran's home region: the consultations
and training it gave, the loan and subsidy applications it helped with and how they
ended, the start-up's incubation at a base, and where the business stands 6 and 12 months
after the bureau began supporting it (follow-ups due like a placement's).

What the veteran sees of their own case: everything but the officers' internal notes and
the follow-ups (which record the bureau's judgement of the business, not a service to
them). templates/startups/case_mine.html reads only those parts.
"""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.text import NOTE_MAX, BoundedTextField, NameField
from portal.workflow import Workflow
from startups.models.startups import SupportBase, SupportPolicy

# Yuan, whole: what loans and subsidies are granted in.
AMOUNT_MAX = 10_000_000


class EntrepreneurCase(models.Model):
    """A veteran entrepreneur's record at the bureau of their home region."""

    FOLLOW_UP_MONTHS = (6, 12)

    veteran = models.OneToOneField(
        "veterans.VeteranProfile",
        models.PROTECT,
        related_name="entrepreneur_case",
        verbose_name=_("veteran"),
    )
    # The veteran's home region when the case was opened: the bureaus over it keep it.
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    startup = models.ForeignKey(
        "startups.StartUp",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("start-up"),
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    internal_note = BoundedTextField(_("internal note"), max_length=NOTE_MAX, blank=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("entrepreneur's case record")
        verbose_name_plural = _("entrepreneurs' case records")

    def __str__(self):
        return str(self.veteran)


class CaseContact(models.Model):
    """A consultation the bureau gave, or training it arranged."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        TRAINING = "training", _("Training")

    case = models.ForeignKey(EntrepreneurCase, models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    topic = NameField(_("topic"), max_length=200)
    internal_note = BoundedTextField(_("internal note"), max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("consultation or training")
        verbose_name_plural = _("consultations and training")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.held_on}"

    def clean(self):
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("Record it once it has taken place.")})


class SupportApplication(Workflow, models.Model):
    """A loan or subsidy application the bureau helped the veteran make, and its outcome."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    TRANSITIONS = {Status.APPLIED: {Status.GRANTED, Status.REFUSED}}
    # The kinds of policy an application is made for (tax and rent relief are claimed).
    KINDS = (SupportPolicy.Kind.LOAN, SupportPolicy.Kind.SUBSIDY)

    case = models.ForeignKey(EntrepreneurCase, models.CASCADE, related_name="applications")
    policy = models.ForeignKey(
        SupportPolicy, models.PROTECT, related_name="applications", verbose_name=_("policy")
    )
    applied_on = models.DateField(_("applied on"))
    amount_applied = models.PositiveIntegerField(
        _("amount applied for (yuan)"),
        validators=[MinValueValidator(1, _("Give the amount applied for."))],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    amount_granted = models.PositiveIntegerField(_("amount granted (yuan)"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    internal_note = BoundedTextField(_("internal note"), max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-applied_on", "-pk"]
        verbose_name = _("loan or subsidy application")
        verbose_name_plural = _("loan and subsidy applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="granted", amount_granted__gt=0, decided_on__isnull=False)
                | Q(status="refused", amount_granted__isnull=True, decided_on__isnull=False)
                | Q(status="applied", amount_granted__isnull=True, decided_on__isnull=True),
                name="support_application_outcome_complete",
            ),
        ]

    def __str__(self):
        return f"{self.policy} · {self.applied_on}"

    def clean(self):
        if self.applied_on and self.applied_on > timezone.localdate():
            raise ValidationError({"applied_on": _("Record it once it has been made.")})
        if self.policy_id and self.policy.kind not in self.KINDS:
            raise ValidationError({"policy": _("Choose a loan or a subsidy.")})

    def grant(self, *, amount: int, on) -> None:
        self._move(self.Status.GRANTED)
        self.amount_granted, self.decided_on = amount, on

    def refuse(self, *, on) -> None:
        self._move(self.Status.REFUSED)
        self.decided_on = on


class Incubation(models.Model):
    """The start-up's stay at an entrepreneurship base or incubator."""

    case = models.ForeignKey(EntrepreneurCase, models.CASCADE, related_name="incubations")
    base = models.ForeignKey(
        SupportBase, models.PROTECT, related_name="incubations", verbose_name=_("base")
    )
    started_on = models.DateField(_("moved in on"))
    ended_on = models.DateField(_("moved out on"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("incubation")
        verbose_name_plural = _("incubations")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="incubation_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.base} · {self.started_on}"

    def clean(self):
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The stay cannot end before it began.")})


class CaseFollowUp(Workflow, models.Model):
    """Where the business stands 6 and 12 months after the case was opened."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        DUE = "due", _("Due")
        DONE = "done", _("Recorded")

    class Outcome(models.TextChoices):
        TRADING = "trading", _("Still trading")
        CLOSED = "closed", _("Closed")
        UNREACHABLE = "unreachable", _("Unreachable")

    TRANSITIONS = {
        Status.SCHEDULED: {Status.DUE, Status.DONE},
        Status.DUE: {Status.DONE},
    }

    case = models.ForeignKey(EntrepreneurCase, models.CASCADE, related_name="follow_ups")
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
    employees = models.PositiveIntegerField(_("employees now"), null=True, blank=True)
    note = BoundedTextField(_("note"), max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("entrepreneur follow-up")
        verbose_name_plural = _("entrepreneur follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["case", "month"], name="case_follow_up_once"),
            models.CheckConstraint(
                condition=Q(month__in=[6, 12]), name="case_follow_up_month_known"
            ),
            models.CheckConstraint(
                condition=Q(status="done", outcome__gt="") | (~Q(status="done") & Q(outcome="")),
                name="case_follow_up_outcome_iff_done",
            ),
        ]

    def __str__(self):
        return f"{self.case} · {self.month}"

    @classmethod
    def schedule(cls, case: EntrepreneurCase) -> list["CaseFollowUp"]:
        return [
            cls(case=case, month=month, due_on=case.opened_on + relativedelta(months=month))
            for month in EntrepreneurCase.FOLLOW_UP_MONTHS
        ]

    def mark_due(self) -> None:
        self._move(self.Status.DUE)

    def record(self, *, outcome: str, employees, note: str, recorder) -> None:
        self._move(self.Status.DONE)
        self.outcome, self.employees, self.note = outcome, employees, note
        self.recorded_by, self.recorded_at = recorder, timezone.now()
