import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext_lazy
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


def batch_name(number: int, name: str) -> str:
    """A batch's name in the active language (see CooperationBatch.local_name)."""
    if (get_language() or "zh").startswith("zh"):
        return name
    return gettext("Batch %(number)s of cooperative enterprises") % {"number": number}


class CooperationBatchQuerySet(models.QuerySet):
    def released(self, today=None):
        """Batches announced to the public by ``today`` (the local date)."""
        return self.filter(released_on__lte=today or timezone.localdate())


class CooperationBatch(models.Model):
    """A published batch of cooperation agreements (第三批: 60 enterprises, 124,000 posts)."""

    number = models.PositiveSmallIntegerField(_("batch number"), unique=True)
    name = NameField(_("name"), max_length=128)
    published_on = models.DateField(_("published on"))
    # The public announcement: from this day on the batch, its enterprises and their
    # pledges are on the public pages; before it (or with none) the public is told nothing.
    released_on = models.DateField(
        _("released to the public on"),
        null=True,
        blank=True,
        help_text=_("From this day on anyone may see the batch and its enterprises."),
    )
    description = BoundedTextField(_("description"), max_length=2000, blank=True)

    objects = CooperationBatchQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("cooperation batch")
        verbose_name_plural = _("cooperation batches")

    def __str__(self):
        return self.name

    @property
    def local_name(self) -> str:
        """The ministry's name of the batch in Chinese pages (第三批退役军人就业合作企业);
        in English ones, by its number (Batch 3 of cooperative enterprises)."""
        return batch_name(self.number, self.name)

    def is_released(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.released_on is not None and self.released_on <= today


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

    def in_force(self, today):
        """Signed or active and within the term on ``today``: the one test of an agreement
        in force for what it promises veterans (a training agreement's interview
        guarantees are made, given and lapse by it). An agreement past its term counts as
        over even before the daily task marks it expired."""
        return self.filter(status__in=Agreement.IN_FORCE, ends_on__gte=today)


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
    IN_FORCE = (Status.SIGNED, Status.ACTIVE)

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
    # Regional cooperation: the posts under the agreement are aimed at veterans whose home
    # is in these provinces (GB/T 2260 province codes); empty for every other mode.
    target_provinces = ArrayField(
        models.CharField(max_length=6),
        verbose_name=_("target provinces"),
        default=list,
        blank=True,
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

    def aims_at(self, home_region_code: str | None) -> bool:
        """Whether the agreement's posts are aimed at a veteran whose home is there."""
        return bool(home_region_code) and home_region_code[:2] + "0000" in self.target_provinces

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


# Invitations and screening (issue 19) --------------------------------------------------


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class EnterpriseInvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=EnterpriseInvitation.Status.SENT)

    def past_expiry(self, now):
        """Sent invitations whose link stopped working: the daily task marks them expired."""
        return self.open().filter(expires_at__lt=now)

    def due_reminder(self, now, before):
        """Sent, not yet reminded, and their link ends within ``before`` of ``now``."""
        return self.open().filter(
            reminded_at__isnull=True, expires_at__gte=now, expires_at__lt=now + before
        )


class EnterpriseInvitation(Workflow, models.Model):
    """An enterprise asked to join the programme: an e-mail with a registration link that
    works until ``expires_at``. The ministry invites for agreements it signs, a provincial
    or city bureau for those signed at its level (``signatory_level`` and ``region``)."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        REGISTERED = "registered", _("Registered")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    TRANSITIONS = {
        Status.SENT: {Status.REGISTERED, Status.DECLINED, Status.EXPIRED},
        # Sent again with a new link: the old link stops working.
        Status.EXPIRED: {Status.SENT},
    }

    name = NameField(_("enterprise name"), max_length=128)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, validators=[validate_credit_code]
    )
    contact_name = NameField(_("contact person"), max_length=64)
    email = models.EmailField(_("e-mail address"))
    signatory_level = models.CharField(
        _("signatory level"), max_length=16, choices=Agreement.SignatoryLevel.choices
    )
    region = optional_region(_("region"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SENT, db_index=True
    )
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    sends = models.PositiveSmallIntegerField(_("times sent"), default=1)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("link valid until"))
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = BoundedTextField(_("reason for declining"), max_length=NOTE_MAX, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("registered enterprise"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = EnterpriseInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("enterprise invitation")
        verbose_name_plural = _("enterprise invitations")
        constraints = [
            # One open invitation per enterprise and inviting authority.
            models.UniqueConstraint(
                fields=["credit_code", "signatory_level", "region"],
                nulls_distinct=False,
                condition=Q(status="sent"),
                name="invitation_one_open_per_authority",
            ),
            models.CheckConstraint(
                condition=Q(signatory_level="ministry", region__isnull=True)
                | (~Q(signatory_level="ministry") & Q(region__isnull=False)),
                name="invitation_region_iff_bureau_invites",
            ),
            models.CheckConstraint(
                condition=~Q(status="registered") | Q(enterprise__isnull=False),
                name="invitation_registered_has_enterprise",
            ),
        ]

    def __str__(self):
        return self.name

    def link_works(self, now=None) -> bool:
        """The link registers or declines until the moment it expires, not after."""
        return self.status == self.Status.SENT and (now or timezone.now()) <= self.expires_at

    def register(self, *, enterprise: "Enterprise") -> None:
        self._move(self.Status.REGISTERED)
        self.enterprise, self.answered_at = enterprise, timezone.now()

    def decline(self, *, reason: str) -> None:
        self._move(self.Status.DECLINED)
        self.decline_reason, self.answered_at = reason, timezone.now()

    def expire(self) -> None:
        self._move(self.Status.EXPIRED)

    def resend(self, *, expires_at) -> None:
        """A new link (the old one stops working) and a new term; a sent invitation stays
        sent, an expired one is sent again."""
        if self.status != self.Status.SENT:
            self._move(self.Status.SENT)
        self.token, self.sends = _invitation_token(), self.sends + 1
        self.sent_at, self.expires_at, self.reminded_at = timezone.now(), expires_at, None


class InvitationUpload(models.Model):
    """A list of enterprises to invite (XLSX or CSV, enterprises.invitations), checked row
    by row: either every row is right and each became an invitation, or nothing was sent
    and the report lists each error's row, column, message and hint."""

    class Status(models.TextChoices):
        INVALID = "invalid", _("Errors found: nothing was sent")
        DONE = "done", _("Invitations sent")

    filename = models.CharField(_("file"), max_length=255)
    signatory_level = models.CharField(
        _("signatory level"), max_length=16, choices=Agreement.SignatoryLevel.choices
    )
    region = optional_region(_("region"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # The first 200 errors: [{row, column, message, hint}], in the uploader's language.
    errors = models.JSONField(default=list, blank=True)
    invitations_sent = models.PositiveIntegerField(_("invitations sent"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation list upload")
        verbose_name_plural = _("invitation list uploads")

    def __str__(self):
        return self.filename


class Prospect(Workflow, models.Model):
    """An enterprise that wants to sign, screened by the authority that would sign with it
    on the published criteria (enterprises.screening.CRITERIA) until it decides: sign in a
    batch (a draft agreement with the prospect's figures) or not now, with a reason."""

    class Status(models.TextChoices):
        SCREENING = "screening", _("Being screened")
        SELECTED = "selected", _("To sign")
        DEFERRED = "deferred", _("Not to sign for now")

    TRANSITIONS = {
        Status.SCREENING: {Status.SELECTED, Status.DEFERRED},
    }

    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="prospects", verbose_name=_("enterprise")
    )
    invitation = models.ForeignKey(
        EnterpriseInvitation,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitation"),
    )
    signatory_level = models.CharField(
        _("signatory level"), max_length=16, choices=Agreement.SignatoryLevel.choices
    )
    region = optional_region(_("region"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.SCREENING,
        db_index=True,
    )
    # Entered by the reviewer (0 to 5), each with the note that justifies it.
    overall_strength = models.PositiveSmallIntegerField(
        _("overall strength"), null=True, blank=True
    )
    strength_note = BoundedTextField(_("note on overall strength"), max_length=NOTE_MAX, blank=True)
    industry_influence = models.PositiveSmallIntegerField(
        _("industry influence"), null=True, blank=True
    )
    influence_note = BoundedTextField(
        _("note on industry influence"), max_length=NOTE_MAX, blank=True
    )
    # Computed from the portal's data (enterprises.screening.prospect_figures), kept as they
    # were when last computed so the decision's record keeps the figures it was made on.
    branch_provinces = models.PositiveSmallIntegerField(_("provinces with branches"), default=0)
    pay_ratio = models.DecimalField(
        _("pay against the regional median"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    full_time_share = models.DecimalField(
        _("share full-time"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    verified_share = models.DecimalField(
        _("verified share"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    figures_at = models.DateTimeField(_("figures computed at"), null=True, blank=True)
    # What the consultations arrived at: the draft agreement's figures.
    proposed_posts = models.PositiveIntegerField(_("posts proposed"), null=True, blank=True)
    cooperation_mode = models.CharField(
        _("cooperation mode"), max_length=16, choices=Agreement.CooperationMode.choices, blank=True
    )
    batch = models.ForeignKey(
        CooperationBatch,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("batch"),
    )
    agreement = models.OneToOneField(
        Agreement,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="prospect",
        verbose_name=_("draft agreement"),
    )
    decision_reason = BoundedTextField(_("reason"), max_length=NOTE_MAX, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("screening since"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "signatory_level", "region"],
                nulls_distinct=False,
                condition=Q(status="screening"),
                name="prospect_one_open_per_authority",
            ),
            models.CheckConstraint(
                condition=Q(signatory_level="ministry", region__isnull=True)
                | (~Q(signatory_level="ministry") & Q(region__isnull=False)),
                name="prospect_region_iff_bureau_screens",
            ),
            models.CheckConstraint(
                condition=Q(overall_strength__isnull=True) | Q(overall_strength__lte=5),
                name="prospect_strength_0_to_5",
            ),
            models.CheckConstraint(
                condition=Q(industry_influence__isnull=True) | Q(industry_influence__lte=5),
                name="prospect_influence_0_to_5",
            ),
            models.CheckConstraint(
                condition=Q(status="screening") | ~Q(decision_reason=""),
                name="prospect_decision_has_reason",
            ),
        ]

    def __str__(self):
        return str(self.enterprise)

    def select(self, *, batch, agreement, reviewer, reason: str) -> None:
        self._move(self.Status.SELECTED)
        self.batch, self.agreement = batch, agreement
        self.decision_reason, self.decided_by, self.decided_at = reason, reviewer, timezone.now()

    def defer(self, *, reviewer, reason: str) -> None:
        self._move(self.Status.DEFERRED)
        self.decision_reason, self.decided_by, self.decided_at = reason, reviewer, timezone.now()


class Consultation(models.Model):
    """A talk with a prospect: when, who took part, what came of it."""

    prospect = models.ForeignKey(
        Prospect, models.CASCADE, related_name="consultations", verbose_name=_("prospect")
    )
    held_on = models.DateField(_("date of the consultation"))
    participants = NameField(_("participants"), max_length=255)
    summary = BoundedTextField(_("summary"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return f"{self.prospect} · {self.held_on}"


def period_name(year: int, quarter: int | None) -> str:
    if quarter:
        return gettext("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}
    return gettext("Year %(year)s") % {"year": year}


class Commendation(Workflow, models.Model):
    """An enterprise on the commendation list or the warning list of a quarter or a year.

    The portal proposes each entry from the quarterly figures by the published criteria
    (dashboards/commendations.py); the ministry confirms or dismisses it with a note, and
    may add an enterprise the criteria missed. Confirmed commendations are public and lift
    the enterprise's posts in search and matching; warnings are seen by regulators only.
    """

    class Kind(models.TextChoices):
        COMMENDATION = "commendation", _("Commendation")
        WARNING = "warning", _("Warning")

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("commendation", "Proposed")
        CONFIRMED = "confirmed", pgettext_lazy("commendation", "Confirmed")
        DISMISSED = "dismissed", pgettext_lazy("commendation", "Taken off the list")

    TRANSITIONS = {
        Status.PROPOSED: {Status.CONFIRMED, Status.DISMISSED},
        # The ministry may reconsider with a new note, either way.
        Status.CONFIRMED: {Status.DISMISSED},
        Status.DISMISSED: {Status.CONFIRMED},
    }

    kind = models.CharField(_("list"), max_length=16, choices=Kind.choices)
    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="commendations", verbose_name=_("enterprise")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Empty for the list of the whole year.
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    period_ends_on = models.DateField(_("period ends on"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.PROPOSED,
        db_index=True,
    )
    # False for an enterprise the ministry added by hand.
    proposed_by_portal = models.BooleanField(_("proposed by the portal"), default=True)
    # The criteria's figures when it was proposed (dashboards.commendations.measure).
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    note = BoundedTextField(_("note"), max_length=NOTE_MAX, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "-quarter", "kind", "enterprise"]
        verbose_name = _("commendation or warning")
        verbose_name_plural = _("commendations and warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "enterprise", "year", "quarter"],
                nulls_distinct=False,
                name="commendation_once_per_list_and_period",
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="commendation_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(status="proposed") | ~Q(note=""),
                name="commendation_decision_has_note",
            ),
        ]
        indexes = [models.Index(fields=["kind", "status", "period_ends_on"])]

    def __str__(self):
        return f"{self.period_label} · {self.get_kind_display()} · {self.enterprise}"

    @property
    def period_label(self) -> str:
        """2026Q3, or 2026 for a year: as URLs and the API write a period."""
        return f"{self.year}Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def period_name(self) -> str:
        """The period as people read it, in the active language."""
        return period_name(self.year, self.quarter)

    def confirm(self, *, decider, note: str) -> None:
        self._move(self.Status.CONFIRMED)
        self.note, self.decided_by, self.decided_at = note, decider, timezone.now()

    def dismiss(self, *, decider, note: str) -> None:
        self._move(self.Status.DISMISSED)
        self.note, self.decided_by, self.decided_at = note, decider, timezone.now()
