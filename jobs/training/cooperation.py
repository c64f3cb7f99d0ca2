"""Training cooperation (issue 19): a training-cooperation agreement links training
programmes, and every veteran who completes a linked programme is guaranteed an interview at
the agreement's enterprise.

The agreement's signatory authority (the ministry, or the bureau for agreements signed at
its level: enterprises.may_act_on_agreement) links and unlinks programmes; which programme
may be linked is training.may_link_programme. When a completion is recorded
(services.enrolment_complete), ``interview_guarantees_give`` runs in the same transaction:

- one InterviewGuarantee per completion and agreement in force (the unique constraint makes
  a second recording or a retry give nothing more);
- the interview is held on an application to one of the enterprise's open posts, chosen by
  a published rule (``POST_RULE``) and moved to "interview": the enterprise proposes the
  times through the usual interview workflow (jobs/services/interviews.py), the veteran
  answers where they answer every interview;
- with no open post (or without the veteran's consent to send their record to an
  employer), the guarantee is recorded as owed and the enterprise, the signatory authority
  and the veteran are told; it is given when the enterprise next has a post published
  (``interview_guarantees_settle``), or by the daily retry of every owed guarantee
  (``interview_guarantees_retry_owed``) once a post is open and the consent is given.
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Agreement
from enterprises.policies import may_act_on_agreement
from jobs.models import Application, InterviewGuarantee, JobPost, TrainingAgreementLink
from jobs.services.common import _enterprise_emails, _post_context
from jobs.services.interviews import _to_interview
from jobs.training.policies import may_link_programme, may_unlink_programme
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from veterans.models import Enrolment, TrainingProgramme
from veterans.policies import consent_given

logger = logging.getLogger(__name__)

IN_FORCE = (Agreement.Status.SIGNED, Agreement.Status.ACTIVE)
# Application statuses an interview guarantee can stand on: open and not past interview.
BEFORE_OFFER = Application.OPEN[:4]

POST_RULE = _(
    "Among the enterprise's posts open to applications: a post the veteran already applied "
    "to first, then the post asking for most of the skills the programme teaches, then one "
    "in the regions the veteran prefers (or else their home city), then one counted "
    "against this agreement, then the earliest deadline."
)


# --- linking ---------------------------------------------------------------------------------


def _locked_agreement(agreement: Agreement) -> Agreement:
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("region", "enterprise")
        .get(pk=agreement.pk)
    )


def agreement_programme_link(
    *, agreement: Agreement, programme: TrainingProgramme, actor: User
) -> TrainingAgreementLink:
    """Link a programme to a training-cooperation agreement: its completers are from now
    on guaranteed an interview at the agreement's enterprise."""
    with transaction.atomic():
        agreement = _locked_agreement(agreement)
        may_act_on_agreement.require(actor, agreement)
        programme = TrainingProgramme.objects.select_related("region").get(pk=programme.pk)
        may_link_programme.require(agreement, programme)
        link = TrainingAgreementLink.objects.create(
            agreement=agreement, programme=programme, linked_by=actor
        )
        audit_event_record(
            actor=actor,
            action=AuditAction.AGREEMENT_PROGRAMME_LINKED,
            target=agreement,
            programme=programme.pk,
        )
    return link


def agreement_programme_unlink(
    *, agreement: Agreement, programme: TrainingProgramme, actor: User
) -> None:
    """Unlink a programme: later completers are no longer guaranteed an interview; the
    guarantees already given or owed stand."""
    with transaction.atomic():
        agreement = _locked_agreement(agreement)
        may_act_on_agreement.require(actor, agreement)
        may_unlink_programme.require(agreement, programme)
        TrainingAgreementLink.objects.filter(agreement=agreement, programme=programme).delete()
        audit_event_record(
            actor=actor,
            action=AuditAction.AGREEMENT_PROGRAMME_UNLINKED,
            target=agreement,
            programme=programme.pk,
        )


# --- the guarantee -----------------------------------------------------------------------


def guarantee_post(guarantee: InterviewGuarantee) -> JobPost | None:
    """The post the guaranteed interview is held on (POST_RULE), or None when the
    enterprise has no open post the veteran can still be interviewed for."""
    veteran = guarantee.veteran
    programme = guarantee.enrolment.programme
    mine = Application.objects.filter(post=OuterRef("pk"), veteran=veteran)
    posts = (
        JobPost.objects.open_to_applications()
        .filter(branch__enterprise_id=guarantee.agreement.enterprise_id)
        # A post the veteran was already offered, hired, turned down or withdrew from holds
        # no new interview.
        .exclude(Exists(mine.exclude(status__in=BEFORE_OFFER)))
    )
    skills = list(programme.skills.values_list("pk", flat=True))
    scopes = [region.scope_prefix for region in veteran.preferred_regions.all()]
    if not scopes and veteran.home_region_id:
        scopes = [veteran.home_region.city_scope_prefix]
    preferred = Q(pk__in=[])
    for scope in scopes:
        preferred |= Q(region__code__startswith=scope)
    posts = posts.annotate(
        applied=Exists(mine),
        fit=Count("required_skills", filter=Q(required_skills__in=skills), distinct=True),
        preferred=Case(
            When(preferred, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        counted=Case(
            When(agreement_id=guarantee.agreement_id, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    order = ["-applied", "-fit", "-preferred", "-counted", "deadline", "pk"]
    return posts.select_related("branch__enterprise").order_by(*order).first()


def _authority_emails(agreement: Agreement) -> list[str]:
    """The officers of the agreement's signatory authority."""
    officers = User.objects.filter(is_active=True)
    if agreement.signatory_level == Agreement.SignatoryLevel.MINISTRY:
        officers = officers.filter(role=User.Role.MINISTRY)
    else:
        officers = officers.filter(role=User.Role.BUREAU, region_id=agreement.region_id)
    return list(officers.values_list("email", flat=True))


def _context(guarantee: InterviewGuarantee) -> dict:
    enrolment = guarantee.enrolment
    return {
        "enterprise": guarantee.agreement.enterprise.name,
        "programme": enrolment.programme.title,
        "full_name": guarantee.veteran.full_name,
        "completed_on": enrolment.completed_on,
    }


def _give(guarantee: InterviewGuarantee, actor: User | None) -> bool:
    """Hold the guaranteed interview on an application to the chosen post; False (and the
    guarantee stays owed) when there is none or the veteran's consent is missing."""
    veteran = guarantee.veteran
    post = guarantee_post(guarantee) if consent_given.allows(veteran.user) else None
    if post is None:
        return False
    application = Application.objects.select_for_update().filter(post=post, veteran=veteran).first()
    if application is None:
        try:
            with transaction.atomic():
                application = Application.objects.create(post=post, veteran=veteran)
        except IntegrityError:
            # The veteran applied to this post at this very moment: the unique index waited
            # for their transaction, so their application is there to hold the interview.
            application = Application.objects.select_for_update().get(post=post, veteran=veteran)
        else:
            audit_event_record(
                actor=actor,
                action=AuditAction.APPLICATION_SUBMITTED,
                target=application,
                guarantee=guarantee.agreement_id,
            )
    if application.status != Application.Status.INTERVIEW:
        _to_interview(application, actor)
    guarantee.give(application)
    guarantee.save(update_fields=["status", "application", "given_at"])
    audit_event_record(
        actor=actor,
        action=AuditAction.INTERVIEW_GUARANTEE_GIVEN,
        target=application,
        agreement=guarantee.agreement_id,
        enrolment=guarantee.enrolment_id,
    )
    context = {**_context(guarantee), **_post_context(post)}
    notify_after_commit(
        to=[veteran.user.email],
        event="interview_guarantee_given",
        context=context,
        link=reverse("jobs:application_detail", args=[application.pk]),
    )
    notify_after_commit(
        to=_enterprise_emails(post.branch.enterprise_id),
        event="interview_guarantee_to_schedule",
        context=context,
        link=reverse("jobs:applicant_detail", args=[application.pk]),
    )
    return True


def _owe(guarantee: InterviewGuarantee, actor: User | None) -> None:
    agreement = guarantee.agreement
    audit_event_record(
        actor=actor,
        action=AuditAction.INTERVIEW_GUARANTEE_OWED,
        target=agreement,
        enrolment=guarantee.enrolment_id,
    )
    context = _context(guarantee)
    notify_after_commit(
        to=[guarantee.veteran.user.email],
        event="interview_guarantee_owed_veteran",
        context=context,
        link=reverse("jobs:my_training"),
    )
    notify_after_commit(
        to=_enterprise_emails(agreement.enterprise_id),
        event="interview_guarantee_owed",
        context=context,
        link=reverse("jobs:enterprise_post_create"),
    )
    notify_after_commit(
        to=_authority_emails(agreement),
        event="interview_guarantee_owed_authority",
        context=context,
        link=reverse("enterprises:agreement_detail", args=[agreement.pk]),
    )


def interview_guarantees_give(*, enrolment: Enrolment, actor: User) -> list[InterviewGuarantee]:
    """The interviews guaranteed to the completer of ``enrolment`` by every agreement in
    force its programme is linked to; called in the transaction that records the
    completion (the enrolment's row is locked). Exactly once per completion and agreement."""
    today = timezone.localdate()
    links = TrainingAgreementLink.objects.filter(
        programme_id=enrolment.programme_id, agreement__status__in=IN_FORCE
    ).filter(agreement__ends_on__gte=today)
    given = []
    for link in links.select_related("agreement__enterprise", "agreement__region"):
        guarantee, created = InterviewGuarantee.objects.get_or_create(
            agreement=link.agreement,
            enrolment=enrolment,
            defaults={"veteran": enrolment.veteran},
        )
        if not created:
            continue
        if not _give(guarantee, actor):
            _owe(guarantee, actor)
        given.append(guarantee)
    return given


def interview_guarantee_settle(*, guarantee_id: int, actor: User | None) -> bool:
    """Give one owed guarantee if its enterprise now has a post open for it and the veteran
    has consented (``_give``); True when given, False when it stays owed or was given
    already. The row is locked while it is given, so two settlements at once give it once."""
    with transaction.atomic():
        guarantee = (
            InterviewGuarantee.objects.select_for_update(of=("self",))
            .select_related("agreement__enterprise", "enrolment__programme", "veteran__user")
            .get(pk=guarantee_id)
        )
        return guarantee.status == InterviewGuarantee.Status.OWED and _give(guarantee, actor)


def interview_guarantees_settle(*, enterprise_id: int, actor: User | None) -> int:
    """Give the owed guarantees of an enterprise's agreements (after one of its posts was
    published); answers how many were given."""
    owed = InterviewGuarantee.objects.filter(
        agreement__enterprise_id=enterprise_id, status=InterviewGuarantee.Status.OWED
    ).values_list("pk", flat=True)
    return sum(interview_guarantee_settle(guarantee_id=pk, actor=actor) for pk in list(owed))


@dataclass(frozen=True)
class RetryCounts:
    given: int
    still_owed: int
    failed: int


def interview_guarantees_retry_owed() -> RetryCounts:
    """Every owed guarantee again, through the settlement a post's approval runs: given
    when its enterprise has a post open now and the veteran has consented (a post open
    again once a suspension is lifted, a consent given since). Daily from Celery beat
    (jobs.tasks.retry_owed_interview_guarantees); a second run finds nothing owed that the
    first could give. Each guarantee in its own transaction: one that fails is logged, left
    owed, and the others go on."""
    given = still_owed = failed = 0
    owed = InterviewGuarantee.objects.filter(status=InterviewGuarantee.Status.OWED)
    for pk in list(owed.order_by("pk").values_list("pk", flat=True)):
        try:
            settled = interview_guarantee_settle(guarantee_id=pk, actor=None)
        except Exception:  # any one guarantee's failure must not stop the others
            logger.exception("Owed interview guarantee %s could not be retried", pk)
            failed += 1
            continue
        if settled:
            given += 1
        else:
            still_owed += 1
    return RetryCounts(given=given, still_owed=still_owed, failed=failed)
