"""The weekly digest of a veteran's new recommendations: one row per veteran and week, so a
second run of the week (a retry, a second beat) sends nothing again."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone


class RecommendationDigest(models.Model):
    veteran = models.ForeignKey(
        "veterans.VeteranProfile", models.CASCADE, related_name="recommendation_digests"
    )
    week_of = models.DateField()  # the Monday of the week
    # Every post recommended when the digest was made: next week's "new" is what is not here.
    post_ids = ArrayField(models.IntegerField(), default=list)
    new_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["veteran", "week_of"], name="one_digest_per_week"),
        ]

    def __str__(self):
        return f"{self.veteran_id} · {self.week_of}"
