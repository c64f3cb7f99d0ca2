"""The world the authorisation matrix (tests/test_authorisation_matrix.py) asks about.

Two symmetric sides: the OWN side (enterprise A in city X of province X, the veteran) whose
objects the matrix expects each role to reach or not, and the FOREIGN side (enterprise B in
city Y of province Y, another veteran) with the same set of objects, which the roles allowed
on the own side must not reach. Also the URL walk, the outcomes a response can have and a
snapshot of the tables a refused request must leave alone.
"""

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from dashboards.models import ActionItem, PledgeFollowUp, QuarterlyMeeting, QuarterlyNotice
from demo.identifiers import make_credit_code
from enterprises.models import (
    Agreement,
    Branch,
    Commendation,
    Consultation,
    CooperationBatch,
    Enterprise,
    EnterpriseInvitation,
    EnterpriseMember,
    InvitationUpload,
    Prospect,
)
from jobs.models import (
    Application,
    EventRegistration,
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
    NoticeAttachment,
    OfflineHire,
    Placement,
    PostCandidate,
    PostImport,
    PostReport,
    RecruitmentEvent,
    Referral,
    SavedPost,
    SavedSearch,
    TrainingAgreementLink,
    Verification,
    VerificationEvidence,
)
from portal.accounts.models import (
    AuditEvent,
    Notification,
    NotificationPreference,
    OutgoingEmail,
    OutgoingSms,
    PhoneVerification,
    User,
)
from startups.models import (
    CaseContact,
    CaseFollowUp,
    EntrepreneurCase,
    Incubation,
    MentorPair,
    MentorRequest,
    MentorSession,
    StartUp,
    SupportApplication,
    SupportBase,
    SupportPolicy,
)
from tests import factories as f
from tests import pdfs
from veterans.models import (
    Consent,
    Enrolment,
    InstitutionMember,
    Resume,
    ServiceStation,
    StatusConfirmation,
    TrainingInstitution,
    TrainingProgramme,
    VeteranProfile,
    VeteranSkill,
)

PDF = pdfs.ONE_PAGE
ROLES = (
    "anonymous", "veteran", "hr_a", "bureau_x", "bureau_y", "ministry", "bureau_district",
    "institution",
)  # fmt: skip
# The roles that have a foreign counterpart they must not reach (bureau_y's province and
# the ministry's nation hold both sides' objects). "institution": a staff account of the
# own side's training institution.
FOREIGN_ROLES = ("veteran", "hr_a", "bureau_x", "institution")
# The two sides' veterans' mobile numbers: known, so that a page showing one in full can be
# found (tests/test_personal_data_exposure.py, and every GET of the authorisation matrix).
PHONES = {"own": "13912345678", "foreign": "13787654321"}
# Who may see a side's full mobile number, and where (issue 16, item 5): the staff of the
# enterprise the veteran applied to with the consent to share it, and the bureau doing the
# follow-up; each showing is an audit event (tests/jobs/test_contact_details.py). The value:
# whose number; province Y's bureau follows up the foreign side's placement.
CALLERS = {
    ("hr_a", "jobs:applicant_contact"): "own",
    ("hr_a", "api-application-contact"): "own",
    ("bureau_x", "jobs:follow_up_contact"): "own",
    ("bureau_x", "api-follow-up-contact"): "own",
    ("bureau_y", "jobs:follow_up_contact"): "foreign",
    ("bureau_y", "api-follow-up-contact"): "foreign",
}

# --- the URL patterns of the site ----------------------------------------------------------


def url_patterns(resolver: URLResolver | None = None, route: str = "", namespace: str = ""):
    """(key, route) of every pattern: its namespaced name, or its full route if unnamed."""
    for entry in (resolver or get_resolver()).url_patterns:
        full = route + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, full, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else full), full


# --- outcomes ------------------------------------------------------------------------------

OK = "ok"  # let in: 2xx or a redirect that is not to the login page
LOGIN = "login"  # sent to the login page; 401/403 from the API
NOT_FOUND, FORBIDDEN, NOT_ALLOWED, BAD_REQUEST = "404", "403", "405", "400"
# Let in by the role gate, then refused by the service with a message (web pages only; the
# API answers such a refusal 403). Whatever the page shows, nothing may change.
REFUSED = "refused"
WRITES = ("POST", "PUT", "PATCH", "DELETE")
# Outcomes of a request that must change nothing.
KEPT_OUT = (LOGIN, NOT_FOUND, FORBIDDEN, NOT_ALLOWED, BAD_REQUEST, REFUSED)


def _to_login(response) -> bool:
    return response.status_code in (301, 302) and response.url.startswith(reverse("accounts:login"))


def matches(expected: str, response, *, method: str, api: bool) -> bool:
    code = response.status_code
    if code >= 500:
        return False
    let_in = 200 <= code < 300 or (300 <= code < 400 and not _to_login(response))
    if expected == OK:
        # A write may be let in and then find the input (400) or the state (409) wrong:
        # the matrix is about who gets in, other tests about what the writes do.
        return let_in or (method in WRITES and code in (400, 409))
    if expected == REFUSED:
        return let_in and not api
    if expected == LOGIN:
        return code in (401, 403) if api else _to_login(response)
    return str(code) == expected


# --- the world -----------------------------------------------------------------------------


@dataclass
class Side:
    """Everything of one enterprise, one region and one veteran."""

    city: str
    province: str
    hr: User
    bureau: User
    veteran: VeteranProfile
    enterprise: Enterprise = None
    enterprise_applied: Enterprise = None
    enterprise_suspended: Enterprise = None
    colleague: EnterpriseMember = None
    branch: Branch = None
    branch_pending: Branch = None
    post: JobPost = None
    post_pending: JobPost = None
    post_hired: JobPost = None
    resume: Resume = None
    application: Application = None
    placement: Placement = None
    follow_up: FollowUp = None
    report: PostReport = None
    verification: Verification = None
    event: RecruitmentEvent = None
    agreement_draft: Agreement = None
    agreement_signed: Agreement = None
    agreement_active: Agreement = None
    saved_post: SavedPost = None
    saved_search: SavedSearch = None
    institution: TrainingInstitution = None
    institution_member: InstitutionMember = None
    programme: TrainingProgramme = None
    programme_pending: TrainingProgramme = None
    officer: User = None
    enrolment: Enrolment = None
    notification: Notification = None
    evidence: VerificationEvidence = None
    offline_hire: OfflineHire = None
    registration: EventRegistration = None
    post_import: PostImport = None
    interview: Interview = None
    message: Message = None
    message_report: MessageReport = None
    post_invited: JobPost = None
    invitation: Invitation = None
    commendation: Commendation = None
    post_referable: JobPost = None
    referral: Referral = None
    startup: StartUp = None
    startup_declared: StartUp = None
    startup_rejected: StartUp = None
    mentor_request: MentorRequest = None
    mentor_pair: MentorPair = None
    case: EntrepreneurCase = None
    case_follow_up: CaseFollowUp = None
    support_application: SupportApplication = None
    incubation: Incubation = None
    support_base: SupportBase = None
    support_policy: SupportPolicy = None
    enterprise_invitation: EnterpriseInvitation = None
    invitation_upload: InvitationUpload = None
    prospect: Prospect = None
    quarterly_notice: QuarterlyNotice = None  # the enterprise's
    bureau_notice: QuarterlyNotice = None  # the province's bureau's
    ministry_notice: QuarterlyNotice = None  # of a quarter of its own on each side
    pledge_follow_up: PledgeFollowUp = None
    meeting: QuarterlyMeeting = None  # recorded by the bureau, with the HR user
    action_item: ActionItem = None  # the HR user's
    service_station: ServiceStation = None
    service_station_retired: ServiceStation = None
    service_station_district: ServiceStation = None
    notice: Notice = None
    notice_draft: Notice = None
    notice_file: NoticeAttachment = None
    notice_draft_file: NoticeAttachment = None
    feedback: Feedback = None


@dataclass
class World:
    users: dict
    own: Side
    foreign: Side
    batches: list


_credit_serial = iter(range(900_001, 999_999))


def _enterprise(name: str, city: str, status: str) -> Enterprise:
    code = make_credit_code(city[:2] + "0000", next(_credit_serial))
    return f.EnterpriseFactory(name=name, hq_region=f.region(city), status=status, credit_code=code)


def _pending(branch: Branch, **fields) -> JobPost:
    return f.JobPostFactory(
        branch=branch, status=JobPost.Status.PENDING, published_at=None, **fields
    )


def _resume(veteran: VeteranProfile) -> Resume:
    resume = Resume(veteran=veteran, original_name="简历.pdf", size=len(PDF))
    resume.file.save("resume.pdf", ContentFile(PDF), save=True)
    return resume


def _enterprises(side: Side, letter: str) -> None:
    side.enterprise = _enterprise(f"{letter}企业集团有限公司", side.city, "approved")
    side.enterprise_applied = _enterprise(f"{letter}申请企业有限公司", side.city, "applied")
    side.enterprise_suspended = _enterprise(f"{letter}暂停企业有限公司", side.city, "suspended")
    EnterpriseMember.objects.create(
        enterprise=side.enterprise, user=side.hr, role=EnterpriseMember.Role.ADMIN
    )
    # A colleague of the side's HR, whose account the administrator may deactivate.
    side.colleague = f.EnterpriseMemberFactory(
        enterprise=side.enterprise, role=EnterpriseMember.Role.RECRUITER
    )
    side.branch = f.BranchFactory(enterprise=side.enterprise, region=f.region(side.city))
    side.branch_pending = f.BranchFactory(
        enterprise=side.enterprise, region=f.region(side.city), status=Branch.Status.PENDING
    )


def _posts_and_applications(side: Side) -> None:
    side.post = f.JobPostFactory(branch=side.branch, title="保安")
    side.post_pending = _pending(side.branch, title="仓库管理员")
    side.post_hired = f.JobPostFactory(branch=side.branch, title="司机")
    side.resume = _resume(side.veteran)
    side.application = f.ApplicationFactory(
        post=side.post, veteran=side.veteran, resume=side.resume, contact_shared_at=timezone.now()
    )
    hired = f.ApplicationFactory(
        post=side.post_hired, veteran=side.veteran, status=Application.Status.HIRED
    )
    side.placement = f.PlacementFactory(application=hired)
    side.follow_up = f.FollowUpFactory(placement=side.placement, status=FollowUp.Status.DUE)
    side.report = f.PostReportFactory(post=side.post, reporter=side.veteran.user)
    side.verification = f.VerificationFactory(post=side.post, verified_by=side.bureau)
    side.saved_post = SavedPost.objects.create(veteran=side.veteran, post=side.post)
    side.saved_search = SavedSearch.objects.create(
        veteran=side.veteran, name="北京保安", params={"q": "保安"}
    )


def _contact(side: Side) -> None:
    """An interview proposed for the side's application, a message of the enterprise in its
    thread that the veteran reported, an invitation to another post, and the veteran among
    the current run's candidates of the side's post (whom an invitation may name)."""
    side.interview = Interview.objects.create(
        application=side.application, place="矩阵会议室", contact_name="王经理",
        contact_phone="010-12345678", proposed_by=side.hr,
    )  # fmt: skip
    InterviewSlot.objects.create(
        interview=side.interview, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    side.message = Message.objects.create(
        application=side.application, sender=side.hr, side=Message.Side.ENTERPRISE, body="矩阵消息"
    )
    side.message_report = MessageReport.objects.create(
        message=side.message, reporter=side.veteran.user, reason=MessageReport.Reason.ABUSE
    )
    side.post_invited = f.JobPostFactory(branch=side.branch, title="电工")
    side.invitation = Invitation.objects.create(
        post=side.post_invited, veteran=side.veteran, invited_by=side.hr, score=0.8
    )
    run = MatchingRun.objects.filter(is_current=True).first() or MatchingRun.objects.create(
        status=MatchingRun.Status.DONE, is_current=True
    )
    PostCandidate.objects.create(run=run, post=side.post, veteran=side.veteran, score=0.8)


def _agreements(side: Side, batches: list) -> None:
    """One agreement per state an action starts from, each signed by the side's bureau."""
    fields = {
        "enterprise": side.enterprise,
        "signatory_level": Agreement.SignatoryLevel.PROVINCE,
        "region": f.region(side.province),
    }
    side.agreement_draft = f.AgreementFactory(
        batch=batches[0], status=Agreement.Status.DRAFT, signed_on=None, **fields
    )
    side.agreement_signed = f.AgreementFactory(
        batch=batches[1], status=Agreement.Status.SIGNED, **fields
    )
    side.agreement_active = f.AgreementFactory(batch=batches[2], **fields)
    side.commendation = Commendation.objects.create(
        enterprise=side.enterprise,
        kind=Commendation.Kind.COMMENDATION,
        year=2025,
        quarter=4,
        period_ends_on=datetime.date(2025, 12, 31),
    )


def _training(side: Side) -> None:
    """An institution and a programme of the side's city, the side's veteran enrolled."""
    side.institution = f.TrainingInstitutionFactory(region=f.region(side.city))
    side.programme = f.TrainingProgrammeFactory(institution=side.institution)
    side.programme.skills.set([f.SkillFactory(code=f"matrix-skill-{side.city}")])
    side.enrolment = f.EnrolmentFactory(programme=side.programme, veteran=side.veteran)
    # What the institution's own staff proposed, waiting for the bureau's approval.
    side.programme_pending = f.TrainingProgrammeFactory(
        institution=side.institution, title="待批准的培训班", status="pending"
    )
    side.programme_pending.skills.set(side.programme.skills.all())
    side.institution_member = f.InstitutionMemberFactory(institution=side.institution)
    # An officer of the side's city, whose account the province's managing officer keeps.
    side.officer = f.BureauUserFactory(region=f.region(side.city))


def _startups(side: Side, letter: str) -> None:
    """The side's veteran's start-ups of the side's city: confirmed (with its enterprise),
    awaiting confirmation and not confirmed."""
    made = {"founder": side.veteran, "region": f.region(side.city)}
    name = f"{letter}兵创科技有限公司"
    side.startup = f.StartUpFactory(
        name=name,
        status="confirmed",
        enterprise=_enterprise(name, side.city, "approved"),
        reviewed_by=side.bureau,
        reviewed_at=timezone.now(),
        **made,
    )
    mentor = f.MentorFactory(region=f.region(side.city), capacity=3)
    side.mentor_pair = MentorPair.objects.create(
        request=f.MentorRequestFactory(
            veteran=side.veteran, region=f.region(side.city), status="paired"
        ),
        mentor=mentor,
        paired_by=side.bureau,
    )
    side.mentor_request = f.MentorRequestFactory(veteran=side.veteran, region=f.region(side.city))
    side.startup_declared = f.StartUpFactory(name=f"{letter}兵申报有限公司", **made)
    side.startup_rejected = f.StartUpFactory(
        name=f"{letter}兵未确认有限公司", status="rejected", decision_reason="矩阵", **made
    )


def _case_record(side: Side, letter: str) -> None:
    """The bureau's case record of the side's veteran, kept in the side's city, with an
    application waiting for its answer, a stay at a base not ended and a follow-up due;
    and the side's catalogue (a base and a loan)."""
    region = f.region(side.city)
    side.support_base = f.SupportBaseFactory(name=f"{letter}兵孵化基地", region=region)
    side.support_policy = f.SupportPolicyFactory(title=f"{letter}创业担保贷款", region=region)
    side.case = f.EntrepreneurCaseFactory(veteran=side.veteran, region=region, startup=side.startup)
    side.case_follow_up = CaseFollowUp.objects.create(
        case=side.case, month=6, due_on=timezone.localdate(), status=CaseFollowUp.Status.DUE
    )
    side.support_application = f.SupportApplicationFactory(
        case=side.case, policy=side.support_policy
    )
    side.incubation = Incubation.objects.create(
        case=side.case, base=side.support_base, started_on=timezone.localdate()
    )


def _side(letter: str, city: str, district: str, hr: User, bureau: User, veteran, batches) -> Side:
    side = Side(city=city, province=city[:2] + "0000", hr=hr, bureau=bureau, veteran=veteran)
    _enterprises(side, letter)
    _posts_and_applications(side)
    _contact(side)
    _agreements(side, batches)
    _training(side)
    _startups(side, letter)
    _case_record(side, letter)
    start = timezone.now() + datetime.timedelta(days=7)
    side.event = f.RecruitmentEventFactory(region=f.region(city), organiser=bureau, starts_at=start)
    side.event.enterprises.add(side.enterprise)
    side.event.posts.add(side.post)
    side.notification = f.NotificationFactory(user=veteran.user)
    _quarterly_communication(side)
    side.registration = side.event.registrations.create(veteran=veteran)
    side.offline_hire = OfflineHire.objects.create(
        post=side.post, channel="direct", veteran=veteran, started_on=timezone.localdate(),
        recorded_by=hr,
    )  # fmt: skip
    side.evidence = _evidence(side.verification)
    side.post_import = PostImport.objects.create(
        enterprise=side.enterprise, created_by=hr, filename="岗位.xlsx", status="invalid"
    )
    _referrals(side)
    _invitations_and_screening(side, letter)
    _service_stations(side, district)
    return side


def _invitations_and_screening(side: Side, letter: str) -> None:
    """The side's bureau invited an enterprise (the link still open), uploaded a list
    with errors, and screens the side's enterprise."""
    authority = {"signatory_level": "province", "region": f.region(side.province)}
    side.enterprise_invitation = EnterpriseInvitation.objects.create(
        name=f"{letter}受邀企业有限公司", credit_code=make_credit_code(side.province, next(_credit_serial)),
        contact_name="赵敏", email=f"invitee-{side.city}@example.cn", invited_by=side.bureau,
        expires_at=timezone.now() + datetime.timedelta(days=30), **authority,
    )  # fmt: skip
    side.invitation_upload = InvitationUpload.objects.create(
        filename="名单.csv", status="invalid", created_by=side.bureau, **authority
    )
    side.prospect = Prospect.objects.create(enterprise=side.enterprise, **authority)


def _service_stations(side: Side, district: str) -> None:
    """A centre of the side's city, a retired one, and a station of one of its districts
    (the district officer's, on the own side)."""
    side.service_station = f.ServiceStationFactory(region=f.region(side.city))
    side.service_station_retired = f.ServiceStationFactory(
        region=f.region(side.city), retired_at=timezone.now()
    )
    side.service_station_district = f.ServiceStationFactory(
        region=f.region(district), kind=ServiceStation.Kind.STATION
    )
    _notices_and_feedback(side)
    return side


def _notices_and_feedback(side: Side) -> None:
    """A published notice and a draft of the side's bureau (its province), each with a
    file; questions put to the side's veteran about their placement."""
    region = side.bureau.region
    side.notice = f.NoticeFactory(region=region, created_by=side.bureau)
    side.notice_draft = f.NoticeFactory(
        region=region, created_by=side.bureau, status="draft", published_at=None
    )
    side.notice_file = _notice_file(side.notice)
    side.notice_draft_file = _notice_file(side.notice_draft)
    side.feedback = f.FeedbackFactory(placement=side.placement)


def _notice_file(notice: Notice) -> NoticeAttachment:
    attachment = NoticeAttachment(
        notice=notice, kind="pdf", original_name="全文.pdf", size=len(PDF)
    )
    attachment.file.save("notice.pdf", ContentFile(PDF), save=True)
    return attachment


def _evidence(verification: Verification) -> VerificationEvidence:
    evidence = VerificationEvidence(
        verification=verification, kind="pdf", original_name="现场.pdf", size=len(PDF)
    )
    evidence.file.save("evidence.pdf", ContentFile(PDF), save=True)
    return evidence


def _referrals(side: Side) -> None:
    """The side's veteran consents to referrals and was referred to one post by the side's
    bureau; another post is open to a new referral. The veteran lives in the side's city
    (the bureau's list is of the veterans of its region)."""
    side.veteran.home_region = f.region(side.city)
    side.veteran.save(update_fields=["home_region"])
    f.referral_consent(side.veteran)
    side.post_referable = f.JobPostFactory(branch=side.branch, title="叉车司机")
    referred = f.JobPostFactory(branch=side.branch, title="仓储主管")
    side.referral = f.ReferralFactory(
        veteran=side.veteran,
        post=referred,
        bureau_region=side.bureau.region,
        referred_by=side.bureau,
    )


def _users() -> dict:
    staff = {"role": User.Role.ENTERPRISE}
    return {
        "veteran": f.VeteranProfileFactory(
            user__username="veteran", user__phone=PHONES["own"], phone=PHONES["own"]
        ),
        "other_veteran": f.VeteranProfileFactory(
            user__username="other_veteran", user__phone=PHONES["foreign"], phone=PHONES["foreign"]
        ),
        "hr_a": f.UserFactory(username="hr_a", **staff),
        "hr_b": f.UserFactory(username="hr_b", **staff),
        # bureau_x also manages its province's officer accounts.
        "bureau_x": f.BureauUserFactory(
            username="bureau_x", region=f.region(f.PROVINCE_X), manages_officers=True
        ),
        "bureau_y": f.BureauUserFactory(username="bureau_y", region=f.region(f.PROVINCE_Y)),
        "ministry": f.MinistryUserFactory(username="ministry"),
        # An officer of a district of city X (朝阳区): the own side's objects, placed in
        # the city, are out of its reach; its district's are in it.
        "bureau_district": f.BureauUserFactory(
            username="bureau_district", region=f.region(f.DISTRICT_X)
        ),
    }


def _quarterly_communication(side: Side) -> None:
    """A notice each for the enterprise, the bureau and the ministry, the bureau's
    follow-up of the enterprise, and a meeting with an action item of the HR user."""
    year = 2024 if side.city == f.CITY_X else 2023
    common = {"year": year, "quarter": 2}
    side.quarterly_notice = QuarterlyNotice.objects.create(
        audience="enterprise", enterprise=side.enterprise, behind=True, **common
    )
    side.bureau_notice = QuarterlyNotice.objects.create(
        audience="bureau", region_id=side.province, **common
    )
    side.ministry_notice = QuarterlyNotice.objects.create(audience="ministry", **common)
    side.pledge_follow_up = PledgeFollowUp.objects.create(
        notice=side.quarterly_notice,
        enterprise=side.enterprise,
        region=side.enterprise.hq_region,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    side.meeting = QuarterlyMeeting.objects.create(
        held_on=timezone.localdate(), title="季度座谈会", minutes="纪要", recorded_by=side.bureau
    )
    side.meeting.participants.set([side.bureau, side.hr])
    side.action_item = ActionItem.objects.create(
        meeting=side.meeting, text="补发岗位", owner=side.hr, due_on=timezone.localdate()
    )


def build_world() -> World:
    users = _users()
    # One batch per agreement of each side, and one with none (for the API's create).
    batches = [f.BatchFactory(number=n) for n in (91, 92, 93, 94)]
    own = _side(
        "甲", f.CITY_X, f.DISTRICT_X, users["hr_a"], users["bureau_x"], users["veteran"], batches
    )
    foreign = _side(
        "乙", f.CITY_Y, "310104", users["hr_b"], users["bureau_y"], users["other_veteran"], batches
    )
    logins = {
        name: users[name]
        for name in ("hr_a", "bureau_x", "bureau_y", "ministry", "bureau_district")
    }
    logins["veteran"] = users["veteran"].user
    logins["institution"] = own.institution_member.user
    return World(users=logins, own=own, foreign=foreign, batches=batches)


def leaked_numbers(world: World, role: str, key: str, body: str) -> list[str]:
    """The full resident IDs and mobile numbers in ``body`` that ``role`` may not see at the
    pattern ``key``: every veteran's but its own (the "veteran" role is the own side's
    veteran), except the number a CALLERS entry lets it see there."""
    sides = ("foreign",) if role == "veteran" else ("own", "foreign")
    allowed = CALLERS.get((role, key))
    hidden = [
        number
        for side in sides
        for number in (getattr(world, side).veteran.resident_id, PHONES[side])
        if not (side == allowed and number == PHONES[side])
    ]
    return [number for number in hidden if number in body]


def remove_files(world: World) -> None:
    """The resume files: the rolled-back rows leave them behind on disk."""
    for side in (world.own, world.foreign):
        side.resume.file.storage.delete(side.resume.file.name)
        side.evidence.file.storage.delete(side.evidence.file.name)
        for attachment in (side.notice_file, side.notice_draft_file):
            attachment.file.storage.delete(attachment.file.name)


# --- what a refused request must leave as it was --------------------------------------------

WATCHED = {
    PledgeFollowUp: ("status", "note"),
    QuarterlyMeeting: ("title",),
    ActionItem: ("status",),
    JobPost: ("status", "filled_count", "openings", "title", "updated_at"),
    Application: ("status", "updated_at"),
    Placement: (),
    FollowUp: ("status", "outcome"),
    PostReport: ("status",),
    Verification: (),
    VerificationEvidence: (),
    OfflineHire: ("status",),
    EventRegistration: ("attended",),
    Enterprise: ("status", "name"),
    EnterpriseMember: ("role",),
    Branch: ("status",),
    Agreement: ("status",),
    CooperationBatch: (),
    Commendation: ("status", "note"),
    SavedPost: (),
    SavedSearch: ("alerts_enabled", "name"),
    RecruitmentEvent: ("title",),
    VeteranProfile: ("updated_at",),
    Resume: (),
    StatusConfirmation: (),
    Consent: ("withdrawn_at",),
    TrainingInstitution: ("name", "contact_phone"),
    TrainingProgramme: ("title", "seats", "starts_on", "status"),
    InstitutionMember: (),
    Enrolment: ("status", "completed_on"),
    VeteranSkill: ("source", "verified"),
    User: (
        "role",
        "is_active",
        "password",
        "language",
        "phone",
        "phone_verified_at",
        "email",
        "username",
    ),
    AuditEvent: (),
    OutgoingEmail: (),
    Notification: ("read_at",),
    NotificationPreference: ("email", "sms"),
    PhoneVerification: ("attempts",),
    OutgoingSms: (),
    PostImport: ("status",),
    Interview: ("status", "chosen_slot"),
    InterviewSlot: (),
    TrainingAgreementLink: (),
    InterviewGuarantee: ("status", "application"),
    Message: ("hidden_at",),
    MessageReport: ("status",),
    Invitation: ("status", "application"),
    Referral: ("status", "decline_reason"),
    StartUp: ("status", "employees", "decision_reason"),
    MentorRequest: ("status",),
    MentorPair: (),
    MentorSession: (),
    EntrepreneurCase: ("startup",),
    CaseContact: (),
    SupportApplication: ("status", "amount_granted"),
    Incubation: ("ended_on",),
    CaseFollowUp: ("status", "outcome"),
    SupportBase: ("name", "capacity", "retired_at"),
    SupportPolicy: ("title", "retired_at"),
    EnterpriseInvitation: ("status", "sends", "token", "decline_reason"),
    InvitationUpload: (),
    Prospect: ("status", "overall_strength", "proposed_posts", "agreement"),
    Consultation: (),
    ServiceStation: ("name", "phone", "retired_at"),
    Notice: ("status", "title", "updated_at"),
    NoticeAttachment: (),
    Feedback: ("status", "score_1", "comment"),
}


def snapshot() -> dict:
    """Per table: the row count and a hash of the ids and watched columns of every row (one
    query for all the tables: every test of the matrix takes two snapshots)."""
    selects = []
    for model, columns in WATCHED.items():
        pk = model._meta.pk.column
        fields = [pk, *(model._meta.get_field(name).column for name in columns)]
        row = "ROW(" + ", ".join(f'"{column}"' for column in fields) + ")::text"
        selects.append(
            f"SELECT %s, count(*), md5(coalesce(string_agg({row}, ',' ORDER BY \"{pk}\"), ''))"
            f' FROM "{model._meta.db_table}"'
        )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), [model.__name__ for model in WATCHED])
        return {name: (count, digest) for name, count, digest in cursor.fetchall()}
