"""Bulk posting: one uploaded file of posts, checked row by row and created all at once."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PostImport(models.Model):
    """An upload of posts (XLSX or CSV, jobs.bulk). Its file is kept only until it is
    processed; its report (each error's row, column and message, in the language of the
    person who uploaded it) stays, and the posts it created point back to it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        RUNNING = "running", _("Being checked")
        INVALID = "invalid", _("Errors found: nothing was created")
        CHECKED = "checked", _("Checked: no errors")
        DONE = "done", _("Posts created")

    FINISHED = (Status.INVALID, Status.CHECKED, Status.DONE)

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.CASCADE, related_name="post_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(editable=False, default=b"")
    submit = models.BooleanField(_("submit the posts for review"), default=False)
    validate_only = models.BooleanField(_("check only"), default=False)
    language = models.CharField(max_length=16, default="zh-hans")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # The first settings.BULK_IMPORT_ERRORS_KEPT errors: [{row, column, message, hint}].
    errors = models.JSONField(default=list, blank=True)
    posts_created = models.PositiveIntegerField(_("posts created"), default=0)
    # A file checked without errors ("check only") keeps its checked rows (zlib-compressed
    # JSON) under checked_key until the same file is uploaded to create its posts that day
    # (jobs.services.bulk); empty otherwise.
    checked_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    checked_rows = models.BinaryField(editable=False, default=b"")
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("post upload")
        verbose_name_plural = _("post uploads")

    def __str__(self):
        return self.filename

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))
