"""Veterans' start-ups and the support the bureaus keep around them.

A start-up is declared by its veteran founder and confirmed by the bureau of its region. On
confirmation it is also an Enterprise (approved, no agreement) with a branch in its region,
so it registers staff and posts jobs through the enterprises' and jobs' own machinery; its
posts count against no agreement because it has none. That link is why start-ups live in
an app of their own above jobs: veterans and enterprises are independent layers
(pyproject.toml), and a start-up is both.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import validate_credit_code
from portal.reviewed import Reviewed
from portal.text import BoundedTextField, NameField
from portal.workflow import Workflow


class StartUpQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=StartUp.Status.CONFIRMED)


class StartUp(Workflow, Reviewed):
    """A business a veteran founded or co-founded, as declared and as the bureau confirmed."""

    class Stage(models.TextChoices):
        STARTING = "starting", _("Just started")
        GROWING = "growing", _("Growing")
        ESTABLISHED = "established", _("Established")

    class Status(models.TextChoices):
        DECLARED = "declared", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Not confirmed")

    TRANSITIONS = {
        Status.DECLARED: {Status.CONFIRMED, Status.REJECTED},
        # Corrected and declared again; the earlier decision stays in the audit trail.
        Status.REJECTED: {Status.DECLARED},
    }

    founder = models.ForeignKey(
        "veterans.VeteranProfile",
        models.PROTECT,
        related_name="startups",
        verbose_name=_("founder"),
    )
    co_founded = models.BooleanField(_("co-founded with others"), default=False)
    name = NameField(_("name"), max_length=128)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": _("A start-up with this credit code is already declared.")},
    )
    founded_on = models.DateField(_("founded on"))
    industry = models.ForeignKey(
        "reference.Industry", models.PROTECT, related_name="+", verbose_name=_("industry")
    )
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("registered in")
    )
    address = NameField(_("address"), max_length=255)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    employees = models.PositiveIntegerField(_("employees"))
    veteran_employees = models.PositiveIntegerField(_("of whom veterans"))
    description = BoundedTextField(_("what it does"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.DECLARED,
        db_index=True,
    )
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now, db_index=True)
    # Set on confirmation: the enterprise through which it registers staff and posts jobs.
    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="startup",
        verbose_name=_("enterprise"),
    )

    objects = StartUpQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("veteran's start-up")
        verbose_name_plural = _("veterans' start-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(veteran_employees__lte=models.F("employees")),
                name="startup_veterans_within_employees",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="startup_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(enterprise__isnull=False),
                name="startup_confirmed_has_enterprise",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.founded_on and self.founded_on > timezone.localdate():
            errors["founded_on"] = _("The founding date cannot be in the future.")
        if (
            self.employees is not None
            and self.veteran_employees is not None
            and self.veteran_employees > self.employees
        ):
            errors["veteran_employees"] = _("The veterans cannot outnumber the employees.")
        if errors:
            raise ValidationError(errors)

    def confirm(self, *, reviewer, enterprise) -> None:
        self._move(self.Status.CONFIRMED)
        self.enterprise = enterprise
        self._decided(reviewer)

    def reject(self, *, reviewer, reason: str) -> None:
        self._move(self.Status.REJECTED)
        self._decided(reviewer, reason)

    def resubmit(self) -> None:
        self._move(self.Status.DECLARED)
        self._undecided()
        self.declared_at = timezone.now()


class CatalogueQuerySet(models.QuerySet):
    def current(self):
        """What veterans see: not retired by the bureau."""
        return self.filter(retired_at__isnull=True)


class SupportBase(models.Model):
    """An entrepreneurship base or incubator a bureau lists for its region. Retired rather
    than deleted: a case record's incubation still names it."""

    class Kind(models.TextChoices):
        BASE = "base", _("Entrepreneurship base")
        INCUBATOR = "incubator", _("Incubator")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = NameField(_("name"), max_length=128)
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    address = NameField(_("address"), max_length=255)
    capacity = models.PositiveIntegerField(
        _("places for start-ups"),
        validators=[MinValueValidator(1, _("A base has room for at least one start-up."))],
    )
    offers = BoundedTextField(_("what it offers"), max_length=2000)
    contact_name = NameField(_("contact person"), max_length=64)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("entrepreneurship base")
        verbose_name_plural = _("entrepreneurship bases")

    def __str__(self):
        return self.name


class SupportPolicy(models.Model):
    """A support policy of a region: a loan, a subsidy, tax or rent relief. Who qualifies is
    said twice: in words for people (``conditions``) and as rules a program checks
    (``EligibilityRule``, evaluated by startups/eligibility.py). Retired rather than
    deleted: the applications made under it still name it."""

    class Kind(models.TextChoices):
        LOAN = "loan", _("Guaranteed start-up loan")
        SUBSIDY = "subsidy", _("Start-up subsidy")
        TAX = "tax", _("Tax relief")
        RENT = "rent", _("Rent relief")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = NameField(_("title"), max_length=128)
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    summary = BoundedTextField(_("what it gives"), max_length=1000)
    conditions = BoundedTextField(_("conditions"), max_length=2000)
    how_to_apply = BoundedTextField(_("how to apply"), max_length=2000)
    document = models.FileField(_("document"), upload_to="policies/", blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["region", "kind", "title"]
        verbose_name = _("support policy")
        verbose_name_plural = _("support policies")

    def __str__(self):
        return self.title


class EligibilityRule(models.Model):
    """One machine-checkable condition of a policy: a kind and, for some kinds, a number."""

    class Kind(models.TextChoices):
        DISCHARGED_WITHIN_YEARS = "discharged_within_years", _("Discharged within N years")
        HOME_IN_REGION = "home_in_region", _("Lives in the policy's region")
        REGISTERED_IN_REGION = "registered_in_region", _("Start-up registered in the region")
        FOUNDED_WITHIN_YEARS = "founded_within_years", _("Start-up founded within N years")
        EMPLOYEES_AT_LEAST = "employees_at_least", _("Start-up employs at least N people")
        VETERAN_EMPLOYEES_AT_LEAST = (
            "veteran_employees_at_least",
            _("Start-up employs at least N veterans"),
        )

    # The kinds that need a number N.
    COUNTED = {
        Kind.DISCHARGED_WITHIN_YEARS,
        Kind.FOUNDED_WITHIN_YEARS,
        Kind.EMPLOYEES_AT_LEAST,
        Kind.VETERAN_EMPLOYEES_AT_LEAST,
    }

    policy = models.ForeignKey(SupportPolicy, models.CASCADE, related_name="rules")
    kind = models.CharField(_("rule"), max_length=32, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("N"), null=True, blank=True)

    class Meta:
        ordering = ["policy", "pk"]
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        constraints = [
            models.UniqueConstraint(fields=["policy", "kind"], name="eligibility_rule_once"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "discharged_within_years",
                        "founded_within_years",
                        "employees_at_least",
                        "veteran_employees_at_least",
                    ],
                    number__isnull=False,
                )
                | Q(kind__in=["home_in_region", "registered_in_region"], number__isnull=True),
                name="eligibility_rule_number_iff_counted",
            ),
        ]

    def __str__(self):
        label = self.get_kind_display()
        return label.replace("N", str(self.number)) if self.number is not None else label


class Mentor(models.Model):
    """An experienced veteran entrepreneur who volunteers to mentor others."""

    profile = models.OneToOneField(
        "veterans.VeteranProfile", models.CASCADE, related_name="mentor", verbose_name=_("veteran")
    )
    industry = models.ForeignKey(
        "reference.Industry", models.PROTECT, related_name="+", verbose_name=_("industry")
    )
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("city")
    )
    capacity = models.PositiveSmallIntegerField(
        _("mentees you can take"),
        validators=[MinValueValidator(1, _("A mentor takes at least one mentee."))],
    )
    experience = BoundedTextField(_("experience"), max_length=1000)
    active = models.BooleanField(_("taking mentees"), default=True)

    class Meta:
        ordering = ["region", "pk"]
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="mentor_has_capacity"),
        ]

    def __str__(self):
        return self.profile.full_name


class MentorRequest(Workflow, models.Model):
    """A veteran asks for a mentor; the bureau of the region pairs them with one."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a mentor")
        PAIRED = "paired", _("Paired")

    TRANSITIONS = {Status.OPEN: {Status.PAIRED}}

    veteran = models.ForeignKey(
        "veterans.VeteranProfile", models.CASCADE, related_name="mentor_requests"
    )
    industry = models.ForeignKey(
        "reference.Industry", models.PROTECT, related_name="+", verbose_name=_("industry")
    )
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("city")
    )
    need = BoundedTextField(_("what you would like help with"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("mentor request")
        verbose_name_plural = _("mentor requests")
        constraints = [
            models.UniqueConstraint(
                fields=["veteran"], condition=Q(status="open"), name="mentor_request_one_open"
            ),
        ]

    def __str__(self):
        return f"{self.veteran} · {self.industry}"

    def mark_paired(self) -> None:
        self._move(self.Status.PAIRED)


class MentorPair(models.Model):
    request = models.OneToOneField(MentorRequest, models.PROTECT, related_name="pair")
    mentor = models.ForeignKey(Mentor, models.PROTECT, related_name="pairs")
    paired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("paired at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("mentor pair")
        verbose_name_plural = _("mentor pairs")

    def __str__(self):
        return f"{self.mentor} → {self.request.veteran}"


class MentorSession(models.Model):
    """A session of a pair, recorded briefly by the mentor or the mentee."""

    pair = models.ForeignKey(MentorPair, models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"))
    note = BoundedTextField(_("what was discussed"), max_length=1000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")

    def __str__(self):
        return f"{self.pair} · {self.held_on}"

    def clean(self):
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("A session is recorded once it was held.")})
