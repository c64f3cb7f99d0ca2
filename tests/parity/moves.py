"""Every move a person makes on a workflow object, through the page and the API alike.

The decisions come from the reviews (enterprises/reviews.py, jobs/reviews.py): each one's
page route, API route and the statuses it is offered in. The other moves (an enterprise's
posts and applicants, a veteran's withdrawal, the bureau's follow-ups and enrolments) are
listed here. tests/parity/test_parity_transitions.py refuses each move from every status its
transition map does not allow, through both doors, and checks that every status a
workflow's map can reach is reached by a move listed here or by the system (SYSTEM_MOVES).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from dashboards.models import ActionItem, PledgeFollowUp, QuarterlyMeeting, QuarterlyNotice
from enterprises.models import (
    Agreement,
    Branch,
    Commendation,
    Enterprise,
    EnterpriseInvitation,
    Prospect,
)
from enterprises.reviews import AGREEMENT_REVIEW, BRANCH_REVIEW, ENTERPRISE_REVIEW
from jobs.models import (
    Application,
    Feedback,
    FollowUp,
    Interview,
    InterviewGuarantee,
    InterviewSlot,
    Invitation,
    JobPost,
    MatchingRun,
    Message,
    MessageReport,
    Notice,
    OfflineHire,
    PostReport,
    Referral,
)
from jobs.reviews import MESSAGE_REPORT_REVIEW, POST_REVIEW, REPORT_REVIEW
from startups.models import CaseFollowUp, MentorRequest, StartUp, SupportApplication
from tests import factories as f
from veterans.models import Enrolment, TrainingProgramme

TODAY = timezone.localdate
WRITTEN = {"note": "核实情况说明", "reason": "材料不全，请补充后重新提交。"}


@dataclass(frozen=True)
class Move:
    """One move: who makes it, how to stage its object in a status, and its two doors."""

    name: str
    model: type
    target: str
    actor: str  # the persona fixture that makes it
    make: Callable  # make(world, status) -> the object
    page: Callable  # page(obj) -> (method, url, data)
    api: Callable  # api(obj) -> (method, url, data)
    sources: frozenset = frozenset()  # empty: the model's transition map decides

    def allowed_from(self) -> set[str]:
        if self.sources:
            return set(self.sources)
        moves = self.model.TRANSITIONS
        return {source for source, targets in moves.items() if self.target in targets}

    def refused_from(self) -> list[str]:
        return [status for status in self.model.Status.values if status not in self.allowed_from()]


# --- staging objects in a status ---------------------------------------------------------------


def _reason_if_rejected(status: str) -> dict:
    return {"decision_reason": "不符合要求"} if status in ("rejected", "taken_down") else {}


def make_enterprise(world, status):
    return f.EnterpriseFactory(
        status=status, hq_region=f.region(f.CITY_X), **_reason_if_rejected(status)
    )


def make_branch(world, status):
    return f.BranchFactory(
        enterprise=world.enterprise_a, status=status, **_reason_if_rejected(status)
    )


def make_own_enterprise(world, status):
    """hr_a's own enterprise in the status (a resubmission is its staff's move)."""
    enterprise = world.enterprise_a
    Enterprise.objects.filter(pk=enterprise.pk).update(status=status, **_reason_if_rejected(status))
    enterprise.refresh_from_db()
    return enterprise


def _details(obj, *fields) -> dict:
    """The object's own details as a form and the API send them (foreign keys by pk)."""
    return {name: getattr(obj, f"{name}_id", getattr(obj, name)) for name in fields}


ENTERPRISE_DETAILS = ("name", "credit_code", "ownership", "industry", "hq_region")
BRANCH_DETAILS = ("name", "region", "address", "contact_name", "contact_phone")


def make_agreement(world, status):
    signed = None if status in ("draft", "terminated") else datetime.date(2025, 6, 15)
    return f.AgreementFactory(enterprise=world.enterprise_a, status=status, signed_on=signed)


def make_commendation(world, status):
    note = "" if status == "proposed" else "已核实"
    return Commendation.objects.create(
        enterprise=world.enterprise_a,
        kind=Commendation.Kind.COMMENDATION,
        year=2025,
        quarter=4,
        period_ends_on=datetime.date(2025, 12, 31),
        status=status,
        note=note,
    )


def make_post(world, status):
    published = timezone.now() if status not in ("draft", "pending", "rejected") else None
    filled = {"filled_count": 5, "openings": 5} if status == "filled" else {}
    return f.JobPostFactory(
        branch=world.branch_a,
        status=status,
        published_at=published,
        **filled,
        **_reason_if_rejected(status),
    )


def make_report(world, status):
    handled = (
        {} if status == "open" else {"handled_by": world.bureau_x, "handled_at": timezone.now()}
    )
    return f.PostReportFactory(
        post=make_post(world, "published"),
        reporter=world.other_veteran.user,
        status=status,
        **handled,
    )


def make_application(world, status):
    return f.ApplicationFactory(
        post=make_post(world, "published"), veteran=world.veteran, status=status
    )


def make_follow_up(world, status):
    done = {"outcome": "employed", "recorded_at": timezone.now()} if status == "done" else {}
    placement = f.PlacementFactory(application=make_application(world, "hired"))
    return f.FollowUpFactory(placement=placement, status=status, **done)


def make_pledge_follow_up(world, status):
    """A follow-up of enterprise A (headquartered in bureau_x's province) in the status."""
    notice = QuarterlyNotice.objects.create(
        year=2024, quarter=1, audience="enterprise", enterprise=world.enterprise_a, behind=True
    )
    closed = {"note": "已约谈", "closed_at": timezone.now()} if status == "closed" else {}
    return PledgeFollowUp.objects.create(
        notice=notice,
        enterprise=world.enterprise_a,
        region=world.enterprise_a.hq_region,
        due_on=TODAY(),
        status=status,
        **closed,
    )


def make_action_item(world, status):
    """An action item of hr_a, from a meeting the bureau recorded."""
    meeting = QuarterlyMeeting.objects.create(
        held_on=TODAY(), title="季度座谈会", minutes="纪要", recorded_by=world.bureau_x
    )
    meeting.participants.set([world.bureau_x, world.hr_a])
    return ActionItem.objects.create(
        meeting=meeting, text="补发岗位", owner=world.hr_a, due_on=TODAY(), status=status
    )


def make_offline_hire(world, status):
    post = make_post(world, "published")
    placement = None
    if status == "confirmed":
        placement = f.PlacementFactory(
            application=None, channel="direct", post=post, veteran=world.veteran
        )
    return OfflineHire.objects.create(
        post=post, channel="direct", veteran=world.veteran, started_on=TODAY(),
        recorded_by=world.hr_a, status=status, placement=placement,
    )  # fmt: skip


def _by_token(route: str):
    return lambda obj: ("post", reverse(route, args=[obj.token]), {})


def make_enrolment(world, status):
    completed = {"completed_on": TODAY()} if status == "completed" else {}
    return f.EnrolmentFactory(veteran=world.veteran, status=status, **completed)


def make_programme(world, status):
    """An institution's programme of city X in the status (the bureau decides a proposal)."""
    programme = f.TrainingProgrammeFactory(status=status, **_reason_if_rejected(status))
    programme.skills.set([f.SkillFactory(code="parity-skill")])
    return programme


def make_interview(world, status):
    interview = Interview.objects.create(
        application=make_application(world, "interview"), status=status, place="会议室",
        contact_name="王经理", contact_phone="010-12345678", proposed_by=world.hr_a,
    )  # fmt: skip
    slot = InterviewSlot.objects.create(
        interview=interview, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    if status == Interview.Status.ACCEPTED:
        Interview.objects.filter(pk=interview.pk).update(chosen_slot=slot)
    return interview


def make_message_report(world, status):
    message = Message.objects.create(
        application=make_application(world, "viewed"), sender=world.hr_a,
        side=Message.Side.ENTERPRISE, body="请先交押金",
    )  # fmt: skip
    handled = (
        {} if status == "open" else {"handled_by": world.bureau_x, "handled_at": timezone.now()}
    )
    return MessageReport.objects.create(
        message=message, reporter=world.veteran.user, reason="fees", status=status, **handled
    )


def make_invitation(world, status):
    return Invitation.objects.create(
        post=make_post(world, "published"), veteran=world.veteran, invited_by=world.hr_a,
        status=status,
    )  # fmt: skip


def make_referral(world, status):
    """A referral by bureau_x of the consenting veteran to hr_a's published post."""
    f.referral_consent(world.veteran)
    return f.ReferralFactory(
        veteran=world.veteran, post=make_post(world, "published"), referred_by=world.bureau_x,
        status=status, decline_reason="岗位已招满" if status == "declined" else "",
    )  # fmt: skip


def make_enterprise_invitation(world, status):
    """The ministry's invitation, its link open (a registered one names its enterprise)."""
    registered = {"enterprise": world.enterprise_a} if status == "registered" else {}
    return EnterpriseInvitation.objects.create(
        name="丁能源集团有限公司", credit_code=world.enterprise_a.credit_code, contact_name="赵敏",
        email="hr@ding.example.cn", signatory_level="ministry", invited_by=world.ministry,
        expires_at=timezone.now() + datetime.timedelta(days=30), status=status, **registered,
    )  # fmt: skip


def make_prospect(world, status):
    """Enterprise A screened by province X's bureau."""
    decided = {} if status == "screening" else {"decision_reason": "已作出决定"}
    return Prospect.objects.create(
        enterprise=world.enterprise_a, signatory_level="province", region=world.bureau_x.region,
        status=status, proposed_posts=10, cooperation_mode="industry", **decided,
    )  # fmt: skip


def _selection(prospect) -> dict:
    batch = f.BatchFactory(number=97)
    return {"batch": batch.pk, "pledged_posts": 10, "cooperation_mode": "industry",
            "starts_on": "2031-01-01", "ends_on": "2032-01-01", "reason": "综合评分靠前"}  # fmt: skip


def make_notice(world, status):
    """A notice of bureau_x's province in the status."""
    published = None if status == "draft" else timezone.now()
    return f.NoticeFactory(created_by=world.bureau_x, status=status, published_at=published)


def make_feedback(world, status):
    """Questions put to the veteran about a placement at hr_a's post."""
    answered = (
        {"score_1": 4, "score_2": 4, "answered_at": timezone.now()} if status != "asked" else {}
    )
    placement = f.PlacementFactory(
        application__post=make_post(world, "published"), application__veteran=world.veteran
    )
    return f.FeedbackFactory(placement=placement, status=status, **answered)


def _slot(interview) -> dict:
    return {"slot": interview.slots.get().pk}


# --- the moves ----------------------------------------------------------------------------------

# Each review: its API route, who decides in these cases and how to stage its object.
REVIEWS = [
    (ENTERPRISE_REVIEW, "api-enterprise-{name}", "bureau_x", make_enterprise),
    (BRANCH_REVIEW, "api-branch-{name}", "bureau_x", make_branch),
    (AGREEMENT_REVIEW, "api-agreement-{name}", "ministry", make_agreement),
    (POST_REVIEW, "api-post-{name}", "bureau_x", make_post),
    (REPORT_REVIEW, "api-report-{name}", "bureau_x", make_report),
    (MESSAGE_REPORT_REVIEW, "api-message-report-{name}", "bureau_x", make_message_report),
]


def _post(route: str, data=None, **kwargs):
    return lambda obj: ("post", reverse(route.format(**kwargs), args=[obj.pk]), data or {})


def _decisions() -> list[Move]:
    moves = []
    for review, api_route, actor, make in REVIEWS:
        for decision in review.decisions:
            moves.append(
                Move(
                    name=f"{review.model.__name__.lower()}.{decision.name}",
                    model=review.model,
                    target=decision.target,
                    actor=actor,
                    make=make,
                    page=_post(review.url, WRITTEN, name=decision.name),
                    api=_post(api_route, WRITTEN, name=decision.name),
                    sources=frozenset(review.sources(decision)),
                )
            )
    return moves


def _advance(target: str) -> Move:
    data = {"target": target, "message": "请带齐证件"}
    return Move(
        name=f"application.{target}",
        model=Application,
        target=target,
        actor="hr_a",
        make=make_application,
        page=_post("jobs:application_advance", data),
        api=_post("api-application-advance", data),
    )


def _move(name, model, target, actor, make, page_route, api_route, data=None, **kwargs):
    """A move whose page and API routes both take the object's pk and the same data."""
    page, api = _post(page_route, data), _post(api_route, data)
    return Move(name, model, target, actor, make, page, api, **kwargs)


def _today() -> dict:
    return {"started_on": TODAY().isoformat(), "completed_on": TODAY().isoformat()}


FOLLOW_UP = {"outcome": "employed", "note": "电话回访"}
POST_STATUS, APPLICATION_STATUS, ENROLMENT_STATUS = (
    JobPost.Status,
    Application.Status,
    Enrolment.Status,
)

MOVES: list[Move] = [
    *_decisions(),
    # published > pending is a material edit's, not a submission.
    _move("job_post.submit", JobPost, POST_STATUS.PENDING, "hr_a", make_post,
          "jobs:enterprise_post_submit", "api-post-submit",
          sources=frozenset({POST_STATUS.DRAFT, POST_STATUS.REJECTED})),
    _move("job_post.close", JobPost, POST_STATUS.CLOSED, "hr_a", make_post,
          "jobs:enterprise_post_close", "api-post-close"),
    *[_advance(target) for target in ("viewed", "shortlisted", "interview", "offered", "rejected")],
    Move("application.hire", Application, APPLICATION_STATUS.HIRED, "hr_a", make_application,
         lambda o: ("post", reverse("jobs:application_hire", args=[o.pk]), _today()),
         lambda o: ("post", reverse("api-application-hire", args=[o.pk]), _today())),
    _move("application.withdraw", Application, APPLICATION_STATUS.WITHDRAWN, "veteran",
          make_application, "jobs:application_withdraw", "api-application-withdraw"),
    _move("follow_up.record", FollowUp, FollowUp.Status.DONE, "bureau_x", make_follow_up,
          "jobs:follow_up_record", "api-follow-up-record", FOLLOW_UP),
    Move("enterprise.resubmit", Enterprise, Enterprise.Status.APPLIED, "hr_a", make_own_enterprise,
         lambda o: ("post", reverse("enterprises:enterprise_resubmit"), _details(o, *ENTERPRISE_DETAILS)),
         lambda o: ("post", reverse("api-enterprise-resubmit"), _details(o, *ENTERPRISE_DETAILS))),
    Move("branch.resubmit", Branch, Branch.Status.PENDING, "hr_a", make_branch,
         lambda o: ("post", reverse("enterprises:branch_resubmit", args=[o.pk]), _details(o, *BRANCH_DETAILS)),
         lambda o: ("post", reverse("api-branch-resubmit", args=[o.pk]), _details(o, *BRANCH_DETAILS))),
    _move("training_programme.approve", TrainingProgramme, TrainingProgramme.Status.APPROVED,
          "bureau_x", make_programme, "jobs:training_programme_approve", "api-programme-approve"),
    _move("training_programme.reject", TrainingProgramme, TrainingProgramme.Status.REJECTED,
          "bureau_x", make_programme, "jobs:training_programme_reject", "api-programme-reject",
          {"reason": "场地未核实"}),
    _move("enrolment.start", Enrolment, ENROLMENT_STATUS.ATTENDING, "bureau_x", make_enrolment,
          "jobs:training_start", "api-enrolment-start"),
    Move("enrolment.complete", Enrolment, ENROLMENT_STATUS.COMPLETED, "bureau_x", make_enrolment,
         lambda o: ("post", reverse("jobs:training_complete", args=[o.pk]), _today()),
         lambda o: ("post", reverse("api-enrolment-complete", args=[o.pk]), _today())),
    _move("enrolment.drop", Enrolment, ENROLMENT_STATUS.DROPPED, "bureau_x", make_enrolment,
          "jobs:training_drop", "api-enrolment-drop"),
    _move("enrolment.withdraw", Enrolment, ENROLMENT_STATUS.WITHDRAWN, "veteran", make_enrolment,
          "jobs:training_withdraw", "api-enrolment-withdraw"),
    Move("offline_hire.confirm", OfflineHire, OfflineHire.Status.CONFIRMED, "veteran", make_offline_hire,
         _by_token("jobs:offline_hire_confirm"), _post("api-offline-hire-confirm")),
    Move("offline_hire.decline", OfflineHire, OfflineHire.Status.DECLINED, "veteran", make_offline_hire,
         _by_token("jobs:offline_hire_decline"), _post("api-offline-hire-decline")),
    Move("interview.accept", Interview, Interview.Status.ACCEPTED, "veteran", make_interview,
         lambda o: ("post", reverse("jobs:interview_accept", args=[o.pk]), _slot(o)),
         lambda o: ("post", reverse("api-interview-accept", args=[o.pk]), _slot(o))),
    _move("interview.decline", Interview, Interview.Status.DECLINED, "veteran", make_interview,
          "jobs:interview_decline", "api-interview-decline"),
    _move("interview.reschedule", Interview, Interview.Status.RESCHEDULED, "veteran",
          make_interview, "jobs:interview_reschedule", "api-interview-reschedule",
          {"note": "下周一上午"}),
    _move("interview.cancel", Interview, Interview.Status.CANCELLED, "hr_a", make_interview,
          "jobs:interview_cancel", "api-interview-cancel"),
    _move("invitation.apply", Invitation, Invitation.Status.APPLIED, "veteran", make_invitation,
          "jobs:invitation_apply", "api-invitation-apply"),
    _move("invitation.decline", Invitation, Invitation.Status.DECLINED, "veteran",
          make_invitation, "jobs:invitation_decline", "api-invitation-decline"),
    _move("referral.take_up", Referral, Referral.Status.TAKEN_UP, "hr_a", make_referral,
          "jobs:referral_take_up", "api-referral-take-up"),
    _move("pledge_follow_up.close", PledgeFollowUp, PledgeFollowUp.Status.CLOSED, "bureau_x",
          make_pledge_follow_up, "dashboards:pledge_follow_up_close", "api-pledge-follow-up-close",
          {"note": "已约谈，下月补发"}),
    _move("notice.publish", Notice, Notice.Status.PUBLISHED, "bureau_x", make_notice,
          "jobs:notice_publish", "api-notice-publish"),
    _move("notice.withdraw", Notice, Notice.Status.WITHDRAWN, "bureau_x", make_notice,
          "jobs:notice_withdraw", "api-notice-withdraw"),
    _move("feedback.answer", Feedback, Feedback.Status.ANSWERED, "veteran", make_feedback,
          "jobs:feedback_answer", "api-feedback-answer", {"score_1": 4, "score_2": 5}),
    _move("feedback.decline", Feedback, Feedback.Status.DECLINED, "veteran", make_feedback,
          "jobs:feedback_decline", "api-feedback-decline"),
    _move("action_item.done", ActionItem, ActionItem.Status.DONE, "hr_a", make_action_item,
          "dashboards:action_item_done", "api-action-item-done", {"note": "已完成"}),
    _move("referral.decline", Referral, Referral.Status.DECLINED, "hr_a", make_referral,
          "jobs:referral_decline", "api-referral-decline", {"reason": "岗位已招满，暂不考虑"}),
    # Resending keeps a sent invitation sent (with a new link) and sends an expired one again.
    _move("enterprise_invitation.resend", EnterpriseInvitation, EnterpriseInvitation.Status.SENT,
          "ministry", make_enterprise_invitation, "enterprises:invitation_resend",
          "api-enterprise-invitation-resend",
          sources=frozenset({EnterpriseInvitation.Status.SENT, EnterpriseInvitation.Status.EXPIRED})),
    Move("enterprise_invitation.decline", EnterpriseInvitation, EnterpriseInvitation.Status.DECLINED,
         "veteran", make_enterprise_invitation,
         lambda o: ("post", reverse("enterprises:invitation_decline", args=[o.token]), {"reason": "暂无计划"}),
         lambda o: ("post", reverse("api-enterprise-invitation-decline", args=[o.token]), {"reason": "暂无计划"})),
    Move("screening.select", Prospect, Prospect.Status.SELECTED, "bureau_x", make_prospect,
         lambda o: ("post", reverse("enterprises:screening_select", args=[o.pk]), _selection(o)),
         lambda o: ("post", reverse("api-screening-select", args=[o.pk]), _selection(o))),
    _move("screening.defer", Prospect, Prospect.Status.DEFERRED, "bureau_x", make_prospect,
          "enterprises:screening_defer", "api-screening-defer", {"reason": "岗位质量待提升"}),
    _move("commendation.confirm", Commendation, Commendation.Status.CONFIRMED, "ministry",
          make_commendation, "dashboards:commendation_confirm", "api-commendation-confirm",
          {"note": "成效突出"}),
    _move("commendation.dismiss", Commendation, Commendation.Status.DISMISSED, "ministry",
          make_commendation, "dashboards:commendation_dismiss", "api-commendation-dismiss",
          {"note": "复核撤销"}),
]  # fmt: skip


# Statuses a workflow reaches without a person's move through a page or the API.
SYSTEM_MOVES = {
    (JobPost, JobPost.Status.PENDING): "also a material edit of a published post (job_post_update)",
    (JobPost, JobPost.Status.FILLED): "the hire that takes the last opening (application_hire)",
    (JobPost, JobPost.Status.EXPIRED): "the nightly expiry of posts past their deadline",
    (JobPost, JobPost.Status.TAKEN_DOWN): "confirming a report on the post (post_report.confirm), "
    "or a verification finding it not genuine",
    (JobPost, JobPost.Status.SUSPENDED): "suspending its enterprise (enterprise.suspend)",
    (FollowUp, FollowUp.Status.DUE): "the daily task that marks follow-ups due",
    (OfflineHire, OfflineHire.Status.EXPIRED): "the daily expiry of hires not confirmed in time",
    (Referral, Referral.Status.OVERDUE): "the daily task that marks unanswered referrals overdue",
    (EnterpriseInvitation, EnterpriseInvitation.Status.REGISTERED): "a side effect of "
    "registering the enterprise from the invitation's link (the registration page)",
    (EnterpriseInvitation, EnterpriseInvitation.Status.EXPIRED): "the daily task that expires "
    "invitations whose link ran out (remind_and_expire_invitations)",
    (MatchingRun, MatchingRun.Status.DONE): "the matching engine finishing a run",
    (MatchingRun, MatchingRun.Status.FAILED): "the matching engine giving up a run",
    (TrainingProgramme, TrainingProgramme.Status.PENDING): "an institution's proposal "
    "(training_programme_propose) or its correction of a rejected one (training_programme_revise)",
    (InterviewGuarantee, InterviewGuarantee.Status.GIVEN): "recording the completion of a "
    "linked programme (enrolment_complete), or publishing a post of an enterprise that owed "
    "the interview (job_post_approve): no person moves a guarantee",
    (InterviewGuarantee, InterviewGuarantee.Status.LAPSED): "its agreement ending "
    "(agreement_terminate, agreement_expire and the daily expiry, through "
    "enterprises.signals.agreement_ended), or a settlement or the daily retry finding the "
    "agreement no longer in force: no person lapses a guarantee",
}

WORKFLOWS = (
    Enterprise,
    Branch,
    Agreement,
    JobPost,
    PostReport,
    Application,
    FollowUp,
    Enrolment,
    TrainingProgramme,
    MatchingRun,
    OfflineHire,
    Interview,
    InterviewGuarantee,
    MessageReport,
    Invitation,
    Referral,
    EnterpriseInvitation,
    Prospect,
    Commendation,
    PledgeFollowUp,
    ActionItem,
    Notice,
    Feedback,
)

# Workflows whose moves have no API door (the bureau's side of start-ups, its pairing of
# mentors (the API pairs too; its refusals are in tests/parity/test_parity_rules.py) and its
# case records):
# their refused transitions are refused on the page, tested in tests/startups/.
WEB_ONLY_WORKFLOWS = {
    StartUp: "tests/startups/test_startup_views.py (a start-up decided once)",
    MentorRequest: "tests/startups/test_mentors.py (a request paired once)",
    SupportApplication: "tests/startups/test_entrepreneur_cases.py (an application decided once)",
    CaseFollowUp: "tests/startups/test_entrepreneur_cases.py (due by the daily task)",
}
