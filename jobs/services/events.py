"""Recruitment events and veterans' registrations for them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from jobs.models import (
    EventRegistration,
    JobPost,
    RecruitmentEvent,
)
from jobs.policies import may_organise_event
from jobs.services.common import _locked
from portal.accounts.models import AuditAction, User
from portal.accounts.services import audit_event_record
from portal.workflow import Conflict
from veterans.models import VeteranProfile


def recruitment_event_create(
    *,
    organiser: User,
    region,
    enterprises=(),
    posts=(),
    **fields,
) -> RecruitmentEvent:
    """A bureau's recruitment event in its region, with the enterprises and posts on show.

    The posts' enterprises take part too, so they are added to the event's enterprises.
    """
    may_organise_event.require(organiser, region)
    event = RecruitmentEvent(organiser=organiser, region=region, **fields)
    event.full_clean()
    if event.starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("The event cannot start in the past.")})
    posts = list(posts)
    shown_here = (may_organise_event.allows(organiser, post.region) for post in posts)
    if any(p.status != JobPost.Status.PUBLISHED for p in posts) or not all(shown_here):
        raise Conflict(_("Only published posts of your region can be shown at an event."))
    enterprise_ids = {e.pk for e in enterprises} | {p.branch.enterprise_id for p in posts}
    approved = Enterprise.objects.approved().filter(pk__in=enterprise_ids)
    if approved.count() != len(enterprise_ids):
        raise Conflict(_("Only approved enterprises can take part in an event."))
    with transaction.atomic():
        event.save()
        event.enterprises.set(enterprise_ids)
        event.posts.set(posts)
        audit_event_record(
            actor=organiser, action=AuditAction.RECRUITMENT_EVENT_CREATED, target=event
        )
    return event


def event_registration_create(
    *, event: RecruitmentEvent, veteran: VeteranProfile
) -> EventRegistration:
    with transaction.atomic():
        # The event row is locked while its registrations are counted: concurrent
        # registrations queue here one at a time, so the capacity is never exceeded.
        event = _locked(RecruitmentEvent, event.pk)
        if event.starts_at <= timezone.now():
            raise Conflict(_("Registration for this event has closed."))
        if event.registrations.filter(veteran=veteran).exists():
            raise Conflict(_("You have already registered for this event."))
        if event.registrations.count() >= event.capacity:
            raise Conflict(_("This event is full."))
        registration = EventRegistration.objects.create(event=event, veteran=veteran)
        audit_event_record(
            actor=veteran.user,
            action=AuditAction.EVENT_REGISTRATION_CREATED,
            target=registration,
            event=event.pk,
        )
    return registration


def event_registration_cancel(*, event: RecruitmentEvent, veteran: VeteranProfile) -> None:
    """The veteran gives up the place before the event starts; the row is deleted, its
    audit event stays."""
    with transaction.atomic():
        event = _locked(RecruitmentEvent, event.pk)
        registration = event.registrations.filter(veteran=veteran).first()
        if registration is None:
            raise Conflict(_("You are not registered for this event."))
        if event.starts_at <= timezone.now():
            raise Conflict(_("The event has started; the registration can no longer be cancelled."))
        audit_event_record(
            actor=veteran.user,
            action=AuditAction.EVENT_REGISTRATION_CANCELLED,
            target=registration,
            event=event.pk,
        )
        registration.delete()
