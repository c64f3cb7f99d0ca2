"""What a veteran keeps to come back to: saved posts and saved searches."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models.posts import JobPost
from portal.text import NameField


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
    name = NameField(_("name"), max_length=64)
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
