import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.db.models.lookups import StartsWith
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from portal.accounts import crypto
from portal.accounts.privacy import mask_phone, mask_resident_id
from portal.storage import PrivateFileSystemStorage, get_private_storage
from portal.text import NameField
from portal.workflow import Workflow
from veterans.fields import EncryptedTextField
from veterans.resident_id import birth_date, normalise_resident_id, validate_resident_id

RESIDENT_ID_PURPOSE = "veterans.resident_id"
# 18 characters and room for the spaces or dashes people put between groups of digits.
RESIDENT_ID_TYPED_MAX_LENGTH = 24


class _SealedColumn:
    """A column of COPY rows computed a chunk at a time (len and slices only), so a million
    tokens never sit in memory together."""

    def __init__(self, values: list[str], seal):
        self.values, self.seal = values, seal

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, rows: slice) -> list[str]:
        return self.seal(self.values[rows])


def resident_id_columns(values: list[str]) -> dict[str, _SealedColumn]:
    """The stored columns for many resident IDs: what loaders that COPY rows (seed_demo,
    the matching benchmark) write instead of the numbers themselves, normalised as the
    field would (resident_id.py)."""

    def encrypt(part):
        return crypto.encrypt_many(map(normalise_resident_id, part), purpose=RESIDENT_ID_PURPOSE)

    def digest(part):
        return crypto.digest_many(map(normalise_resident_id, part))

    return {
        "resident_id": _SealedColumn(values, encrypt),
        "resident_id_hash": _SealedColumn(values, digest),
    }


class Education(models.IntegerChoices):
    """Ordered, so a post's minimum education compares with a veteran's."""

    JUNIOR_MIDDLE = 1, _("Junior middle school")
    SENIOR_MIDDLE = 2, _("Senior middle or vocational school")
    JUNIOR_COLLEGE = 3, _("Junior college")
    BACHELOR = 4, _("Bachelor's degree")
    MASTER = 5, _("Master's degree")
    DOCTORATE = 6, _("Doctorate")


class VeteranProfile(models.Model):
    class ServiceBranch(models.TextChoices):
        ARMY = "army", _("Army")
        NAVY = "navy", _("Navy")
        AIR_FORCE = "air_force", _("Air Force")
        ROCKET_FORCE = "rocket_force", _("Rocket Force")
        AEROSPACE = "aerospace", _("Aerospace Force")
        JOINT_LOGISTICS = "joint_logistics", _("Joint Logistic Support Force")
        ARMED_POLICE = "armed_police", _("People's Armed Police")

    class RankCategory(models.TextChoices):
        CONSCRIPT = "conscript", _("Conscript")
        NCO = "nco", _("Non-commissioned officer")
        OFFICER = "officer", _("Officer")

    class SeekingStatus(models.TextChoices):
        SEEKING = "seeking", _("Looking for work")
        EMPLOYED = "employed", _("Employed")
        NOT_SEEKING = "not_seeking", _("Not looking")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="veteran_profile"
    )
    full_name = NameField(_("full name"), max_length=64)
    # Encrypted at rest; the digest keeps it unique and findable (veterans/fields.py). The
    # digest is declared first: assigning resident_id (also in __init__) sets it.
    resident_id_hash = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        error_messages={"unique": _("A profile with this resident ID number already exists.")},
    )
    resident_id = EncryptedTextField(
        _("resident ID number"),
        validators=[validate_resident_id],
        normalise=normalise_resident_id,
        digest_field="resident_id_hash",
        purpose=RESIDENT_ID_PURPOSE,
        form_max_length=RESIDENT_ID_TYPED_MAX_LENGTH,
    )
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    home_region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("home region")
    )
    service_branch = models.CharField(
        _("service branch"), max_length=16, choices=ServiceBranch.choices, blank=True
    )
    rank_category = models.CharField(
        _("rank category"), max_length=16, choices=RankCategory.choices, blank=True
    )
    years_of_service = models.PositiveSmallIntegerField(
        _("years of service"), null=True, blank=True
    )
    discharge_date = models.DateField(_("discharge date"), null=True, blank=True)
    military_specialty = models.ForeignKey(
        "reference.MilitarySpecialty",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("military specialty"),
    )
    education = models.PositiveSmallIntegerField(
        _("education"), choices=Education.choices, default=Education.SENIOR_MIDDLE
    )
    skills = models.ManyToManyField(
        "reference.Skill", through="VeteranSkill", blank=True, related_name="+"
    )
    preferred_regions = models.ManyToManyField(
        "reference.Region", blank=True, related_name="+", verbose_name=_("preferred regions")
    )
    preferred_industries = models.ManyToManyField(
        "reference.Industry", blank=True, related_name="+", verbose_name=_("preferred industries")
    )
    desired_salary = models.PositiveIntegerField(
        _("desired monthly salary (yuan)"), null=True, blank=True
    )
    willing_to_relocate = models.BooleanField(_("willing to relocate"), default=False)
    seeking_status = models.CharField(
        _("job-seeking status"),
        max_length=16,
        choices=SeekingStatus.choices,
        default=SeekingStatus.SEEKING,
        db_index=True,
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("veteran profile")
        verbose_name_plural = _("veteran profiles")
        indexes = [
            # A city's dashboard counts the veterans looking for work in each district
            # from this index alone (dashboards.selectors.districts_live).
            models.Index(
                fields=["home_region", "seeking_status"], name="veteran_region_seeking_idx"
            ),
        ]
        constraints = [
            # Nothing but an encrypted token and a digest reaches the table (#8).
            models.CheckConstraint(
                condition=StartsWith(Cast("resident_id", models.TextField()), "v1$"),
                name="resident_id_encrypted",
            ),
            models.CheckConstraint(
                condition=Q(resident_id_hash__regex=r"^[A-Za-z0-9_-]{43}$"),
                name="resident_id_hash_format",
            ),
            models.CheckConstraint(
                condition=Q(years_of_service__isnull=True) | Q(years_of_service__lte=45),
                name="years_of_service_plausible",
            ),
        ]

    def __str__(self):
        return self.full_name

    def validate_unique(self, exclude=None):
        """A taken resident ID is reported on the field people type, not on its digest."""
        try:
            super().validate_unique(exclude)
        except ValidationError as error:
            errors = getattr(error, "error_dict", {})
            if "resident_id_hash" in errors:
                errors.setdefault("resident_id", []).extend(errors.pop("resident_id_hash"))
            raise

    @property
    def masked_resident_id(self) -> str:
        return mask_resident_id(self.resident_id)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @cached_property
    def birth_date(self) -> datetime.date:
        return birth_date(self.resident_id)

    @property
    def status_confirmed(self) -> bool:
        """Whether the bureau of the home region confirmed the veteran status (one query
        unless ``status_confirmation`` was joined: select_related caches its absence too)."""
        try:
            return self.status_confirmation is not None
        except StatusConfirmation.DoesNotExist:
            return False


class StatusConfirmation(models.Model):
    """The bureau of the veteran's home region confirmed that the person is a veteran: an
    officer checked the discharge certificate, or the bureau's register listed the resident
    ID. Once per profile (the row is the record and the audit's object); nothing undoes it."""

    class Method(models.TextChoices):
        CERTIFICATE = "certificate", _("Discharge certificate checked by an officer")
        REGISTER = "register", _("Listed in the bureau's register")

    profile = models.OneToOneField(
        VeteranProfile, models.CASCADE, related_name="status_confirmation"
    )
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    certificate_number = models.CharField(_("discharge certificate number"), max_length=32)
    certificate_date = models.DateField(_("discharge certificate date"))
    # The bureau that confirmed (the officer's region, which contains the home region).
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    register_file = models.CharField(_("register file"), max_length=128, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("veteran status confirmation")
        verbose_name_plural = _("veteran status confirmations")

    def __str__(self):
        return f"{self.profile} · {self.get_method_display()}"


class VeteranSkill(models.Model):
    class Source(models.TextChoices):
        DECLARED = "declared", _("Declared by the veteran")
        SPECIALTY = "specialty", _("From the military specialty")
        TRAINING = "training", _("From completed training")

    veteran = models.ForeignKey(VeteranProfile, models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey("reference.Skill", models.PROTECT, related_name="+")
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.DECLARED
    )
    verified = models.BooleanField(_("verified"), default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["veteran", "skill"], name="veteran_skill_unique"),
        ]

    def __str__(self):
        return f"{self.veteran} · {self.skill}"


# Named by migration 0001; the field now takes the "private" entry of STORAGES.
PrivateStorage = PrivateFileSystemStorage


def resume_path(resume, filename: str) -> str:
    # The stored name never reuses the uploaded one; original_name keeps it for display.
    return f"resumes/{resume.veteran_id}/{timezone.now():%Y%m%d%H%M%S%f}.pdf"


class Resume(models.Model):
    MAX_BYTES = 5 * 1024 * 1024

    veteran = models.ForeignKey(VeteranProfile, models.CASCADE, related_name="resumes")
    file = models.FileField(_("file"), upload_to=resume_path, storage=get_private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("resume")
        verbose_name_plural = _("resumes")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0) & Q(size__lte=5 * 1024 * 1024), name="resume_size_limit"
            ),
        ]

    def __str__(self):
        return self.original_name


class Consent(models.Model):
    """A recorded, withdrawable consent; at most one live consent per user and purpose."""

    class Purpose(models.TextChoices):
        SENSITIVE_DATA = "sensitive_data", _("Processing of my sensitive personal data")
        DISCOVERABLE = "discoverable", _("Enterprises may find my profile in candidate lists")
        REFERRAL = "referral", _("The veterans-affairs bureau may recommend me to enterprises")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    version = models.CharField(_("text version"), max_length=16)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_live_consent_per_purpose",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_purpose_display()}"


class TrainingInstitution(models.Model):
    name = NameField(_("name"), max_length=128)
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    address = NameField(_("address"), max_length=255)
    contact_name = NameField(_("contact person"), max_length=64)
    contact_phone = models.CharField(_("contact phone"), max_length=20)

    class Meta:
        ordering = ["name"]
        verbose_name = _("training institution")
        verbose_name_plural = _("training institutions")

    def __str__(self):
        return self.name


class InstitutionMember(models.Model):
    """A staff account of a training institution, invited by the bureau of its region: it
    proposes programmes and keeps the rolls of its own (jobs/training/policies.py)."""

    institution = models.ForeignKey(
        TrainingInstitution, models.PROTECT, related_name="members", verbose_name=_("institution")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="institution_membership"
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        ordering = ["joined_at"]
        verbose_name = _("institution staff member")
        verbose_name_plural = _("institution staff members")

    def __str__(self):
        return f"{self.user} · {self.institution}"


class TrainingProgramme(Workflow, models.Model):
    class Kind(models.TextChoices):
        VOCATIONAL = "vocational", _("Vocational skills")
        ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship training")

    class Status(models.TextChoices):
        """A programme the bureau creates is approved at once; one its institution proposes
        waits for the bureau of its region (training_programme_approve / _reject)."""

        PENDING = "pending", _("Waiting for the bureau's approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    TRANSITIONS = {
        Status.PENDING: {Status.APPROVED, Status.REJECTED},
        Status.REJECTED: {Status.PENDING},
    }

    institution = models.ForeignKey(
        TrainingInstitution,
        models.PROTECT,
        related_name="programmes",
        verbose_name=_("institution"),
    )
    title = NameField(_("title"), max_length=128)
    # Entrepreneurship training (issue #21) is listed to veterans thinking of a business;
    # enrolment, roll and completion are the same. The database default keeps rows loaded
    # with COPY (the demo) vocational.
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=Kind.choices,
        default=Kind.VOCATIONAL,
        db_default=Kind.VOCATIONAL,
        db_index=True,
    )
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    skills = models.ManyToManyField(
        "reference.Skill", related_name="programmes", verbose_name=_("skills taught")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    seats = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1, _("A programme has at least one seat."))]
    )
    place = NameField(_("place"), max_length=255)
    cost = models.DecimalField(
        _("cost to the veteran (yuan)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0, _("The cost cannot be negative."))],
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The database default keeps rows loaded with COPY (the demo) and the bureau's own approved.
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.APPROVED,
        db_default=Status.APPROVED,
        db_index=True,
    )
    decision_reason = models.TextField(_("reason"), blank=True, default="", db_default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        constraints = [
            models.CheckConstraint(condition=Q(seats__gt=0), name="programme_has_seats"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="programme_dates_ordered"
            ),
            models.CheckConstraint(condition=Q(cost__gte=0), name="programme_cost_not_negative"),
        ]

    def __str__(self):
        return self.title

    def approve(self, *, reviewer) -> None:
        self._move(self.Status.APPROVED)
        self.decision_reason, self.reviewed_by, self.reviewed_at = "", reviewer, timezone.now()

    def reject(self, *, reviewer, reason: str) -> None:
        self._move(self.Status.REJECTED)
        self.decision_reason, self.reviewed_by, self.reviewed_at = reason, reviewer, timezone.now()

    def resubmit(self) -> None:
        self._move(self.Status.PENDING)

    def clean(self):
        # Said at the field, before the database's constraint (full_clean then skips it).
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The programme cannot end before it starts.")})


class Enrolment(Workflow, models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        ATTENDING = "attending", _("Attending")
        COMPLETED = "completed", _("Completed")
        DROPPED = "dropped", _("Did not complete")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    TRANSITIONS = {
        Status.ENROLLED: {Status.ATTENDING, Status.WITHDRAWN, Status.DROPPED},
        Status.ATTENDING: {Status.COMPLETED, Status.DROPPED, Status.WITHDRAWN},
    }
    # Statuses that hold a seat.
    SEATED = (Status.ENROLLED, Status.ATTENDING, Status.COMPLETED)

    programme = models.ForeignKey(TrainingProgramme, models.PROTECT, related_name="enrolments")
    veteran = models.ForeignKey(VeteranProfile, models.CASCADE, related_name="enrolments")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ENROLLED, db_index=True
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["programme", "veteran"], name="enrolment_unique"),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="completed_enrolment_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.veteran} → {self.programme}"

    def start(self) -> None:
        self._move(self.Status.ATTENDING)

    def complete(self, *, on: datetime.date) -> None:
        self._move(self.Status.COMPLETED)
        self.completed_on = on

    def drop(self) -> None:
        self._move(self.Status.DROPPED)

    def withdraw(self) -> None:
        self._move(self.Status.WITHDRAWN)


class ServiceStationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired_at__isnull=True)

    def nearest_to(self, region) -> "ServiceStation | None":
        """The active station of ``region``, or else of the city or province above it: the
        one a veteran living there turns to (one query)."""
        if region is None:
            return None
        codes = region.codes_above
        stations = (
            self.active().filter(region_id__in=codes).select_related("region__parent__parent")
        )
        # The nearest region first; in it a centre before the stations of its streets (which
        # street the veteran lives in is not known), then by name.
        found = sorted(
            stations,
            key=lambda s: (codes.index(s.region_id), s.kind != self.model.Kind.CENTRE, s.name),
        )
        return found[0] if found else None


class ServiceStation(models.Model):
    """A veterans' service centre (a province's, city's or district's) or a service station
    (of a township or community), kept by the bureau of its region; retired, not deleted,
    when it closes, so links and the trail keep it."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("Veterans service centre")
        STATION = "station", _("Veterans service station")

    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CENTRE)
    name = NameField(_("name"), max_length=128)
    address = NameField(_("address"), max_length=255)
    phone = models.CharField(
        _("phone"),
        max_length=32,
        validators=[
            RegexValidator(
                r"^[0-9][0-9 ()\-,，/]{5,30}$",
                _("Enter a phone number of digits, spaces and hyphens (0755-12345678)."),
            )
        ],
    )
    hours = NameField(_("opening hours"), max_length=128)
    services = models.TextField(_("services"), max_length=2000, help_text=_("One service a line."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    objects = ServiceStationQuerySet.as_manager()

    class Meta:
        ordering = ["region", "kind", "name"]
        verbose_name = _("service station")
        verbose_name_plural = _("service stations")
        indexes = [models.Index(fields=["region", "retired_at"], name="station_region_active")]

    def __str__(self):
        return self.name

    @property
    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]
