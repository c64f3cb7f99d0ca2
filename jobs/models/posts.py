"""Job posts: the post itself, its verifications by a bureau and veterans' reports."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import formatting
from portal.storage import get_private_storage
from portal.text import NOTE_MAX, BoundedTextField, NameField
from portal.workflow import Conflict, InvalidTransition, Workflow
from veterans.models import Education

# Fields whose change on a published post sends it back to review (DESIGN.md §4).
MATERIAL_FIELDS = (
    "title",
    "description",
    "occupation",
    "salary_min",
    "salary_max",
    "min_education",
    "employment_type",
    "openings",
    "agreement",
    "branch",
)


# A sanity limit: the biggest recruitment goes in several posts (by branch or occupation), so
# that a slip of the keyboard (10000 for 100) does not swallow an agreement's whole pledge.
OPENINGS_MAX = 1000


class JobPostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=JobPost.Status.PUBLISHED)

    def with_openings(self):
        return self.filter(filled_count__lt=F("openings"))

    def open_to_applications(self, today=None):
        return self.filter(open_to_applications_q(today=today))


def open_to_applications_q(prefix: str = "", *, today=None) -> Q:
    """The posts the matching may recommend and list candidates for (Q on JobPost, or on a
    relation through `prefix`, e.g. "post__"): published, with openings left and the
    deadline not passed, of an approved (not suspended) enterprise and an approved branch,
    and, when the post counts against a cooperation agreement, one that has not expired or
    ended. Read by the nightly run and, at every page, by the current run's readers
    (jobs.matching.selectors), so a suspension takes the posts out at once."""
    today = today or timezone.localdate()
    p = prefix
    agreement_running = Q(**{f"{p}agreement__isnull": True}) | (
        Q(**{f"{p}agreement__ends_on__gte": today})
        & ~Q(**{f"{p}agreement__status__in": ["expired", "terminated"]})
    )
    return agreement_running & Q(
        **{
            f"{p}status": "published",
            f"{p}filled_count__lt": F(f"{p}openings"),
            f"{p}deadline__gte": today,
            f"{p}branch__status": "approved",
            f"{p}branch__enterprise__status": "approved",
        }
    )


class JobPost(Workflow, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")
        FILLED = "filled", _("Filled")
        EXPIRED = "expired", _("Expired")
        TAKEN_DOWN = "taken_down", _("Taken down")
        SUSPENDED = "suspended", _("On hold: enterprise suspended")

    TRANSITIONS = {
        Status.DRAFT: {Status.PENDING},
        Status.PENDING: {Status.PUBLISHED, Status.REJECTED},
        Status.REJECTED: {Status.PENDING},
        Status.PUBLISHED: {
            Status.CLOSED,
            Status.FILLED,
            Status.EXPIRED,
            Status.PENDING,
            Status.TAKEN_DOWN,
            Status.SUSPENDED,
        },
        # Held while the enterprise is suspended; its reinstatement brings the post back,
        # or expires it when its deadline passed in the meantime.
        Status.SUSPENDED: {Status.PUBLISHED, Status.EXPIRED},
    }

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", _("Full time")
        PART_TIME = "part_time", _("Part time")
        CONTRACT = "contract", _("Fixed-term contract")
        INTERNSHIP = "internship", _("Internship")

    branch = models.ForeignKey(
        "enterprises.Branch", models.PROTECT, related_name="posts", verbose_name=_("branch")
    )
    agreement = models.ForeignKey(
        "enterprises.Agreement",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("agreement"),
    )
    title = NameField(_("title"), max_length=128)
    description = BoundedTextField(_("description"), max_length=5000)
    occupation = models.ForeignKey(
        "reference.Occupation", models.PROTECT, related_name="+", verbose_name=_("occupation")
    )
    # Copied from the branch and enterprise at creation so search filters need no joins.
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    industry = models.ForeignKey(
        "reference.Industry", models.PROTECT, related_name="+", verbose_name=_("industry")
    )
    is_national = models.BooleanField(_("open to applicants nationwide"), default=False)
    employment_type = models.CharField(
        _("employment type"),
        max_length=16,
        choices=EmploymentType.choices,
        default=EmploymentType.FULL_TIME,
    )
    min_education = models.PositiveSmallIntegerField(
        _("minimum education"), choices=Education.choices, default=Education.JUNIOR_MIDDLE
    )
    salary_min = models.PositiveIntegerField(_("monthly salary from (yuan)"))
    salary_max = models.PositiveIntegerField(_("monthly salary to (yuan)"))
    openings = models.PositiveIntegerField(
        _("openings"),
        validators=[
            MinValueValidator(1, _("A post offers at least one opening.")),
            MaxValueValidator(
                OPENINGS_MAX,
                _(
                    "A post offers at most %(limit_value)s openings: put a bigger recruitment "
                    "in several posts, by branch or occupation."
                ),
            ),
        ],
    )
    filled_count = models.PositiveIntegerField(_("filled"), default=0)
    deadline = models.DateField(_("application deadline"))
    required_skills = models.ManyToManyField(
        "reference.Skill", blank=True, related_name="+", verbose_name=_("required skills")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # A closed, expired or filled post offered again (jobs.services.job_post_repost).
    reposted_from = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="reposts",
        verbose_name=_("reposted from"),
    )
    # The upload that created the post (jobs.bulk), if any.
    source_import = models.ForeignKey(
        "jobs.PostImport",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("uploaded in"),
    )
    decision_reason = BoundedTextField(_("reason"), max_length=NOTE_MAX, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Up to when the enterprise was told of this post's applications (one e-mail per post
    # per APPLICATION_DIGEST_MINUTES lists those that came after).
    applications_told_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Lexemes for search (jieba words and single Chinese characters), written by
    # jobs.search.index_posts: the head (title, occupation, enterprise) ranks first; the
    # rest holds what only the body (description, place) has; the document is both.
    search_head = SearchVectorField(null=True, editable=False)
    search_rest = SearchVectorField(null=True, editable=False)
    search_document = SearchVectorField(null=True, editable=False)

    objects = JobPostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("job post")
        verbose_name_plural = _("job posts")
        indexes = [
            models.Index(fields=["status", "region"], name="post_status_region"),
            # Search reads published posts only: newest first, pages continue after a key.
            models.Index(
                fields=["-published_at", "-id"],
                name="post_published_keyset",
                condition=Q(status="published"),
            ),
            *(
                GinIndex(fields=[field], name=f"post_{field}", condition=Q(status="published"))
                for field in ("search_head", "search_rest", "search_document")
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(openings__gt=0), name="post_has_openings"),
            models.CheckConstraint(
                condition=Q(filled_count__lte=F("openings")), name="post_never_overfilled"
            ),
            models.CheckConstraint(
                condition=Q(salary_max__gte=F("salary_min")), name="post_salary_range_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="post_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_post_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        """What a user can get wrong, said at the field, before the database's constraints
        (full_clean skips a constraint on a field that already has an error)."""
        errors = {}
        if self.salary_min is not None and self.salary_max is not None:
            if self.salary_max < self.salary_min:
                errors["salary_max"] = _(
                    "The top of the pay range is below its bottom (%(min)s)."
                ) % {"min": formatting.thousands(self.salary_min)}
        if self.openings is not None and self.openings < self.filled_count:
            errors["openings"] = _(
                "%(filled)s people are already hired on this post: it needs at least as many openings."
            ) % {"filled": self.filled_count}
        if errors:
            raise ValidationError(errors)

    @property
    def openings_left(self) -> int:
        return self.openings - self.filled_count

    def submit(self) -> None:
        self._move(self.Status.PENDING)
        self.submitted_at = timezone.now()

    def publish(self, *, reviewer) -> None:
        """Decides a review; a held post comes back through release()."""
        if self.status != self.Status.PENDING:
            raise InvalidTransition(self, self.Status.PUBLISHED)
        self._move(self.Status.PUBLISHED)
        now = timezone.now()
        self.decision_reason, self.reviewed_by, self.reviewed_at = "", reviewer, now
        self.published_at = now

    def reject(self, *, reviewer, reason: str) -> None:
        self._move(self.Status.REJECTED)
        self.decision_reason, self.reviewed_by, self.reviewed_at = reason, reviewer, timezone.now()

    def close(self) -> None:
        self._move(self.Status.CLOSED)

    def expire(self) -> None:
        self._move(self.Status.EXPIRED)

    def take_down(self, *, reason: str) -> None:
        self._move(self.Status.TAKEN_DOWN)
        self.decision_reason = reason

    def record_hire(self) -> None:
        """Count one hire; the last opening fills the post. The caller holds the row lock."""
        if self.status != self.Status.PUBLISHED or self.openings_left <= 0:
            raise Conflict(_("This post has no openings left."))
        self.filled_count += 1
        if self.openings_left == 0:
            self._move(self.Status.FILLED)


class Verification(models.Model):
    """A bureau's check that a published post is real."""

    class Method(models.TextChoices):
        SITE_VISIT = "site_visit", _("Site visit")
        PHONE = "phone", _("Phone call")
        DOCUMENTS = "documents", _("Documents")

    class Result(models.TextChoices):
        GENUINE = "genuine", _("Genuine")
        NOT_GENUINE = "not_genuine", _("Not genuine")
        INCONCLUSIVE = "inconclusive", _("Inconclusive")

    post = models.ForeignKey(JobPost, models.CASCADE, related_name="verifications")
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    note = BoundedTextField(_("note"), max_length=NOTE_MAX, blank=True)
    verified_on = models.DateField(_("verified on"), default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-verified_on", "-id"]
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")

    def __str__(self):
        return f"{self.post} · {self.get_method_display()} · {self.get_result_display()}"

    def clean(self):
        # "Not genuine" takes the post down and the enterprise is told why.
        if self.result == self.Result.NOT_GENUINE and not self.note.strip():
            raise ValidationError({"note": _("Say what the check found: the enterprise is told.")})


def evidence_path(evidence, filename: str) -> str:
    # The stored name never reuses the uploaded one; original_name keeps it for display.
    return f"verifications/{evidence.verification.post_id}/{timezone.now():%Y%m%d%H%M%S%f}.{evidence.kind}"


class VerificationEvidence(models.Model):
    """A photo or PDF a bureau attaches to a verification: checked by its content, kept in
    private storage and served only to the regulators over the post (never by a URL)."""

    class Kind(models.TextChoices):
        JPEG = "jpg", "JPEG"
        PNG = "png", "PNG"
        PDF = "pdf", "PDF"

    CONTENT_TYPES = {Kind.JPEG: "image/jpeg", Kind.PNG: "image/png", Kind.PDF: "application/pdf"}

    verification = models.ForeignKey(Verification, models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, storage=get_private_storage)
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("verification evidence")
        verbose_name_plural = _("verification evidence")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="evidence_not_empty"),
        ]

    def __str__(self):
        return self.original_name

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.kind]


class Report(models.Model):
    """What a report of a post or of a message holds besides its subject, reason and
    status: who reported it and why, and who in the bureau decided it, when and with what
    note."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    detail = BoundedTextField(_("details"), max_length=NOTE_MAX, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    resolution_note = BoundedTextField(_("resolution"), max_length=NOTE_MAX, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        abstract = True


class PostReport(Workflow, Report):
    """A veteran's report that a post is fake or misleading, in the bureau's queue."""

    class Reason(models.TextChoices):
        FAKE = "fake", _("The post does not exist")
        MISLEADING = "misleading", _("Pay or conditions differ from the post")
        FEES = "fees", _("Asks for fees or deposits")
        DISCRIMINATION = "discrimination", _("Discriminates against veterans")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONFIRMED = "confirmed", _("Confirmed, post taken down")
        DISMISSED = "dismissed", _("Dismissed")

    TRANSITIONS = {Status.OPEN: {Status.CONFIRMED, Status.DISMISSED}}

    post = models.ForeignKey(JobPost, models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("post report")
        verbose_name_plural = _("post reports")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(status="open"),
                name="one_open_report_per_reporter",
            ),
        ]

    def __str__(self):
        return f"{self.post} · {self.get_reason_display()}"

    def confirm(self, *, handler, note: str) -> None:
        self._move(self.Status.CONFIRMED)
        self.handled_by, self.handled_at, self.resolution_note = handler, timezone.now(), note

    def dismiss(self, *, handler, note: str) -> None:
        self._move(self.Status.DISMISSED)
        self.handled_by, self.handled_at, self.resolution_note = handler, timezone.now(), note
