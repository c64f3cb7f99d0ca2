"""Job posts from draft to publication, their verification and the reports against them."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Agreement, Branch
from enterprises.policies import staff_of
from jobs.models import (
    MATERIAL_FIELDS,
    Application,
    JobPost,
    PostReport,
    Verification,
    VerificationEvidence,
)
from jobs.policies import (
    may_clone_post,
    may_handle_report,
    may_publish_post,
    may_repost_post,
    may_review_post,
    may_see_evidence,
)
from jobs.search import index_post
from jobs.services.common import (
    EDITABLE_FIELDS,
    EDITABLE_STATUSES,
    HANDLED_FIELDS,
    REVIEW_FIELDS,
    _check_branch,
    _check_pledge,
    _enterprise_emails,
    _locked,
    _post_context,
    _require_reason,
    _validate,
)
from jobs.services.evidence import check_evidence, display_name
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from portal.storage import private_storage
from portal.workflow import Conflict, InvalidTransition, NotAllowed


def job_post_create(
    *,
    author: User,
    branch: Branch,
    agreement: Agreement | None = None,
    required_skills=(),
    copy_of: JobPost | None = None,
    **fields,
) -> JobPost:
    """A draft post; region and industry are copied from the branch and its enterprise.
    ``copy_of``: the post it copies (job_post_clone, job_post_repost), in its trail."""
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
        origin = {"copy_of": copy_of.pk} if copy_of is not None else {}
        audit_event_record(actor=author, action=AuditAction.JOB_POST_CREATED, target=post, **origin)
    return post


# How long a copied post takes applications when the original's deadline has passed.
COPY_DEADLINE_DAYS = 30
COPIED_FIELDS = (
    "agreement",
    "title",
    "description",
    "occupation",
    "employment_type",
    "min_education",
    "salary_min",
    "salary_max",
    "openings",
    "is_national",
)


def _copy(post: JobPost, *, author: User, **extra) -> JobPost:
    """A new draft with the post's fields (job_post_create checks it as any new post: an
    approved branch, a running agreement with places left). A deadline already past moves
    COPY_DEADLINE_DAYS ahead."""
    today = timezone.localdate()
    deadline = post.deadline
    if deadline < today:
        deadline = today + datetime.timedelta(days=COPY_DEADLINE_DAYS)
    fields = {name: getattr(post, name) for name in COPIED_FIELDS}
    return job_post_create(
        author=author,
        branch=post.branch,
        copy_of=post,
        required_skills=list(post.required_skills.all()),
        deadline=deadline,
        **fields,
        **extra,
    )


def job_post_clone(*, post: JobPost, author: User) -> JobPost:
    """A new draft copy of one of the enterprise's posts."""
    staff_of.require(author, post.branch.enterprise_id)
    may_clone_post.require(post)
    return _copy(post, author=author)


def job_post_repost(*, post: JobPost, author: User) -> JobPost:
    """A closed, expired or filled post offered again: a new draft linked to the old one
    (reposted_from). The original's row is locked, so it is reposted once."""
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        staff_of.require(author, post.branch.enterprise_id)
        may_repost_post.require(post)
        return _copy(post, author=author, reposted_from=post)


def job_post_update(*, post: JobPost, editor: User, **changes) -> JobPost:
    """Edit a draft, rejected or published post; a material change sends a published post
    back to review (MATERIAL_FIELDS)."""
    unknown = set(changes) - EDITABLE_FIELDS - {"required_skills"}
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    skills = changes.pop("required_skills", None)
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        staff_of.require(editor, post.branch.enterprise_id)
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
            action=AuditAction.JOB_POST_UPDATED,
            target=post,
            fields=changed,
            back_to_review=back_to_review,
        )
    return post


def job_post_submit(*, post: JobPost, actor: User) -> JobPost:
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        staff_of.require(actor, post.branch.enterprise_id)
        if post.status == JobPost.Status.PUBLISHED:  # published > pending is the material edit's
            raise InvalidTransition(post, JobPost.Status.PENDING)
        post.submit()
        # A rejected post released its pledged places, and an agreement may have ended
        # since the draft was written: the pledge is checked again.
        _check_pledge(post)
        post.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_event_record(actor=actor, action=AuditAction.JOB_POST_SUBMITTED, target=post)
    return post


def job_post_approve(*, post: JobPost, reviewer: User, note: str = "") -> JobPost:
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        may_review_post.require(reviewer, post)
        may_publish_post.require(post)
        post.publish(reviewer=reviewer)
        post.save(update_fields=[*REVIEW_FIELDS, "published_at"])
        audit_event_record(
            actor=reviewer, action=AuditAction.JOB_POST_APPROVED, target=post, note=note
        )
        notify_after_commit(
            to=_enterprise_emails(post.branch.enterprise_id),
            event="job_post_approved",
            context={**_post_context(post), "note": note},
            link=reverse("jobs:post_detail", args=[post.pk]),
        )
        # An interview owed to a completer of linked training is given on the new post.
        from jobs.training.cooperation import interview_guarantees_settle

        interview_guarantees_settle(enterprise_id=post.branch.enterprise_id, actor=reviewer)
    return post


def job_post_reject(*, post: JobPost, reviewer: User, reason: str) -> JobPost:
    _require_reason(reason)
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        may_review_post.require(reviewer, post)
        post.reject(reviewer=reviewer, reason=reason)
        post.save(update_fields=REVIEW_FIELDS)
        audit_event_record(
            actor=reviewer, action=AuditAction.JOB_POST_REJECTED, target=post, note=reason
        )
        notify_after_commit(
            to=_enterprise_emails(post.branch.enterprise_id),
            event="job_post_rejected",
            context={**_post_context(post), "reason": reason},
            link=reverse("jobs:enterprise_post_edit", args=[post.pk]),
        )
    return post


def job_post_close(*, post: JobPost, actor: User) -> JobPost:
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        staff_of.require(actor, post.branch.enterprise_id)
        post.close()
        post.save(update_fields=["status", "updated_at"])
        audit_event_record(actor=actor, action=AuditAction.JOB_POST_CLOSED, target=post)
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
        audit_event_record(actor=None, action=AuditAction.JOB_POST_EXPIRED, target=post)
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
    evidence=(),
) -> Verification:
    """A bureau's check of a published post, with its evidence files (photos or PDF,
    checked by content, kept in private storage). "Not genuine" takes the post down: its
    open applicants and the enterprise's staff are told (and the quarterly report stops
    counting its openings as posted). A refused file or check keeps nothing."""
    checked = check_evidence(list(evidence))
    stored: list[str] = []
    try:
        with transaction.atomic():
            verification = _verification_save(
                post, bureau_user, method=method, result=result, note=note, verified_on=verified_on
            )
            for uploaded, kind in checked:
                stored.append(_evidence_save(verification, uploaded, kind).file.name)
            audit_event_record(
                actor=bureau_user,
                action=AuditAction.JOB_POST_VERIFIED,
                target=verification.post,
                note=note,
                method=method,
                result=result,
                verification=verification.pk,
                evidence=len(stored),
            )
            if result == Verification.Result.NOT_GENUINE:
                post = verification.post
                _take_down(post, handler=bureau_user, note=note)
                notify_after_commit(
                    to=_enterprise_emails(post.branch.enterprise_id),
                    event="job_post_not_genuine",
                    context={**_post_context(post), "note": note},
                )
    except BaseException:
        for name in stored:  # the rows rolled back; their files go too
            private_storage.delete(name)
        raise
    return verification


def _verification_save(post: JobPost, bureau_user: User, *, verified_on, **fields) -> Verification:
    post = _locked(JobPost, post.pk)
    may_review_post.require(bureau_user, post)
    if post.status != JobPost.Status.PUBLISHED:
        raise Conflict(_("Only published posts are verified."))
    verification = Verification(
        post=post,
        verified_by=bureau_user,
        verified_on=verified_on or timezone.localdate(),
        **fields,
    )
    verification.full_clean()
    verification.save()
    return verification


def _evidence_save(verification: Verification, uploaded, kind: str) -> VerificationEvidence:
    evidence = VerificationEvidence(
        verification=verification,
        kind=kind,
        original_name=display_name(uploaded.name, kind),
        size=uploaded.size,
    )
    evidence.file.save(evidence.original_name, uploaded, save=False)
    evidence.save()
    return evidence


def verification_evidence_attach(
    *, verification: Verification, bureau_user: User, files
) -> list[VerificationEvidence]:
    """Add evidence files to a recorded verification (the API's multipart upload): the
    bureau over the post, within the per-verification limit; a refused file keeps none."""
    checked = check_evidence(list(files))
    stored: list[VerificationEvidence] = []
    try:
        with transaction.atomic():
            verification = _locked(Verification, verification.pk)
            may_review_post.require(bureau_user, verification.post)
            limit = settings.VERIFICATION_EVIDENCE_MAX_FILES
            if verification.evidence.count() + len(checked) > limit:
                raise ValidationError(
                    {
                        "files": _("Attach at most %(count)d files to one verification.")
                        % {"count": limit}
                    },  # fmt: skip
                    code="too_many_files",
                )
            for uploaded, kind in checked:
                stored.append(_evidence_save(verification, uploaded, kind))
                audit_event_record(
                    actor=bureau_user,
                    action=AuditAction.VERIFICATION_EVIDENCE_ADDED,
                    target=verification,
                    evidence=stored[-1].pk,
                    kind=kind,
                )
    except BaseException:
        for evidence in stored:
            private_storage.delete(evidence.file.name)
        raise
    return stored


def verification_evidence_open(*, evidence: VerificationEvidence, actor: User):
    """The evidence file, for the regulators over the verified post only (the caller
    fetched it through verification_evidence_visible_to; the rule is asked again)."""
    may_see_evidence.require(actor, evidence.verification.post)
    return evidence.file.open("rb")


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
            audit_event_record(
                actor=reporter, action=AuditAction.POST_REPORT_CREATED, target=report
            )
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
        may_handle_report.require(handler, report)
        open_reports = post.reports.filter(status=PostReport.Status.OPEN).select_related("reporter")
        reports = list(open_reports.select_for_update(of=("self",)))
        if report.pk not in {r.pk for r in reports}:
            raise InvalidTransition(_locked(PostReport, report.pk), PostReport.Status.CONFIRMED)
        for each in reports:
            each.confirm(handler=handler, note=note)
            each.save(update_fields=HANDLED_FIELDS)
            audit_event_record(
                actor=handler, action=AuditAction.POST_REPORT_CONFIRMED, target=each, note=note
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
    audit_event_record(
        actor=handler, action=AuditAction.JOB_POST_TAKEN_DOWN, target=post, note=note
    )
    notify_after_commit(
        to=_open_applicant_emails(post),
        event="job_post_taken_down",
        context=_post_context(post),
        link=reverse("jobs:application_list"),
    )


def post_report_dismiss(*, report: PostReport, handler: User, note: str) -> PostReport:
    _require_reason(note)
    with transaction.atomic():
        report = _locked(PostReport, report.pk)
        may_handle_report.require(handler, report)
        report.dismiss(handler=handler, note=note)
        report.save(update_fields=HANDLED_FIELDS)
        audit_event_record(
            actor=handler, action=AuditAction.POST_REPORT_DISMISSED, target=report, note=note
        )
        notify_after_commit(
            to=[report.reporter.email],
            event="post_report_dismissed",
            context={**_post_context(report.post), "note": note},
        )
    return report
