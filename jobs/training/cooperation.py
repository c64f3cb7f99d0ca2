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
  (``interview_guarantees_retry_owed``) once a post is open and the consent is given;
- the promise is the agreement's: a guarantee still owed when the agreement ends lapses
  (``interview_guarantees_lapse``), in the transaction that terminates or expires it
  (enterprises.signals.agreement_ended), and otherwise when a settlement or the retry
  finds the agreement no longer in force (``Agreement.objects.in_force``: past its term
  before the daily expiry ran). The veteran is told; a lapsed guarantee is never given.
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
from portal.workflow import Conflict
from veterans.models import Enrolment, TrainingProgramme
from veterans.policies import consent_given

logger = logging.getLogger(__name__)

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


def _in_force(agreement: Agreement) -> bool:
    today = timezone.localdate()
    return Agreement.objects.in_force(today).filter(pk=agreement.pk).exists()


def _lapse(guarantee: InterviewGuarantee, actor: User | None) -> None:
    """The agreement ended with the interview still owed: the guarantee lapses and the
    veteran is told (the enterprise and the authority know the agreement ended)."""
    guarantee.lapse()
    guarantee.save(update_fields=["status", "lapsed_at"])
    agreement = guarantee.agreement
    audit_event_record(
        actor=actor,
        action=AuditAction.INTERVIEW_GUARANTEE_LAPSED,
        target=agreement,
        enrolment=guarantee.enrolment_id,
        agreement_status=agreement.status,
    )
    notify_after_commit(
        to=[guarantee.veteran.user.email],
        event="interview_guarantee_lapsed",
        context=_context(guarantee),
        link=reverse("jobs:my_training"),
    )


def _locked_owed(guarantees) -> list[InterviewGuarantee]:
    return list(
        guarantees.filter(status=InterviewGuarantee.Status.OWED)
        .select_for_update(of=("self",))
        .select_related("agreement__enterprise", "enrolment__programme", "veteran__user")
        .order_by("pk")
    )


def interview_guarantees_lapse(*, agreement: Agreement, actor: User | None) -> int:
    """Lapse every guarantee the agreement still owes, once it is no longer in force;
    answers how many lapsed. The rows are locked: a settlement giving one at this moment
    either gave it first (it stays given) or finds it lapsed."""
    with transaction.atomic():
        if _in_force(agreement):
            return 0
        owed = _locked_owed(InterviewGuarantee.objects.filter(agreement_id=agreement.pk))
        for guarantee in owed:
            _lapse(guarantee, actor)
    return len(owed)


def interview_guarantees_lapse_on_agreement_end(sender, *, agreement, actor, **kwargs) -> None:
    """enterprises.signals.agreement_ended: in the transaction that ends the agreement."""
    interview_guarantees_lapse(agreement=agreement, actor=actor)


def interview_guarantees_give(*, enrolment: Enrolment, actor: User) -> list[InterviewGuarantee]:
    """The interviews guaranteed to the completer of ``enrolment`` by every agreement in
    force its programme is linked to; called in the transaction that records the
    completion (the enrolment's row is locked). Exactly once per completion and agreement."""
    links = TrainingAgreementLink.objects.filter(
        programme_id=enrolment.programme_id,
        agreement__in=Agreement.objects.in_force(timezone.localdate()),
    )
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


# Why a settlement refuses a guarantee no longer owed.
NOT_OWED = {
    InterviewGuarantee.Status.GIVEN: _("This guaranteed interview has been arranged already."),
    InterviewGuarantee.Status.LAPSED: _(
        "This interview guarantee has lapsed: its agreement ended before an interview could "
        "be arranged, so it can no longer be given."
    ),
}


def interview_guarantee_settle(*, guarantee_id: int, actor: User | None) -> str:
    """Settle one owed guarantee: it lapses when its agreement is no longer in force, is
    given if its enterprise now has a post open for it and the veteran has consented
    (``_give``), and stays owed otherwise; answers its status after. A guarantee no longer
    owed (given, or lapsed) is refused with Conflict. The row is locked while it is
    settled, so two settlements at once give it once."""
    with transaction.atomic():
        guarantee = (
            InterviewGuarantee.objects.select_for_update(of=("self",))
            .select_related("agreement__enterprise", "enrolment__programme", "veteran__user")
            .get(pk=guarantee_id)
        )
        if guarantee.status != InterviewGuarantee.Status.OWED:
            raise Conflict(NOT_OWED[guarantee.status])
        if not _in_force(guarantee.agreement):
            _lapse(guarantee, actor)
        elif not _give(guarantee, actor):
            return InterviewGuarantee.Status.OWED
        return guarantee.status


def _settled(guarantee_id: int, actor: User | None) -> str | None:
    """A settlement of the bulk runs: None for a guarantee settled since it was picked
    (given by another settlement, or lapsed with its agreement)."""
    try:
        return interview_guarantee_settle(guarantee_id=guarantee_id, actor=actor)
    except Conflict:
        return None


def interview_guarantees_settle(*, enterprise_id: int, actor: User | None) -> int:
    """Settle the owed guarantees of an enterprise's agreements (after one of its posts was
    published); answers how many were given."""
    owed = InterviewGuarantee.objects.filter(
        agreement__enterprise_id=enterprise_id, status=InterviewGuarantee.Status.OWED
    ).values_list("pk", flat=True)
    outcomes = [_settled(pk, actor) for pk in list(owed)]
    return outcomes.count(InterviewGuarantee.Status.GIVEN)


@dataclass(frozen=True)
class RetryCounts:
    given: int
    still_owed: int
    lapsed: int
    failed: int


def interview_guarantees_retry_owed() -> RetryCounts:
    """Every owed guarantee again, through the settlement a post's approval runs: given
    when its enterprise has a post open now and the veteran has consented (a post open
    again once a suspension is lifted, a consent given since), lapsed when its agreement is
    no longer in force (its term ended, or it ended without the service noticing). Daily
    from Celery beat (jobs.tasks.retry_owed_interview_guarantees); a second run finds
    nothing owed that the first could give or lapse. Each guarantee in its own
    transaction: one that fails is logged, left owed, and the others go on."""
    counts = dict.fromkeys(InterviewGuarantee.Status.values, 0)
    failed = 0
    owed = InterviewGuarantee.objects.filter(status=InterviewGuarantee.Status.OWED)
    for pk in list(owed.order_by("pk").values_list("pk", flat=True)):
        try:
            status = _settled(pk, actor=None)
        except Exception:  # any one guarantee's failure must not stop the others
            logger.exception("Owed interview guarantee %s could not be retried", pk)
            failed += 1
            continue
        if status is not None:
            counts[status] += 1
    return RetryCounts(
        given=counts[InterviewGuarantee.Status.GIVEN],
        still_owed=counts[InterviewGuarantee.Status.OWED],
        lapsed=counts[InterviewGuarantee.Status.LAPSED],
        failed=failed,
    )
