import secrets

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.workflow import Conflict, Workflow
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


class JobPostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=JobPost.Status.PUBLISHED)

    def with_openings(self):
        return self.filter(filled_count__lt=F("openings"))


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
        },
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
    title = models.CharField(_("title"), max_length=128)
    description = models.TextField(_("description"))
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
    openings = models.PositiveIntegerField(_("openings"))
    filled_count = models.PositiveIntegerField(_("filled"), default=0)
    deadline = models.DateField(_("application deadline"))
    required_skills = models.ManyToManyField(
        "reference.Skill", blank=True, related_name="+", verbose_name=_("required skills")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    decision_reason = models.TextField(_("reason"), blank=True)
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

    @property
    def openings_left(self) -> int:
        return self.openings - self.filled_count

    def submit(self) -> None:
        self._move(self.Status.PENDING)
        self.submitted_at = timezone.now()

    def publish(self, *, reviewer) -> None:
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
    note = models.TextField(_("note"), blank=True)
    verified_on = models.DateField(_("verified on"), default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-verified_on", "-id"]
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")

    def __str__(self):
        return f"{self.post} · {self.get_method_display()} · {self.get_result_display()}"


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

    post = models.ForeignKey(JobPost, models.PROTECT, related_name="applications")
    veteran = models.ForeignKey(
        "veterans.VeteranProfile", models.CASCADE, related_name="applications"
    )
    resume = models.ForeignKey(
        "veterans.Resume", models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    note = models.TextField(_("note to the employer"), blank=True)
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
    """A hire, followed up at 1, 3, 6 and 12 months."""

    FOLLOW_UP_MONTHS = (1, 3, 6, 12)

    application = models.OneToOneField(Application, models.PROTECT, related_name="placement")
    post = models.ForeignKey(JobPost, models.PROTECT, related_name="placements")
    veteran = models.ForeignKey(
        "veterans.VeteranProfile", models.CASCADE, related_name="placements"
    )
    started_on = models.DateField(_("start date"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

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
    left_reason = models.TextField(_("reason for leaving"), blank=True)
    note = models.TextField(_("note"), blank=True)
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


class PostReport(Workflow, models.Model):
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
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    detail = models.TextField(_("details"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    resolution_note = models.TextField(_("resolution"), blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)

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


class RecruitmentEvent(models.Model):
    title = models.CharField(_("title"), max_length=128)
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=255)
    capacity = models.PositiveIntegerField(_("capacity"))
    description = models.TextField(_("description"), blank=True)
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise", blank=True, related_name="events", verbose_name=_("enterprises")
    )
    posts = models.ManyToManyField(
        JobPost, blank=True, related_name="events", verbose_name=_("posts")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("recruitment event")
        verbose_name_plural = _("recruitment events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="event_has_capacity"),
        ]

    def __str__(self):
        return self.title


class EventRegistration(models.Model):
    event = models.ForeignKey(RecruitmentEvent, models.CASCADE, related_name="registrations")
    veteran = models.ForeignKey(
        "veterans.VeteranProfile", models.CASCADE, related_name="event_registrations"
    )
    registered_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "veteran"], name="one_registration_per_event"),
        ]

    def __str__(self):
        return f"{self.veteran} @ {self.event}"


class MatchingRun(Workflow, models.Model):
    """One nightly run; its recommendations become visible all at once when it is current."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    TRANSITIONS = {Status.RUNNING: {Status.DONE, Status.FAILED}}

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RUNNING, db_index=True
    )
    is_current = models.BooleanField(_("current"), default=False)
    shards_total = models.PositiveIntegerField(default=0)
    shards_done = models.PositiveIntegerField(default=0)
    veterans = models.PositiveIntegerField(default=0)
    posts = models.PositiveIntegerField(default=0)
    pairs_scored = models.BigIntegerField(default=0)
    recommendations = models.BigIntegerField(default=0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_run"
            ),
            models.CheckConstraint(
                condition=~Q(is_current=True) | Q(status="done"), name="current_run_is_done"
            ),
        ]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} · {self.get_status_display()}"

    @property
    def duration(self):
        return (self.finished_at - self.started_at) if self.finished_at else None

    def finish(self) -> None:
        """Every shard is written: the run becomes the one readers see."""
        self._move(self.Status.DONE)
        self.is_current, self.finished_at = True, timezone.now()

    def fail(self, *, error: str) -> None:
        self._move(self.Status.FAILED)
        self.error, self.finished_at = error, timezone.now()


class Recommendation(models.Model):
    """A kept (veteran, post) pair of a run, with the factor values behind its score.

    The table is partitioned by run in PostgreSQL (jobs/migrations/0003_matching.py): each
    run's rows are written with COPY into their own partition, and an old run goes with a
    DROP TABLE. The foreign keys exist in Django only: checking three keys per row would
    cost the nightly COPY more than the writing itself; deletions cascade through the ORM,
    and the unique index, led by the veteran, serves both the veteran's page and deletes.
    """

    run = models.ForeignKey(
        MatchingRun, models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    veteran = models.ForeignKey(
        "veterans.VeteranProfile",
        models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    post = models.ForeignKey(
        JobPost, models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    skill_fit = models.FloatField()
    occupation_fit = models.FloatField()
    location_fit = models.FloatField()
    industry_fit = models.FloatField()
    salary_fit = models.FloatField()
    education_fit = models.FloatField()
    agreement_bonus = models.FloatField()
    skills_required = models.PositiveSmallIntegerField(default=0)
    skills_matched = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["run", "veteran", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["veteran", "run", "post"], name="recommendation_unique"
            ),
            models.CheckConstraint(
                condition=Q(skills_matched__lte=F("skills_required")), name="skills_matched_bounded"
            ),
        ]

    def __str__(self):
        return f"{self.veteran_id} → {self.post_id} (#{self.rank})"


class PostCandidate(models.Model):
    """One of a post's best veterans in a run, among those who consented to be found.

    Partitioned by run like Recommendation. The enterprise sees a candidate only while the
    veteran's consent is still live (jobs.matching.selectors).
    """

    run = models.ForeignKey(
        MatchingRun, models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    post = models.ForeignKey(
        JobPost, models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    veteran = models.ForeignKey(
        "veterans.VeteranProfile",
        models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    score = models.FloatField()
    # The factor values behind the score, as on Recommendation: the reasons staff read.
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
        ordering = ["run", "post", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "run", "veteran"], name="post_candidate_unique"
            ),
        ]

    def __str__(self):
        return f"{self.post_id} ← {self.veteran_id} ({self.score:.3f})"


class MatchingShard(models.Model):
    """One region shard of a run: the provinces whose veterans it matches, and its progress.

    A shard task locks its row, writes its rows and marks it done in one transaction, so a
    redelivered task finds it done, or finds nothing of a killed attempt.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")

    run = models.ForeignKey(MatchingRun, models.CASCADE, related_name="shards")
    number = models.PositiveSmallIntegerField()
    # Two-digit GB/T 2260 province prefixes; a veteran belongs to the shard of home province.
    provinces = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    veterans = models.PositiveIntegerField(default=0)
    pairs_scored = models.BigIntegerField(default=0)
    recommendations = models.BigIntegerField(default=0)
    candidates = models.BigIntegerField(default=0)
    # Seconds per phase (load, candidates, score, congestion, write) and the peak memory.
    phases = models.JSONField(default=dict)
    peak_rss_mib = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="one_shard_number_per_run"),
        ]

    def __str__(self):
        return f"run {self.run_id} shard {self.number}"


class MatchingSnapshot(models.Model):
    """What every shard of a run shares: the candidate posts as read once at the start, and
    the demand per shard that splits each post's exposure cap (jobs.matching.features)."""

    run = models.OneToOneField(
        MatchingRun, models.CASCADE, primary_key=True, related_name="snapshot"
    )
    data = models.BinaryField()

    def __str__(self):
        return f"run {self.run_id} snapshot"


class SavedPost(models.Model):
    """A post a veteran keeps to come back to."""

    veteran = models.ForeignKey(
        "veterans.VeteranProfile", models.CASCADE, related_name="saved_posts"
    )
    post = models.ForeignKey(JobPost, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("saved post")
        verbose_name_plural = _("saved posts")
        constraints = [
            models.UniqueConstraint(fields=["veteran", "post"], name="one_save_per_post"),
        ]

    def __str__(self):
        return f"{self.veteran} ☆ {self.post}"


def new_unsubscribe_token() -> str:
    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    """A veteran's search, e-mailed daily with the posts published since the last e-mail."""

    veteran = models.ForeignKey(
        "veterans.VeteranProfile", models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=64)
    # The search form's fields (jobs.forms.search.PostSearchForm), as the form reads them.
    params = models.JSONField(_("search"), default=dict, blank=True)
    alerts_enabled = models.BooleanField(_("daily e-mail"), default=True)
    # High-water mark: posts published up to this instant were considered by an alert.
    alerted_until = models.DateTimeField(_("alerted until"), default=timezone.now)
    last_alert_at = models.DateTimeField(_("last e-mail"), null=True, blank=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_unsubscribe_token)
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.name
