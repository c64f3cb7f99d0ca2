"""Recruitment events run by a bureau and veterans' registrations for them."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models.posts import JobPost
from portal.text import BoundedTextField, NameField


class RecruitmentEvent(models.Model):
    title = NameField(_("title"), max_length=128)
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = NameField(_("place"), max_length=255)
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1, _("An event has room for at least one."))]
    )
    description = BoundedTextField(_("description"), max_length=3000, blank=True)
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
