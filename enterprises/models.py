from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from portal.reference.models import optional_region
from portal.reviewed import Reviewed
from portal.text import NOTE_MAX, BoundedTextField, NameField
from portal.workflow import InvalidTransition, Workflow


def validate_credit_code(value: str) -> None:
    """The 18-character unified social credit code (GB 32100-2015), checksum included.

    Only the compact upper-case form is valid: stdnum would also accept spaces and lower
    case, which would let one code be stored twice past the unique index.
    """
    if not value or uscc.compact(value) != value or not uscc.is_valid(value):
        raise ValidationError(
            _("%(value)s is not a valid unified social credit code."),
            code="invalid_credit_code",
            params={"value": value},
        )


class CooperationBatch(models.Model):
    """A published batch of cooperation agreements (第三批: 60 enterprises, 124,000 posts)."""

    number = models.PositiveSmallIntegerField(_("batch number"), unique=True)
    name = NameField(_("name"), max_length=128)
    published_on = models.DateField(_("published on"))
    description = BoundedTextField(_("description"), max_length=2000, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("cooperation batch")
        verbose_name_plural = _("cooperation batches")

    def __str__(self):
        return self.name


class EnterpriseQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Enterprise.Status.APPROVED)


class Enterprise(Workflow, Reviewed):
    class Ownership(models.TextChoices):
        CENTRAL_SOE = "central_soe", _("Centrally managed state-owned enterprise")
        LOCAL_SOE = "local_soe", _("Local state-owned enterprise")
        FINANCIAL = "financial", _("Financial institution")
        PRIVATE = "private", _("Private enterprise")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    TRANSITIONS = {
        Status.APPLIED: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.SUSPENDED},
        Status.SUSPENDED: {Status.APPROVED},
        # Corrected and sent again; the earlier decisions stay in its audit trail.
        Status.REJECTED: {Status.APPLIED},
    }

    name = NameField(_("name"), max_length=128)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    ownership = models.CharField(_("ownership"), max_length=16, choices=Ownership.choices)
    industry = models.ForeignKey(
        "reference.Industry", models.PROTECT, related_name="+", verbose_name=_("industry")
    )
    hq_region = models.ForeignKey(
        "reference.Region",
        models.PROTECT,
        related_name="+",
        verbose_name=_("headquarters region"),
    )
    description = BoundedTextField(_("description"), max_length=2000, blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.APPLIED,
        db_index=True,
    )
    created_at = models.DateTimeField(_("applied at"), default=timezone.now, db_index=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="enterprise_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def reviewed_by_ministry(self) -> bool:
        """Centrally managed SOEs are reviewed by the ministry, the rest by their HQ bureau."""
        return self.ownership == self.Ownership.CENTRAL_SOE

    def approve(self, *, reviewer) -> None:
        """Decides an application; a suspended enterprise comes back through reinstate()."""
        if self.status != self.Status.APPLIED:
            raise InvalidTransition(self, self.Status.APPROVED)
        self._move(self.Status.APPROVED)
        self._decided(reviewer)

    def reject(self, *, reviewer, reason: str) -> None:
        self._move(self.Status.REJECTED)
        self._decided(reviewer, reason)

    def suspend(self, *, reviewer, reason: str) -> None:
        self._move(self.Status.SUSPENDED)
        self._decided(reviewer, reason)

    def reinstate(self, *, reviewer) -> None:
        if self.status != self.Status.SUSPENDED:
            raise InvalidTransition(self, self.Status.APPROVED)
        self._move(self.Status.APPROVED)
        self._decided(reviewer)

    def resubmit(self) -> None:
        """A rejected application, corrected, goes back to its reviewer."""
        self._move(self.Status.APPLIED)
        self._undecided()
        self.created_at = timezone.now()  # the review queue's waiting time starts again


class EnterpriseMember(models.Model):
    """A staff account of an enterprise; a user works for one enterprise only."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        RECRUITER = "recruiter", _("Recruiter")

    enterprise = models.ForeignKey(Enterprise, models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="enterprise_membership"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.RECRUITER)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("enterprise member")
        verbose_name_plural = _("enterprise members")

    def __str__(self):
        return f"{self.user} @ {self.enterprise}"


class Branch(Workflow, Reviewed):
    """The enterprise's listing in a city, reviewed by that city's bureau."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    TRANSITIONS = {
        Status.PENDING: {Status.APPROVED, Status.REJECTED},
        Status.REJECTED: {Status.PENDING},
    }

    enterprise = models.ForeignKey(Enterprise, models.CASCADE, related_name="branches")
    name = NameField(_("name"), max_length=128)
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    address = NameField(_("address"), max_length=255)
    contact_name = NameField(_("contact person"), max_length=64)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["enterprise", "region"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "region", "name"], name="branch_unique_name_per_region"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="branch_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.name}"

    def approve(self, *, reviewer) -> None:
        self._move(self.Status.APPROVED)
        self._decided(reviewer)

    def reject(self, *, reviewer, reason: str) -> None:
        self._move(self.Status.REJECTED)
        self._decided(reviewer, reason)

    def resubmit(self) -> None:
        self._move(self.Status.PENDING)
        self._undecided()
        self.created_at = timezone.now()


class AgreementQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Agreement.Status.ACTIVE)

    def past_term(self, today):
        """Agreements in force whose term ended before ``today``: the daily task expires them."""
        return self.active().filter(ends_on__lt=today)


class Agreement(Workflow, models.Model):
    """An employment cooperation agreement: the enterprise pledges posts within a batch."""

    class SignatoryLevel(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        PROVINCE = "province", _("Provincial bureau")
        CITY = "city", _("City bureau")

    class CooperationMode(models.TextChoices):
        TRAINING = "training", _("Training cooperation")
        SERVICE = "service", _("Service management cooperation")
        INDUSTRY = "industry", _("Industry cooperation")
        REGIONAL = "regional", _("Regional cooperation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    TRANSITIONS = {
        Status.DRAFT: {Status.SIGNED, Status.TERMINATED},
        Status.SIGNED: {Status.ACTIVE, Status.TERMINATED},
        Status.ACTIVE: {Status.EXPIRED, Status.TERMINATED},
    }

    batch = models.ForeignKey(
        CooperationBatch, models.PROTECT, related_name="agreements", verbose_name=_("batch")
    )
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, related_name="agreements", verbose_name=_("enterprise")
    )
    signatory_level = models.CharField(
        _("signatory level"),
        max_length=16,
        choices=SignatoryLevel.choices,
        default=SignatoryLevel.MINISTRY,
    )
    # The signing bureau's region; empty when the ministry signs.
    region = optional_region(_("region"))
    cooperation_mode = models.CharField(
        _("cooperation mode"), max_length=16, choices=CooperationMode.choices
    )
    pledged_posts = models.PositiveIntegerField(_("pledged posts"))
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    termination_reason = BoundedTextField(_("termination reason"), max_length=NOTE_MAX, blank=True)
    # The agreement this one continues into a new term (agreement_renew).
    renewed_from = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("renewal of"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "enterprise"]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(pledged_posts__gt=0), name="agreement_pledges_posts"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="agreement_term_positive"
            ),
            models.CheckConstraint(
                condition=Q(signatory_level="ministry", region__isnull=True)
                | (~Q(signatory_level="ministry") & Q(region__isnull=False)),
                name="agreement_region_iff_bureau_signs",
            ),
            # One live agreement per batch and signatory: an expired one may be renewed.
            models.UniqueConstraint(
                fields=["batch", "enterprise", "signatory_level", "region"],
                nulls_distinct=False,
                condition=~Q(status__in=["expired", "terminated"]),
                name="agreement_unique_per_batch_signatory",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "terminated"]) | Q(signed_on__isnull=False),
                name="agreement_signed_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.batch} · {self.enterprise}"

    def sign(self, *, signed_on) -> None:
        self._move(self.Status.SIGNED)
        self.signed_on = signed_on

    def activate(self) -> None:
        self._move(self.Status.ACTIVE)

    def expire(self) -> None:
        self._move(self.Status.EXPIRED)

    def terminate(self, *, reason: str) -> None:
        self._move(self.Status.TERMINATED)
        self.termination_reason = reason
