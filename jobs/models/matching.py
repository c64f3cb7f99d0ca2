"""The nightly matching: a run, its shards and snapshot, and the rows it keeps."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models.posts import JobPost
from portal.workflow import Workflow


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
    # The swap (shards.top_up): seconds reading the shards' leftovers, of the fill (of it
    # "rescore", scoring veterans again) and writing its rows; "counts", what it did.
    swap_phases = models.JSONField(default=dict, editable=False)

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
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
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
        verbose_name = _("candidate of a post")
        verbose_name_plural = _("candidates of posts")
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
    # Seconds per phase (load, candidates, score, congestion, write, leftovers), peak memory.
    phases = models.JSONField(default=dict)
    peak_rss_mib = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the swap's fill needs from the shard (npz, shards.leftovers): its use of each
    # post, and the veterans it left short with the posts they were shown. Emptied at the
    # swap.
    leftovers = models.BinaryField(default=b"", editable=False)

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
