"""Notices and policy documents (通知公告、政策法规) that the ministry publishes for the
nation and a bureau for its region: drafted, published, withdrawn; public once published,
and kept after their effective period ends (shown as expired, still found by search).

Here in jobs because they are found by the posts' Chinese search (jobs.search) and listed
on the home page, which jobs serves."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.storage import get_private_storage
from portal.text import BoundedTextField, NameField
from portal.workflow import Workflow

NOTICE_BODY_MAX = 20_000
TAG_MAX = 16
TAGS_MAX = 8


class NoticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Notice.Status.PUBLISHED)


class Notice(Workflow, models.Model):
    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice")
        POLICY = "policy", _("Policy document")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # A published text never changes under its readers: it is withdrawn, then edited and
    # published again.
    TRANSITIONS = {
        Status.DRAFT: {Status.PUBLISHED},
        Status.PUBLISHED: {Status.WITHDRAWN},
        Status.WITHDRAWN: {Status.PUBLISHED},
    }
    EDITABLE = (Status.DRAFT, Status.WITHDRAWN)

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.NOTICE)
    # None: the ministry's, for the whole nation; otherwise the publishing bureau's region.
    region = models.ForeignKey(
        "reference.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    title = NameField(_("title"), max_length=200)
    document_number = NameField(
        _("document number"),
        max_length=64,
        blank=True,
        help_text=_("For example 退役军人部发〔2026〕12号."),
    )
    body = BoundedTextField(_("text"), max_length=NOTICE_BODY_MAX)
    tags = ArrayField(
        models.CharField(max_length=TAG_MAX),
        size=TAGS_MAX,
        default=list,
        blank=True,
        verbose_name=_("tags"),
    )
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # jobs.search's lexemes (jobs.notices.services.notice_index): the title's alone, for
    # ranking, and everything a reader may search by.
    search_title = SearchVectorField(null=True, editable=False)
    search_document = SearchVectorField(null=True, editable=False)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("notice or policy document")
        verbose_name_plural = _("notices and policy documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=F("effective_from")),
                name="notice_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_notice_has_date",
            ),
        ]
        indexes = [
            models.Index(
                F("published_at").desc(),
                name="notice_published_idx",
                condition=Q(status="published"),
            ),
            GinIndex(
                fields=["search_document"],
                name="notice_search_idx",
                condition=Q(status="published"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_national(self) -> bool:
        return self.region_id is None

    @property
    def is_expired(self) -> bool:
        """Past its effective period (still published and findable, marked as expired)."""
        return bool(self.effective_until and self.effective_until < timezone.localdate())

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def publish(self, *, by) -> None:
        self._move(self.Status.PUBLISHED)
        self.published_at, self.published_by = timezone.now(), by

    def withdraw(self) -> None:
        self._move(self.Status.WITHDRAWN)


def attachment_path(attachment, filename: str) -> str:
    """A name the portal makes; the uploaded name is kept for display only."""
    return f"notices/{attachment.notice_id}/{timezone.now():%Y%m%d%H%M%S%f}.{attachment.kind}"


class NoticeAttachment(models.Model):
    """A PDF or a photo attached to a notice, checked by its content as verification
    evidence is (jobs.services.evidence); kept in private storage and served through the
    portal to whoever may read the notice."""

    class Kind(models.TextChoices):
        JPEG = "jpg", "JPEG"
        PNG = "png", "PNG"
        PDF = "pdf", "PDF"

    CONTENT_TYPES = {Kind.JPEG: "image/jpeg", Kind.PNG: "image/png", Kind.PDF: "application/pdf"}

    notice = models.ForeignKey(Notice, models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, storage=get_private_storage)
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="notice_attachment_not_empty"),
        ]

    def __str__(self):
        return self.original_name

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.kind]
