"""Hires made at a recruitment event or directly: recorded by the enterprise or the bureau,
confirmed by the veteran, then followed up like an online hire (Placement)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models.applications import Placement
from jobs.models.events import RecruitmentEvent
from jobs.models.posts import JobPost
from portal.text import NOTE_MAX, BoundedTextField
from portal.workflow import Workflow


def new_confirmation_token() -> str:
    return secrets.token_urlsafe(32)


class OfflineHire(Workflow, models.Model):
    """A hire recorded outside the portal's applications, waiting for the veteran's word.

    The veteran is found by resident ID number (through its keyed digest) or, when they
    have no account yet, invited by e-mail; either way the hire counts (the post's filled
    places, the placement and its follow-ups) only once the veteran confirms it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the veteran")
        CONFIRMED = "confirmed", _("Confirmed by the veteran")
        DECLINED = "declined", _("Declined by the veteran")
        EXPIRED = "expired", _("Not confirmed in time")

    TRANSITIONS = {Status.PENDING: {Status.CONFIRMED, Status.DECLINED, Status.EXPIRED}}
    CHANNELS = [c for c in Placement.Channel.choices if c[0] != Placement.Channel.ONLINE]

    post = models.ForeignKey(JobPost, models.PROTECT, related_name="offline_hires")
    channel = models.CharField(_("where the hire was made"), max_length=8, choices=CHANNELS)
    event = models.ForeignKey(
        RecruitmentEvent,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="offline_hires",
        verbose_name=_("recruitment event"),
    )
    veteran = models.ForeignKey(
        "veterans.VeteranProfile",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="offline_hires",
    )
    invited_email = models.EmailField(_("veteran's e-mail address"), blank=True)
    started_on = models.DateField(_("start date"))
    note = BoundedTextField(_("note"), max_length=NOTE_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    token = models.CharField(max_length=64, unique=True, default=new_confirmation_token)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    placement = models.OneToOneField(
        Placement, models.PROTECT, null=True, blank=True, related_name="offline_hire"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hire made at an event or directly")
        verbose_name_plural = _("hires made at events or directly")
        constraints = [
            models.CheckConstraint(
                condition=Q(veteran__isnull=False) | ~Q(invited_email=""),
                name="offline_hire_names_the_veteran",
            ),
            models.CheckConstraint(
                condition=~Q(channel="event") | Q(event__isnull=False),
                name="offline_hire_event_has_event",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(placement__isnull=False),
                name="offline_hire_confirmed_has_placement",
            ),
        ]

    def __str__(self):
        return f"{self.post} · {self.get_channel_display()}"

    def confirm(self, *, placement: Placement) -> None:
        self._move(self.Status.CONFIRMED)
        self.placement, self.decided_at = placement, timezone.now()

    def decline(self) -> None:
        self._move(self.Status.DECLINED)
        self.decided_at = timezone.now()

    def expire(self) -> None:
        self._move(self.Status.EXPIRED)
        self.decided_at = timezone.now()
