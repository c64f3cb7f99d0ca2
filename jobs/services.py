"""Writes of the jobs app: one function per transition (STYLE.md rule 4).

Each locks the row it changes, checks who is acting, calls the model's transition method,
saves, records one AuditEvent per object whose status moved, and e-mails the people who
wait for the news after commit. Lock order, to keep concurrent services deadlock-free:
the post first, then its agreement, applications or reports.
"""

import datetime
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Agreement, Branch, Enterprise
from jobs.matching import shards
from jobs.models import (
    MATERIAL_FIELDS,
    Application,
    EventRegistration,
    FollowUp,
    JobPost,
    MatchingRun,
    Placement,
    PostReport,
    RecruitmentEvent,
    SavedPost,
    SavedSearch,
    Verification,
)
from jobs.search import SearchCriteria, index_post, posts_published_between
from jobs.selectors import follow_ups_due_for, staff_enterprise_id
from portal.accounts.models import User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from veterans.models import Resume, VeteranProfile

EDITABLE_FIELDS = frozenset(MATERIAL_FIELDS) | {"deadline", "is_national"}
# A pending post is being reviewed as it stands; later statuses are final.
EDITABLE_STATUSES = (JobPost.Status.DRAFT, JobPost.Status.REJECTED, JobPost.Status.PUBLISHED)
# Posts whose openings no longer count against their agreement's pledge.
RELEASED_STATUSES = (JobPost.Status.REJECTED, JobPost.Status.TAKEN_DOWN)
# The employer's pipeline steps; hiring and withdrawal have their own services.
PIPELINE_STEPS = frozenset(Application.OPEN[1:]) | {Application.Status.REJECTED}
REVIEW_FIELDS = ["status", "decision_reason", "reviewed_by", "reviewed_at", "updated_at"]
HANDLED_FIELDS = ["status", "handled_by", "handled_at", "resolution_note"]
RECORDED_FIELDS = ["status", "outcome", "left_reason", "note", "recorded_by", "recorded_at"]


# --- checks and helpers ---------------------------------------------------------------


def _require_staff(user, enterprise_id: int) -> None:
    if staff_enterprise_id(user) != enterprise_id:
        raise NotAllowed(_("Only staff of this enterprise may do this."))


def _require_bureau_over(user, region) -> None:
    if not (user.is_authenticated and user.is_bureau and user.governs(region)):
        raise NotAllowed(_("Only the veterans-affairs bureau of this region may do this."))


def _require_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise ValidationError(_("Please give a reason."), code="reason_required")


def _locked(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def _enterprise_emails(enterprise_id: int) -> list[str]:
    staff = User.objects.filter(enterprise_membership__enterprise_id=enterprise_id, is_active=True)
    return list(staff.values_list("email", flat=True))


def _post_context(post: JobPost) -> dict:
    return {"post_title": post.title, "enterprise": post.branch.enterprise.name}


def _check_pledge(post: JobPost) -> None:
    """Refuse a post that would over-pledge its agreement.

    The agreement row is locked while its posts' openings are summed, so two posts created
    at once under the same agreement cannot both take its last pledged places. Every post
    counts except rejected and taken-down ones (closed, filled and expired posts did use
    their pledged places).
    """
    if post.agreement_id is None:
        return
    agreement = _locked(Agreement, post.agreement_id)
    if agreement.enterprise_id != post.branch.enterprise_id:
        raise NotAllowed(_("This agreement belongs to another enterprise."))
    if agreement.status != Agreement.Status.ACTIVE:
        raise Conflict(_("Posts can only be counted against an active agreement."))
    others = agreement.posts.exclude(pk=post.pk).exclude(status__in=RELEASED_STATUSES)
    committed = others.aggregate(total=Sum("openings"))["total"] or 0
    if committed + post.openings > agreement.pledged_posts:
        raise Conflict(
            _("This agreement pledges %(pledged)d posts and %(left)d are still free.")
            % {"pledged": agreement.pledged_posts, "left": agreement.pledged_posts - committed}
        )


def _check_branch(post: JobPost, user) -> None:
    branch = post.branch
    _require_staff(user, branch.enterprise_id)
    if branch.status != Branch.Status.APPROVED:
        raise Conflict(_("Posts can only be published under an approved branch."))
    if branch.enterprise.status != Enterprise.Status.APPROVED:
        raise Conflict(_("Your enterprise is not approved to publish posts."))


def _validate(post: JobPost) -> None:
    post.full_clean()
    if post.deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})


# --- job posts ---------------------------------------------------------------------------


def job_post_create(
    *,
    author: User,
    branch: Branch,
    agreement: Agreement | None = None,
    required_skills=(),
    **fields,
) -> JobPost:
    """A draft post; region and industry are copied from the branch and its enterprise."""
    post = JobPost(
        branch=branch,
        agreement=agreement,
        region=branch.region,
        industry=branch.enterprise.industry,
        created_by=author,
        **fields,
    )
    _check_branch(post, author)
    _validate(post)
    with transaction.atomic():
        _check_pledge(post)
        post.save()
        post.required_skills.set(required_skills)
        index_post(post)
        audit_event_record(actor=author, action="job_post.created", target=post)
    return post


def job_post_update(*, post: JobPost, editor: User, **changes) -> JobPost:
    """Edit a draft, rejected or published post; a material change sends a published post
    back to review (MATERIAL_FIELDS)."""
    unknown = set(changes) - EDITABLE_FIELDS - {"required_skills"}
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    skills = changes.pop("required_skills", None)
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        _require_staff(editor, post.branch.enterprise_id)
        if post.status not in EDITABLE_STATUSES:
            raise Conflict(
                _("A post cannot be edited while it is %(status)s.")
                % {"status": post.get_status_display()}
            )
        changed = [name for name, value in changes.items() if getattr(post, name) != value]
        for name in changed:
            setattr(post, name, changes[name])
        if "branch" in changed:
            _check_branch(post, editor)
            post.region = post.branch.region
        _validate(post)
        if {"agreement", "openings"} & set(changed):
            _check_pledge(post)
        material = set(changed) & set(MATERIAL_FIELDS)
        back_to_review = post.status == JobPost.Status.PUBLISHED and bool(material)
        if back_to_review:
            post.submit()
        post.save()
        if skills is not None:
            post.required_skills.set(skills)
        if changed:  # the search document holds the text and the filter values
            index_post(post)
        audit_event_record(
            actor=editor,
            action="job_post.updated",
            target=post,
            fields=changed,
            back_to_review=back_to_review,
        )
    return post


def job_post_submit(*, post: JobPost, actor: User) -> JobPost:
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        _require_staff(actor, post.branch.enterprise_id)
        if post.status == JobPost.Status.PUBLISHED:  # published > pending is the material edit's
            raise InvalidTransition(post, JobPost.Status.PENDING)
        post.submit()
        # A rejected post released its pledged places, and an agreement may have ended
        # since the draft was written: the pledge is checked again.
        _check_pledge(post)
        post.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_event_record(actor=actor, action="job_post.submitted", target=post)
    return post


def job_post_approve(*, post: JobPost, reviewer: User, note: str = "") -> JobPost:
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        _require_bureau_over(reviewer, post.region)
        post.publish(reviewer=reviewer)
        post.save(update_fields=[*REVIEW_FIELDS, "published_at"])
        audit_event_record(actor=reviewer, action="job_post.approved", target=post, note=note)
        notify_after_commit(
            to=_enterprise_emails(post.branch.enterprise_id),
            event="job_post_approved",
            context={**_post_context(post), "note": note},
        )
    return post


def job_post_reject(*, post: JobPost, reviewer: User, reason: str) -> JobPost:
    _require_reason(reason)
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        _require_bureau_over(reviewer, post.region)
        post.reject(reviewer=reviewer, reason=reason)
        post.save(update_fields=REVIEW_FIELDS)
        audit_event_record(actor=reviewer, action="job_post.rejected", target=post, note=reason)
        notify_after_commit(
            to=_enterprise_emails(post.branch.enterprise_id),
            event="job_post_rejected",
            context={**_post_context(post), "reason": reason},
        )
    return post


def job_post_close(*, post: JobPost, actor: User) -> JobPost:
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        _require_staff(actor, post.branch.enterprise_id)
        post.close()
        post.save(update_fields=["status", "updated_at"])
        audit_event_record(actor=actor, action="job_post.closed", target=post)
    return post


def job_post_expire(*, post: JobPost, today: datetime.date | None = None) -> bool:
    """Expire a published post whose deadline has passed; False if there was nothing to do,
    so the nightly run is safe to repeat."""
    today = today or timezone.localdate()
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        if post.status != JobPost.Status.PUBLISHED or post.deadline >= today:
            return False
        post.expire()
        post.save(update_fields=["status", "updated_at"])
        audit_event_record(actor=None, action="job_post.expired", target=post)
    return True


def expire_due_posts(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    due = JobPost.objects.published().filter(deadline__lt=today).only("pk")
    return sum(job_post_expire(post=post, today=today) for post in due)


def verification_record(
    *,
    post: JobPost,
    bureau_user: User,
    method: str,
    result: str,
    note: str = "",
    verified_on: datetime.date | None = None,
) -> Verification:
    _require_bureau_over(bureau_user, post.region)
    if post.status != JobPost.Status.PUBLISHED:
        raise Conflict(_("Only published posts are verified."))
    verification = Verification(
        post=post,
        verified_by=bureau_user,
        method=method,
        result=result,
        note=note,
        verified_on=verified_on or timezone.localdate(),
    )
    verification.full_clean()
    with transaction.atomic():
        verification.save()
        audit_event_record(
            actor=bureau_user,
            action="job_post.verified",
            target=post,
            note=note,
            method=method,
            result=result,
            verification=verification.pk,
        )
    return verification


# --- post reports ------------------------------------------------------------------------


def post_report_create(
    *, post: JobPost, reporter: User, reason: str, detail: str = ""
) -> PostReport:
    if not (reporter.is_authenticated and reporter.is_veteran):
        raise NotAllowed(_("Only veterans may report a post."))
    if post.status != JobPost.Status.PUBLISHED:
        raise Conflict(_("Only published posts can be reported."))
    report = PostReport(post=post, reporter=reporter, reason=reason, detail=detail)
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
            audit_event_record(actor=reporter, action="post_report.created", target=report)
    except IntegrityError as exc:
        if "one_open_report_per_reporter" not in str(exc):
            raise
        raise Conflict(
            _("You have already reported this post; the bureau is looking into it.")
        ) from exc
    return report


def _open_applicant_emails(post: JobPost) -> list[str]:
    applicants = post.applications.filter(status__in=Application.OPEN)
    return list(applicants.values_list("veteran__user__email", flat=True))


def post_report_confirm(*, report: PostReport, handler: User, note: str) -> PostReport:
    """Confirm a report and take its post down.

    The post's other open reports are confirmed with it: they are about the same post,
    whose fate is now decided, and leaving them open would keep dead work in the queue.
    A post no longer published (closed, filled, expired) stays as it is.
    """
    _require_reason(note)
    with transaction.atomic():
        post = _locked(JobPost, report.post_id)
        _require_bureau_over(handler, post.region)
        open_reports = post.reports.filter(status=PostReport.Status.OPEN).select_related("reporter")
        reports = list(open_reports.select_for_update(of=("self",)))
        if report.pk not in {r.pk for r in reports}:
            raise InvalidTransition(_locked(PostReport, report.pk), PostReport.Status.CONFIRMED)
        for each in reports:
            each.confirm(handler=handler, note=note)
            each.save(update_fields=HANDLED_FIELDS)
            audit_event_record(
                actor=handler, action="post_report.confirmed", target=each, note=note
            )
        if post.can_move_to(JobPost.Status.TAKEN_DOWN):
            _take_down(post, handler=handler, note=note)
        notify_after_commit(
            to=[each.reporter.email for each in reports],
            event="post_report_confirmed",
            context=_post_context(post),
        )
    return next(each for each in reports if each.pk == report.pk)


def _take_down(post: JobPost, *, handler: User, note: str) -> None:
    post.take_down(reason=note)
    post.save(update_fields=["status", "decision_reason", "updated_at"])
    audit_event_record(actor=handler, action="job_post.taken_down", target=post, note=note)
    notify_after_commit(
        to=_open_applicant_emails(post), event="job_post_taken_down", context=_post_context(post)
    )


def post_report_dismiss(*, report: PostReport, handler: User, note: str) -> PostReport:
    _require_reason(note)
    with transaction.atomic():
        report = _locked(PostReport, report.pk)
        _require_bureau_over(handler, report.post.region)
        report.dismiss(handler=handler, note=note)
        report.save(update_fields=HANDLED_FIELDS)
        audit_event_record(actor=handler, action="post_report.dismissed", target=report, note=note)
        notify_after_commit(
            to=[report.reporter.email],
            event="post_report_dismissed",
            context={**_post_context(report.post), "note": note},
        )
    return report


# --- applications ------------------------------------------------------------------------


def _notify_veteran(application: Application, event: str, **context) -> None:
    notify_after_commit(
        to=[application.veteran.user.email],
        event=event,
        context={
            **_post_context(application.post),
            "full_name": application.veteran.full_name,
            "status": application.get_status_display(),
            **context,
        },
    )


def application_submit(
    *, post: JobPost, veteran: VeteranProfile, note: str = "", resume: Resume | None = None
) -> Application:
    if resume is not None and resume.veteran_id != veteran.pk:
        raise NotAllowed(_("This resume is not yours."))
    post = JobPost.objects.select_related("branch__enterprise").get(pk=post.pk)
    if post.status != JobPost.Status.PUBLISHED or post.openings_left <= 0:
        raise Conflict(_("This post is not open for applications."))
    if post.deadline < timezone.localdate():
        raise Conflict(_("The application deadline of this post has passed."))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                post=post, veteran=veteran, note=note, resume=resume
            )
            audit_event_record(
                actor=veteran.user, action="application.submitted", target=application
            )
            _notify_veteran(application, "application_submitted")
    except IntegrityError as exc:
        # Two requests at once both pass any check made before the insert; the unique
        # constraint decides, and the loser gets a clear answer.
        if "one_application_per_post" not in str(exc):
            raise
        raise Conflict(_("You have already applied to this post.")) from exc
    return application


def application_withdraw(*, application: Application, veteran: VeteranProfile) -> Application:
    with transaction.atomic():
        application = _locked(Application, application.pk)
        if application.veteran_id != veteran.pk:
            raise NotAllowed(_("Only the applicant may withdraw an application."))
        application.withdraw()
        application.save(update_fields=["status", "updated_at"])
        audit_event_record(actor=veteran.user, action="application.withdrawn", target=application)
        _notify_veteran(application, "application_withdrawn")
    return application


def application_advance(
    *, application: Application, actor: User, target: str, message: str = ""
) -> Application:
    """One step of the employer's pipeline: viewed, shortlisted, interview, offered, rejected."""
    with transaction.atomic():
        application = _locked(Application, application.pk)
        _require_staff(actor, application.post.branch.enterprise_id)
        if target not in PIPELINE_STEPS:
            raise InvalidTransition(application, target)
        application.move_to(target)
        application.save(update_fields=["status", "updated_at"])
        audit_event_record(
            actor=actor, action=f"application.{target}", target=application, note=message
        )
        _notify_veteran(application, "application_status_changed", message=message)
    return application


def application_resume_open(*, application: Application, actor: User) -> Resume:
    """The resume attached to an application, for the staff of the post's enterprise.

    Every access is recorded on the resume (action "resume.accessed"), so its owner and the
    regulators can see who read it; the caller then serves the file.
    """
    _require_staff(actor, application.post.branch.enterprise_id)
    if application.resume_id is None:
        raise Conflict(_("This application has no resume attached."))
    audit_event_record(
        actor=actor,
        action="resume.accessed",
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
        _require_staff(actor, post.branch.enterprise_id)
        application = _locked(Application, application.pk)
        application.move_to(Application.Status.HIRED)
        post.record_hire()
        post.save(update_fields=["filled_count", "status", "updated_at"])
        application.save(update_fields=["status", "updated_at"])
        placement = _place(application, started_on=started_on)
        audit_event_record(
            actor=actor,
            action="application.hired",
            target=application,
            placement=placement.pk,
            started_on=started_on.isoformat(),
        )
        if post.status == JobPost.Status.FILLED:
            audit_event_record(actor=actor, action="job_post.filled", target=post)
        _notify_veteran(application, "application_hired", started_on=started_on)
    return placement


def _place(application: Application, *, started_on: datetime.date) -> Placement:
    placement = Placement.objects.create(
        application=application,
        post_id=application.post_id,
        veteran_id=application.veteran_id,
        started_on=started_on,
    )
    FollowUp.objects.bulk_create(
        FollowUp(placement=placement, month=month, due_on=started_on + relativedelta(months=month))
        for month in Placement.FOLLOW_UP_MONTHS
    )
    VeteranProfile.objects.filter(pk=application.veteran_id).update(
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
        audit_event_record(actor=None, action="follow_up.due", target=follow_up)
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
    """E-mail every bureau whose region contains one of these (GB/T 2260: a district's
    city and province share its first four and two digits)."""
    governing = {up for code in region_codes for up in (code, code[:4] + "00", code[:2] + "0000")}
    bureaus = User.objects.filter(role=User.Role.BUREAU, is_active=True, region_id__in=governing)
    for bureau in bureaus.select_related("region"):
        notify_after_commit(
            to=[bureau.email],
            event="follow_ups_due",
            context={"count": follow_ups_due_for(bureau).count(), "region": bureau.region.name},
        )


def follow_up_record(
    *, follow_up: FollowUp, recorder: User, outcome: str, left_reason: str = "", note: str = ""
) -> FollowUp:
    if outcome == FollowUp.Outcome.LEFT:
        _require_reason(left_reason)
    if outcome not in FollowUp.Outcome.values:
        raise ValidationError(_("Unknown follow-up outcome."), code="invalid_outcome")
    with transaction.atomic():
        follow_up = _locked(FollowUp, follow_up.pk)
        _require_bureau_over(recorder, follow_up.placement.post.region)
        follow_up.record(outcome=outcome, left_reason=left_reason, note=note, recorder=recorder)
        follow_up.save(update_fields=RECORDED_FIELDS)
        audit_event_record(
            actor=recorder,
            action="follow_up.recorded",
            target=follow_up,
            note=note,
            outcome=outcome,
        )
    return follow_up


# --- recruitment events ------------------------------------------------------------------


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
    _require_bureau_over(organiser, region)
    event = RecruitmentEvent(organiser=organiser, region=region, **fields)
    event.full_clean()
    if event.starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("The event cannot start in the past.")})
    posts = list(posts)
    if any(p.status != JobPost.Status.PUBLISHED or not organiser.governs(p.region) for p in posts):
        raise Conflict(_("Only published posts of your region can be shown at an event."))
    enterprise_ids = {e.pk for e in enterprises} | {p.branch.enterprise_id for p in posts}
    approved = Enterprise.objects.approved().filter(pk__in=enterprise_ids)
    if approved.count() != len(enterprise_ids):
        raise Conflict(_("Only approved enterprises can take part in an event."))
    with transaction.atomic():
        event.save()
        event.enterprises.set(enterprise_ids)
        event.posts.set(posts)
        audit_event_record(actor=organiser, action="recruitment_event.created", target=event)
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
            action="event_registration.created",
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
            action="event_registration.cancelled",
            target=registration,
            event=event.pk,
        )
        registration.delete()


# --- saved posts and searches ------------------------------------------------------------

MAX_SAVED_SEARCHES = 20
ALERT_POSTS = 20
# Posts approved in the last minutes may still be committing with an earlier published_at;
# an alert stops short of them and the next one takes them.
ALERT_SETTLE = datetime.timedelta(minutes=5)


def saved_post_add(*, veteran: VeteranProfile, post: JobPost) -> SavedPost:
    """Keep a published post; saving it again changes nothing."""
    if post.status != JobPost.Status.PUBLISHED:
        raise Conflict(_("Only published posts can be saved."))
    saved, created = SavedPost.objects.get_or_create(veteran=veteran, post=post)
    return saved


def saved_post_remove(*, veteran: VeteranProfile, post: JobPost) -> None:
    SavedPost.objects.filter(veteran=veteran, post=post).delete()


def _check_new_search(veteran: VeteranProfile, params: dict) -> None:
    if veteran.saved_searches.count() >= MAX_SAVED_SEARCHES:
        raise Conflict(
            _("You can keep at most %(limit)d saved searches; please delete one first.")
            % {"limit": MAX_SAVED_SEARCHES}
        )
    same = veteran.saved_searches.filter(params=params).first()
    if same is not None:
        raise Conflict(_("You have already saved this search as “%(name)s”.") % {"name": same.name})


def saved_search_create(*, veteran: VeteranProfile, name: str, params: dict) -> SavedSearch:
    """Save a search; its daily e-mail lists posts published from now on."""
    if not name.strip():
        raise ValidationError({"name": _("Please give this search a name.")})
    with transaction.atomic():
        # The profile row is locked so two saves at once cannot pass the checks together.
        VeteranProfile.objects.select_for_update().get(pk=veteran.pk)
        _check_new_search(veteran, params)
        return SavedSearch.objects.create(veteran=veteran, name=name.strip(), params=params)


def _own_search(saved_search: SavedSearch, veteran: VeteranProfile) -> SavedSearch:
    search = _locked(SavedSearch, saved_search.pk)
    if search.veteran_id != veteran.pk:
        raise NotAllowed(_("This saved search is not yours."))
    return search


def saved_search_delete(*, saved_search: SavedSearch, veteran: VeteranProfile) -> None:
    with transaction.atomic():
        _own_search(saved_search, veteran).delete()


def saved_search_set_alerts(
    *, saved_search: SavedSearch, veteran: VeteranProfile, enabled: bool
) -> SavedSearch:
    """Turn the daily e-mail on or off; turned on again, it starts from now rather than
    listing everything published while it was off."""
    with transaction.atomic():
        search = _own_search(saved_search, veteran)
        if enabled and not search.alerts_enabled:
            search.alerted_until = timezone.now()
        search.alerts_enabled = enabled
        search.save(update_fields=["alerts_enabled", "alerted_until"])
    return search


def saved_search_unsubscribe(*, token: str) -> SavedSearch | None:
    """Stop the e-mails of the search this token belongs to (the link in each e-mail)."""
    search = SavedSearch.objects.filter(unsubscribe_token=token).first()
    if search is not None and search.alerts_enabled:
        search.alerts_enabled = False
        search.save(update_fields=["alerts_enabled"])
    return search


def saved_search_send_alert(
    *, saved_search: SavedSearch, now: datetime.datetime | None = None
) -> int:
    """E-mail the posts of a saved search published since its last alert, then move its
    high-water mark; returns how many posts the e-mail lists.

    The row is locked and the mark moves in the same transaction, so a second run (or
    two workers at once) never sends the same posts twice.
    """
    until = (now or timezone.now()) - ALERT_SETTLE
    with transaction.atomic():
        search = (
            SavedSearch.objects.select_for_update(of=("self",))
            .select_related("veteran__user")
            .get(pk=saved_search.pk)
        )
        if not search.alerts_enabled or search.alerted_until >= until:
            return 0
        posts = posts_published_between(
            SearchCriteria.from_params(search.params),
            since=search.alerted_until,
            until=until,
            limit=ALERT_POSTS + 1,
        )
        search.alerted_until = until
        if posts:
            search.last_alert_at = timezone.now()
            _notify_alert(search, posts)
        search.save(update_fields=["alerted_until", "last_alert_at"])
    return len(posts[:ALERT_POSTS])


def _notify_alert(search: SavedSearch, posts: list[JobPost]) -> None:
    notify_after_commit(
        to=[search.veteran.user.email],
        event="job_alert",
        context={
            "search": search,
            "posts": posts[:ALERT_POSTS],
            "more": len(posts) > ALERT_POSTS,
            "query_string": urlencode(search.params),
        },
    )


# --- nightly matching (jobs/matching/shards.py does the work) ----------------------------


def matching_run_start(*, enqueue=None) -> MatchingRun:
    """Plan a run and hand its shards to Celery, biggest first, once the plan is committed.

    `enqueue(run_id, number)` defaults to the shard task; a run without seekers is
    finished at once (an empty run still replaces yesterday's recommendations).
    """
    from jobs import tasks  # the tasks module imports this one

    run, numbers = shards.plan_run()
    enqueue = enqueue or (
        lambda run_id, number: tasks.matching_shard.apply_async(
            (run_id, number), queue=settings.MATCHING_QUEUE
        )
    )
    for number in numbers:
        transaction.on_commit(lambda number=number: enqueue(run.pk, number))
    if not numbers:
        matching_run_finish(run_id=run.pk)
    return run


def matching_run_finish(*, run_id: int) -> bool:
    """Swap the run in when every shard is done, then drop the rows of old runs; safe to
    call any number of times (each shard calls it when it ends)."""
    if not shards.finish_run(run_id):
        return False
    shards.drop_old_runs()
    return True
