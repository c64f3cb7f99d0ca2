import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.accounts.privacy import mask_phone
from portal.text import NameField


class User(AbstractUser):
    class Role(models.TextChoices):
        VETERAN = "veteran", _("Veteran")
        ENTERPRISE = "enterprise", _("Enterprise staff")
        BUREAU = "bureau", _("Bureau staff")
        MINISTRY = "ministry", _("Ministry admin")

    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.VETERAN, db_index=True
    )
    # Django's own name fields, shown to other people: without invisible characters.
    first_name = NameField(_("first name"), max_length=150, blank=True)
    last_name = NameField(_("last name"), max_length=150, blank=True)
    # The bureau's jurisdiction: it sees this region and every region below it.
    region = models.ForeignKey(
        "reference.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="bureau") | models.Q(region__isnull=False),
                name="bureau_staff_have_region",
            ),
        ]

    @property
    def is_veteran(self) -> bool:
        return self.role == self.Role.VETERAN

    @property
    def is_enterprise_staff(self) -> bool:
        return self.role == self.Role.ENTERPRISE

    @property
    def is_bureau(self) -> bool:
        return self.role == self.Role.BUREAU

    @property
    def is_ministry(self) -> bool:
        return self.role == self.Role.MINISTRY

    def get_full_name(self) -> str:
        """Chinese names read family name first, without a space (王凤英)."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if (first + last).isascii():
            return f"{first} {last}".strip()
        return f"{last}{first}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def governs(self, region) -> bool:
        """Whether this user may act on objects in ``region`` as a regulator."""
        if self.is_ministry:
            return True
        return self.is_bureau and region is not None and self.region.contains(region)


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj):
        ct = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=ct, object_id=str(obj.pk))


class AuditEvent(models.Model):
    """One row per state change or sensitive access: the trail and the history shown."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    content_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self):
        return f"{self.action} {self.content_type.model}:{self.object_id}"


class OutgoingEmail(models.Model):
    """An e-mail the portal owes someone: written in the transaction of the change it
    announces, sent by a Celery task keyed by its id (README "Celery faults").

    A task delivered twice (its worker died before acknowledging it) finds the row sent and
    does nothing; a task lost on the way (the process died between commit and enqueue, or
    Redis was down) is enqueued again by the `send_pending_emails` sweep.
    """

    key = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.CharField(max_length=500)
    body = models.TextField()
    recipients = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outgoing_email_pending_idx",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self):
        return self.subject
