"""Interviews: the employer proposes one or more slots, the applicant answers."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models.applications import Application
from portal.text import NOTE_MAX, BoundedTextField, NameField
from portal.workflow import Workflow

SLOTS_MAX = 5  # slots one proposal may offer


class Interview(Workflow, models.Model):
    """One proposal of an interview for an application, with its slots (InterviewSlot).

    The applicant accepts one slot, declines, or asks for another time; asking for another
    time ends this proposal ("rescheduled") and the employer proposes again. At most one
    proposal of an application is open (proposed or accepted) at a time.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        RESCHEDULED = "rescheduled", _("Another time asked for")
        CANCELLED = "cancelled", _("Cancelled")

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("In person")
        VIDEO = "video", _("Video call")

    OPEN = ("proposed", "accepted")
    TRANSITIONS = {
        Status.PROPOSED: {Status.ACCEPTED, Status.DECLINED, Status.RESCHEDULED, Status.CANCELLED},
        Status.ACCEPTED: {Status.RESCHEDULED, Status.CANCELLED},
    }

    application = models.ForeignKey(Application, models.CASCADE, related_name="interviews")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    mode = models.CharField(_("how"), max_length=16, choices=Mode.choices, default=Mode.ON_SITE)
    place = NameField(_("place"), max_length=255, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    contact_name = NameField(_("contact person"), max_length=64)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    note = BoundedTextField(_("note to the applicant"), max_length=NOTE_MAX, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    chosen_slot = models.ForeignKey(
        "InterviewSlot", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_note = BoundedTextField(_("answer"), max_length=NOTE_MAX, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="one_open_interview_per_application",
            ),
            models.CheckConstraint(
                condition=~Q(mode="video") | ~Q(video_link=""), name="video_interview_has_link"
            ),
            models.CheckConstraint(
                condition=~Q(mode="on_site") | ~Q(place=""), name="on_site_interview_has_place"
            ),
        ]

    def __str__(self):
        return f"{self.application} · {self.get_status_display()}"

    @property
    def where(self) -> str:
        return self.video_link if self.mode == self.Mode.VIDEO else self.place

    def accept(self, slot: "InterviewSlot", note: str = "") -> None:
        self._move(self.Status.ACCEPTED)
        self.chosen_slot, self.answer_note, self.answered_at = slot, note, timezone.now()

    def decline(self, note: str = "") -> None:
        self._move(self.Status.DECLINED)
        self.answer_note, self.answered_at = note, timezone.now()

    def ask_another_time(self, note: str) -> None:
        self._move(self.Status.RESCHEDULED)
        self.answer_note, self.answered_at = note, timezone.now()

    def cancel(self, note: str = "") -> None:
        self._move(self.Status.CANCELLED)
        self.answer_note = note


class InterviewSlot(models.Model):
    """One date and time on offer."""

    interview = models.ForeignKey(Interview, models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=60)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=10, minutes__lte=480), name="interview_slot_length"
            ),
        ]

    def __str__(self):
        return timezone.localtime(self.starts_at).strftime("%Y-%m-%d %H:%M")

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.minutes)
