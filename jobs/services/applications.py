"""Applications from submission to hire, the placement and its follow-ups."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from enterprises.policies import staff_of
from jobs.feedback.services import feedback_ask_after_follow_up
from jobs.models import (
    Application,
    FollowUp,
    JobPost,
    Placement,
)
from jobs.policies import (
    may_apply,
    may_record_follow_up,
    may_see_applicant_contact,
    may_withdraw,
)
from jobs.selectors import follow_ups_due_for
from jobs.services.common import (
    PIPELINE_STEPS,
    RECORDED_FIELDS,
    _enterprise_emails,
    _locked,
    _post_context,
    _require_reason,
)
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from portal.reference.models import codes_governing
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from veterans.models import Resume, ServiceStation, VeteranProfile
from veterans.policies import consent_given


def _notify_veteran(application: Application, event: str, **context) -> None:
    notify_after_commit(
        to=[application.veteran.user.email],
        event=event,
        context={
            **_post_context(application.post),
            "full_name": application.veteran.full_name,
            # Lazy, so each recipient reads it in their own language.
            "status": lazy(application.get_status_display, str)(),
            **context,
        },
        link=reverse("jobs:application_detail", args=[application.pk]),
    )


# The version of the sentence a veteran agrees to when sharing contact details on applying.
CONTACT_CONSENT_VERSION = "2026-12"


def application_submit(
    *,
    post: JobPost,
    veteran: VeteranProfile,
    note: str = "",
    resume: Resume | None = None,
    share_contact: bool = False,
) -> Application:
    """Apply to a post. ``share_contact``: the veteran's separate consent that the post's
    enterprise sees their full mobile number and e-mail address, recorded as a consent
    (an AuditEvent with its purpose and text version) on the application."""
    consent_given.require(veteran.user)
    if resume is not None and resume.veteran_id != veteran.pk:
        raise NotAllowed(_("This resume is not yours."))
    post = JobPost.objects.select_related("branch__enterprise").get(pk=post.pk)
    may_apply.require(post, veteran)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                post=post,
                veteran=veteran,
                note=note,
                resume=resume,
                contact_shared_at=timezone.now() if share_contact else None,
            )
            audit_event_record(
                actor=veteran.user, action=AuditAction.APPLICATION_SUBMITTED, target=application
            )
            if share_contact:
                audit_event_record(
                    actor=veteran.user,
                    action=AuditAction.CONSENT_GIVEN,
                    target=application,
                    purpose="share_contact",
                    enterprise=post.branch.enterprise_id,
                    version=CONTACT_CONSENT_VERSION,
                )
            _notify_veteran(application, "application_submitted")
            _schedule_application_digest(post)
    except IntegrityError as exc:
        # Two requests at once both pass any check made before the insert; the unique
        # constraint decides, and the loser gets the rule's answer.
        if "one_application_per_post" not in str(exc):
            raise
        may_apply.refuse("already_applied")
    return application


def application_withdraw(*, application: Application, veteran: VeteranProfile) -> Application:
    with transaction.atomic():
        application = _locked(Application, application.pk)
        may_withdraw.require(application, veteran)
        application.withdraw()
        application.save(update_fields=["status", "updated_at"])
        audit_event_record(
            actor=veteran.user, action=AuditAction.APPLICATION_WITHDRAWN, target=application
        )
        _notify_veteran(application, "application_withdrawn")
    return application


def application_advance(
    *, application: Application, actor: User, target: str, message: str = ""
) -> Application:
    """One step of the employer's pipeline: viewed, shortlisted, interview, offered, rejected."""
    with transaction.atomic():
        application = _locked(Application, application.pk)
        staff_of.require(actor, application.post.branch.enterprise_id)
        if target not in PIPELINE_STEPS:
            raise InvalidTransition(application, target)
        application.move_to(target)
        application.save(update_fields=["status", "updated_at"])
        audit_event_record(
            actor=actor, action=Application.STATUS_ACTIONS[target], target=application, note=message
        )
        _notify_veteran(application, "application_status_changed", message=message)
    return application


def _schedule_application_digest(post: JobPost) -> None:
    """The post's enterprise hears of new applications in one e-mail per post per
    APPLICATION_DIGEST_MINUTES: the first application of a window schedules the digest
    at the window's end (a cache key with that lifetime dedupes); later ones just wait."""
    from jobs.tasks import application_digest_send  # noqa: PLC0415 (tasks import services)

    minutes = settings.APPLICATION_DIGEST_MINUTES
    if cache.add(f"jobs:application-digest:{post.pk}", 1, timeout=minutes * 60):
        transaction.on_commit(
            lambda: application_digest_send.apply_async(args=[post.pk], countdown=minutes * 60)
        )


def application_digest_send(*, post: JobPost, now: datetime.datetime | None = None) -> int:
    """E-mail the post's enterprise staff the applications it received since the last
    digest (at most one e-mail per post and window); returns how many were listed. Safe to
    run twice: the post's digest mark moves past what was listed."""
    now = now or timezone.now()
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        since = post.applications_told_at or post.created_at
        fresh = post.applications.filter(created_at__gt=since, created_at__lte=now)
        fresh = list(fresh.select_related("veteran").order_by("created_at"))
        post.applications_told_at = now
        post.save(update_fields=["applications_told_at"])
        if fresh:
            notify_after_commit(
                to=_enterprise_emails(post.branch.enterprise_id),
                event="applications_received",
                context={
                    **_post_context(post),
                    "count": len(fresh),
                    "applicants": [
                        {"name": a.veteran.full_name, "at": timezone.localtime(a.created_at)}
                        for a in fresh
                    ],
                },
                link=reverse("jobs:pipeline") + f"?post={post.pk}",
            )
    return len(fresh)


def application_contact_reveal(*, application: Application, actor: User) -> dict[str, str]:
    """The applicant's full mobile number and e-mail address, for the staff of the post's
    enterprise when the veteran agreed to share them; every display is an AuditEvent on
    the profile."""
    may_see_applicant_contact.require(actor, application)
    veteran = application.veteran
    audit_event_record(
        actor=actor,
        action=AuditAction.CONTACT_DETAILS_VIEWED,
        target=veteran,
        application=application.pk,
    )
    return {"phone": veteran.phone, "email": veteran.user.email}


def application_resume_open(*, application: Application, actor: User) -> Resume:
    """The resume attached to an application, for the staff of the post's enterprise.

    Every access is recorded on the resume (action "resume.accessed"), so its owner and the
    regulators can see who read it; the caller then serves the file.
    """
    staff_of.require(actor, application.post.branch.enterprise_id)
    if application.resume_id is None:
        raise Conflict(_("This application has no resume attached."))
    audit_event_record(
        actor=actor,
        action=AuditAction.RESUME_ACCESSED,
        target=application.resume,
        application=application.pk,
    )
    return application.resume


def application_hire(
    *, application: Application, actor: User, started_on: datetime.date
) -> Placement:
    """Hire an offered applicant: count the hire on the post, place the veteran, and
    schedule the follow-ups at 1, 3, 6 and 12 months."""
    with transaction.atomic():
        # The post row is locked first: concurrent hires on one post queue here, so the
        # openings are counted one at a time and never exceeded.
        post = _locked(JobPost, application.post_id)
        staff_of.require(actor, post.branch.enterprise_id)
        application = _locked(Application, application.pk)
        application.move_to(Application.Status.HIRED)
        post.record_hire()
        post.save(update_fields=["filled_count", "status", "updated_at"])
        application.save(update_fields=["status", "updated_at"])
        placement = _place(application, started_on=started_on)
        audit_event_record(
            actor=actor,
            action=AuditAction.APPLICATION_HIRED,
            target=application,
            placement=placement.pk,
            started_on=started_on.isoformat(),
        )
        if post.status == JobPost.Status.FILLED:
            audit_event_record(actor=actor, action=AuditAction.JOB_POST_FILLED, target=post)
        # The follow-ups come from the veteran's service station: its number in the e-mail.
        station = ServiceStation.objects.nearest_to(application.veteran.home_region)
        _notify_veteran(
            application,
            "application_hired",
            started_on=started_on,
            station=station.name if station else "",
            station_phone=station.phone if station else "",
        )
    return placement


def _place(application: Application, *, started_on: datetime.date) -> Placement:
    return place_veteran(
        post_id=application.post_id,
        veteran_id=application.veteran_id,
        started_on=started_on,
        application=application,
    )


def place_veteran(*, post_id: int, veteran_id: int, started_on: datetime.date, **how) -> Placement:
    """The placement, its follow-ups at 1, 3, 6 and 12 months and the veteran now employed;
    ``how`` is the application, or the channel and event of a hire made elsewhere. The
    caller holds the post's row lock and has counted the hire on it."""
    placement = Placement.objects.create(
        post_id=post_id, veteran_id=veteran_id, started_on=started_on, **how
    )
    FollowUp.objects.bulk_create(
        FollowUp(placement=placement, month=month, due_on=started_on + relativedelta(months=month))
        for month in Placement.FOLLOW_UP_MONTHS
    )
    VeteranProfile.objects.filter(pk=veteran_id).update(
        seeking_status=VeteranProfile.SeekingStatus.EMPLOYED, updated_at=timezone.now()
    )
    return placement


# --- follow-ups --------------------------------------------------------------------------


def follow_up_mark_due(*, follow_up: FollowUp, today: datetime.date | None = None) -> bool:
    """Mark a scheduled follow-up due once its date comes; False if nothing changed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        follow_up = _locked(FollowUp, follow_up.pk)
        if follow_up.status != FollowUp.Status.SCHEDULED or follow_up.due_on > today:
            return False
        follow_up.mark_due()
        follow_up.save(update_fields=["status"])
        audit_event_record(actor=None, action=AuditAction.FOLLOW_UP_CAME_DUE, target=follow_up)
    return True


def follow_ups_mark_due(*, today: datetime.date | None = None) -> int:
    """Mark every follow-up that came due and remind the bureaus over their regions.

    Safe to run twice: a second run finds nothing newly due and sends no reminder.
    """
    today = today or timezone.localdate()
    scheduled = FollowUp.objects.filter(status=FollowUp.Status.SCHEDULED, due_on__lte=today)
    marked = [f.pk for f in scheduled.only("pk") if follow_up_mark_due(follow_up=f, today=today)]
    regions = FollowUp.objects.filter(pk__in=marked).values_list(
        "placement__post__region_id", flat=True
    )
    _remind_bureaus(set(regions))
    return len(marked)


def _remind_bureaus(region_codes: set[str]) -> None:
    """E-mail every bureau whose region contains one of these (a district's bureau, its
    city's and its province's)."""
    governing = {up for code in region_codes for up in codes_governing(code)}
    bureaus = User.objects.filter(role=User.Role.BUREAU, is_active=True, region_id__in=governing)
    for bureau in bureaus.select_related("region"):
        notify_after_commit(
            to=[bureau.email],
            event="follow_ups_due",
            context={"count": follow_ups_due_for(bureau).count(), "region": bureau.region.name},
            link=reverse("jobs:follow_up_list"),
        )


def follow_up_contact_reveal(*, follow_up: FollowUp, actor: User) -> dict[str, str]:
    """The placed veteran's mobile number (the profile's, which the veteran keeps, not the
    account's) and e-mail address, for the bureau that records the follow-up; every display
    is an AuditEvent on the profile."""
    may_record_follow_up.require(actor, follow_up)
    veteran = follow_up.placement.veteran
    audit_event_record(
        actor=actor,
        action=AuditAction.CONTACT_DETAILS_VIEWED,
        target=veteran,
        follow_up=follow_up.pk,
    )
    return {"phone": veteran.phone, "email": veteran.user.email}


def follow_up_record(
    *, follow_up: FollowUp, recorder: User, outcome: str, left_reason: str = "", note: str = ""
) -> FollowUp:
    if outcome == FollowUp.Outcome.LEFT:
        _require_reason(left_reason)
    if outcome not in FollowUp.Outcome.values:
        raise ValidationError(_("Unknown follow-up outcome."), code="invalid_outcome")
    with transaction.atomic():
        follow_up = _locked(FollowUp, follow_up.pk)
        may_record_follow_up.require(recorder, follow_up)
        follow_up.record(outcome=outcome, left_reason=left_reason, note=note, recorder=recorder)
        follow_up.save(update_fields=RECORDED_FIELDS)
        audit_event_record(
            actor=recorder,
            action=AuditAction.FOLLOW_UP_RECORDED,
            target=follow_up,
            note=note,
            outcome=outcome,
        )
        feedback_ask_after_follow_up(follow_up)
    return follow_up
