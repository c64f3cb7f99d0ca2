"""factory_boy factories, one per model and status; regions and reference rows are looked
up by code (the reference migration loads the real lists) and created only if missing."""

import datetime

import factory
from django.utils import timezone

from demo.identifiers import make_credit_code, make_resident_id
from enterprises.models import Agreement, Branch, CooperationBatch, Enterprise, EnterpriseMember
from jobs.models import (
    Application,
    Feedback,
    FollowUp,
    JobPost,
    Notice,
    Placement,
    PostReport,
    RecruitmentEvent,
    Referral,
    Verification,
)
from portal.accounts.models import Notification, User
from portal.accounts.notifications import unread_counters_add
from portal.reference.loading import load_reference_data
from portal.reference.models import Industry, Occupation, Region, Skill
from startups.models import (
    EntrepreneurCase,
    Mentor,
    MentorRequest,
    StartUp,
    SupportApplication,
    SupportBase,
    SupportPolicy,
)
from veterans.models import (
    Consent,
    Enrolment,
    InstitutionMember,
    ServiceStation,
    TrainingInstitution,
    TrainingProgramme,
    VeteranProfile,
)

PROVINCE_X, CITY_X = "110000", "110100"  # 北京市
PROVINCE_Y, CITY_Y = "310000", "310100"  # 上海市
# Districts of city X (the reference data has every district: issue #20).
DISTRICT_X, OTHER_DISTRICT_X = "110105", "110108"  # 朝阳区, 海淀区


def region(code: str) -> Region:
    if not code.endswith("00"):
        # A district: loaded with the reference data by the migrations. A transactional
        # test (the browser's live server) empties the tables when it ends, so the next
        # test on that worker loads them again.
        district = Region.objects.filter(code=code).first()
        if district is None:
            load_reference_data()
            district = Region.objects.get(code=code)
        return district
    if code.endswith("0000"):
        return Region.objects.get_or_create(
            code=code, defaults={"name": code, "level": "province"}
        )[0]
    parent = region(code[:2] + "0000")
    return Region.objects.get_or_create(
        code=code, defaults={"name": code, "level": "city", "parent": parent}
    )[0]


def industry(code: str = "I") -> Industry:
    return Industry.objects.get_or_create(code=code, defaults={"name": code, "name_en": code})[0]


def occupation(code: str = "4-07-05-01") -> Occupation:
    major, middle, minor = code[:1], code[:4], code[:7]
    parent = None
    for level, c in (("major", major), ("middle", middle), ("minor", minor), ("detailed", code)):
        parent = Occupation.objects.get_or_create(
            code=c, defaults={"name": c, "level": level, "parent": parent}
        )[0]
    return parent


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "pass-Word-123")
    role = User.Role.VETERAN

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class BureauUserFactory(UserFactory):
    role = User.Role.BUREAU
    region = factory.LazyFunction(lambda: region(PROVINCE_X))


class MinistryUserFactory(UserFactory):
    role = User.Role.MINISTRY


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.Sequence(lambda n: f"技能{n}")
    name_en = factory.Sequence(lambda n: f"Skill {n}")
    category = "general"


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperationBatch
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda b: f"第{b.number}批")
    published_on = datetime.date(2025, 6, 1)
    released_on = factory.LazyAttribute(lambda b: b.published_on)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.Sequence(lambda n: make_credit_code("110000", n + 1))
    ownership = Enterprise.Ownership.PRIVATE
    industry = factory.LazyFunction(industry)
    hq_region = factory.LazyFunction(lambda: region(CITY_X))
    status = Enterprise.Status.APPROVED


class EnterpriseMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseMember

    enterprise = factory.SubFactory(EnterpriseFactory)
    user = factory.SubFactory(UserFactory, role=User.Role.ENTERPRISE)
    role = EnterpriseMember.Role.ADMIN


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"分公司{n}")
    region = factory.LazyFunction(lambda: region(CITY_X))
    address = "长安街1号"
    contact_name = "王经理"
    contact_phone = "13800000000"
    status = Branch.Status.APPROVED


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    batch = factory.SubFactory(BatchFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    cooperation_mode = Agreement.CooperationMode.INDUSTRY
    pledged_posts = 100
    starts_on = datetime.date(2025, 7, 1)
    ends_on = datetime.date(2027, 6, 30)
    signed_on = datetime.date(2025, 6, 15)
    status = Agreement.Status.ACTIVE


class JobPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobPost

    branch = factory.SubFactory(BranchFactory)
    title = "保安"
    description = "负责园区安全巡逻与门岗值守。"
    occupation = factory.LazyFunction(occupation)
    region = factory.LazyAttribute(lambda p: p.branch.region)
    industry = factory.LazyAttribute(lambda p: p.branch.enterprise.industry)
    salary_min = 5000
    salary_max = 7000
    openings = 5
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    status = JobPost.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)


class VeteranProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VeteranProfile
        skip_postgeneration_save = True  # the consent hook writes its own row

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"张{n}")
    resident_id = factory.Sequence(
        lambda n: make_resident_id("110105", datetime.date(1990, 1, 1) + datetime.timedelta(n), n)
    )
    home_region = factory.LazyFunction(lambda: region(CITY_X))
    service_branch = VeteranProfile.ServiceBranch.ARMY
    rank_category = VeteranProfile.RankCategory.NCO
    years_of_service = 5
    discharge_date = datetime.date(2024, 9, 1)

    @factory.post_generation
    def consented(obj, create, extracted, **kwargs):
        """A profile is created only after the consent to process sensitive data
        (veterans.policies.consent_given); consented=False makes one whose veteran has
        withdrawn it since."""
        if create and extracted is not False:
            Consent.objects.get_or_create(
                user=obj.user,
                purpose=Consent.Purpose.SENSITIVE_DATA,
                withdrawn_at=None,
                defaults={"version": "2026-01"},
            )


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    post = factory.SubFactory(JobPostFactory)
    veteran = factory.SubFactory(VeteranProfileFactory)
    status = Application.Status.SUBMITTED


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    application = factory.SubFactory(ApplicationFactory, status=Application.Status.HIRED)
    post = factory.LazyAttribute(lambda p: p.application.post)
    veteran = factory.LazyAttribute(lambda p: p.application.veteran)
    started_on = factory.LazyFunction(timezone.localdate)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    placement = factory.SubFactory(PlacementFactory)
    month = 1
    due_on = factory.LazyAttribute(lambda f: f.placement.started_on + datetime.timedelta(days=30))


class PostReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostReport

    post = factory.SubFactory(JobPostFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = PostReport.Reason.FAKE


class VerificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verification

    post = factory.SubFactory(JobPostFactory)
    verified_by = factory.SubFactory(BureauUserFactory)
    method = Verification.Method.PHONE
    result = Verification.Result.GENUINE


class RecruitmentEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecruitmentEvent

    title = "退役军人专场招聘会"
    region = factory.LazyFunction(lambda: region(CITY_X))
    organiser = factory.SubFactory(BureauUserFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=4))
    place = "市人才市场"
    capacity = 200


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    user = factory.SubFactory(UserFactory)
    purpose = Consent.Purpose.SENSITIVE_DATA
    version = "2026-01"


class TrainingInstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingInstitution

    name = factory.Sequence(lambda n: f"职业技能培训学校{n}")
    region = factory.LazyFunction(lambda: region(CITY_X))
    address = "学院路1号"
    contact_name = "李老师"
    contact_phone = "010-12345678"


class TrainingProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingProgramme

    institution = factory.SubFactory(TrainingInstitutionFactory)
    title = "低压电工作业培训班"
    region = factory.LazyAttribute(lambda p: p.institution.region)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    ends_on = factory.LazyAttribute(lambda p: p.starts_on + datetime.timedelta(days=30))
    seats = 30
    place = "学院路1号实训楼"


def programme_data(institution, skill, **changes) -> dict:
    """What the programme page's form and the API take to create a programme of
    ``institution`` teaching ``skill``, starting in a week."""
    starts = timezone.localdate() + datetime.timedelta(days=7)
    return {
        "institution": institution.pk,
        "title": "电工培训班",
        "region": CITY_X,
        "place": "实训楼",
        "starts_on": starts.isoformat(),
        "ends_on": (starts + datetime.timedelta(days=30)).isoformat(),
        "seats": 20,
        "cost": "0",
        "skills": [skill.pk],
        **changes,
    }


class InstitutionMemberFactory(factory.django.DjangoModelFactory):
    """A staff account of a training institution (invited by its bureau)."""

    class Meta:
        model = InstitutionMember

    institution = factory.SubFactory(TrainingInstitutionFactory)
    user = factory.SubFactory(UserFactory, role=User.Role.INSTITUTION)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    programme = factory.SubFactory(TrainingProgrammeFactory)
    veteran = factory.SubFactory(VeteranProfileFactory)


def searchable_post(**fields) -> JobPost:
    """A post whose search document is written, as the services write it (a factory's
    post has none, so search would not find it)."""
    from jobs.search import index_post

    post = JobPostFactory(**fields)
    index_post(post)
    return post


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = "application_status_changed"
    title = factory.Sequence(lambda n: f"您的申请状态已更新（{n}）")
    body = "尊敬的用户：您申请的岗位状态已更新。"
    link = "/jobs/applications/"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """An unread entry counts on its user's bell, as notify_after_commit counts it."""
        entry = super()._create(model_class, *args, **kwargs)
        if entry.read_at is None:
            unread_counters_add([entry.user_id], 1)
            entry.user.refresh_from_db(fields=["unread_notifications"])
        return entry


def referral_consent(profile) -> None:
    """The veteran agrees to be referred by the bureau (veterans.Consent, purpose referral)."""
    Consent.objects.get_or_create(
        user=profile.user,
        purpose=Consent.Purpose.REFERRAL,
        withdrawn_at=None,
        defaults={"version": "2026-01"},
    )


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    veteran = factory.SubFactory(VeteranProfileFactory)
    post = factory.SubFactory(JobPostFactory)
    bureau_region = factory.LazyFunction(lambda: region(PROVINCE_X))
    referred_by = factory.SubFactory(
        BureauUserFactory, region=factory.LazyFunction(lambda: region(PROVINCE_X))
    )
    answer_due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


_startup_serial = iter(range(700_001, 799_999))


class StartUpFactory(factory.django.DjangoModelFactory):
    """A declared start-up of city X; confirm it through startups.services.startup_confirm."""

    class Meta:
        model = StartUp

    founder = factory.SubFactory(VeteranProfileFactory)
    name = factory.Sequence(lambda n: f"老兵创业{n}号科技有限公司")
    credit_code = factory.LazyFunction(lambda: make_credit_code("110105", next(_startup_serial)))
    founded_on = datetime.date(2025, 3, 1)
    industry = factory.LazyFunction(industry)
    region = factory.LazyFunction(lambda: region(CITY_X))
    address = "朝阳区建国路1号"
    stage = StartUp.Stage.STARTING
    employees = 8
    veteran_employees = 3


class SupportPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportPolicy

    kind = SupportPolicy.Kind.LOAN
    title = factory.Sequence(lambda n: f"退役军人创业担保贷款{n}")
    region = factory.LazyFunction(lambda: region(PROVINCE_X))
    summary = "最高30万元创业担保贷款，财政贴息。"
    conditions = "退役5年内，在本市登记注册的企业。"
    how_to_apply = "向所在区退役军人事务局提交申请材料。"


class SupportBaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportBase

    kind = SupportBase.Kind.INCUBATOR
    name = factory.Sequence(lambda n: f"退役军人创业孵化基地{n}")
    region = factory.LazyFunction(lambda: region(CITY_X))
    address = "海淀区中关村大街1号"
    capacity = 20
    offers = "免费工位、创业辅导、融资对接。"
    contact_name = "李老师"
    contact_phone = "010-12345678"


class EntrepreneurCaseFactory(factory.django.DjangoModelFactory):
    """A case record kept in the veteran's home region (no follow-ups: the service
    startups.cases.case_open schedules those)."""

    class Meta:
        model = EntrepreneurCase

    veteran = factory.SubFactory(VeteranProfileFactory)
    region = factory.LazyAttribute(lambda case: case.veteran.home_region)


class SupportApplicationFactory(factory.django.DjangoModelFactory):
    """An application waiting for its answer; pass status, decided_on and amount_granted
    for a decided one."""

    class Meta:
        model = SupportApplication

    case = factory.SubFactory(EntrepreneurCaseFactory)
    policy = factory.SubFactory(SupportPolicyFactory)
    applied_on = datetime.date(2026, 1, 5)
    amount_applied = 200_000


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    profile = factory.SubFactory(VeteranProfileFactory)
    industry = factory.LazyFunction(industry)
    region = factory.LazyFunction(lambda: region(CITY_X))
    capacity = 2
    experience = "创办物流公司十年，带过二十多名退役军人创业。"


class MentorRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorRequest

    veteran = factory.SubFactory(VeteranProfileFactory)
    industry = factory.LazyFunction(industry)
    region = factory.LazyFunction(lambda: region(CITY_X))
    need = "想开一家物流公司，需要了解融资和招人。"


class ServiceStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceStation

    region = factory.LazyFunction(lambda: region(CITY_X))
    kind = ServiceStation.Kind.CENTRE
    name = factory.Sequence(lambda n: f"北京市退役军人服务中心{n}")
    address = "北京市东城区安定门外大街1号"
    phone = "010-12345678"
    hours = "周一至周五 9:00–17:00"
    services = "就业创业服务\n优待证办理\n政策咨询"


class NoticeFactory(factory.django.DjangoModelFactory):
    """A published notice of the bureau of province X, searchable (notice_index run)."""

    class Meta:
        model = Notice
        skip_postgeneration_save = True

    kind = Notice.Kind.NOTICE
    region = factory.LazyFunction(lambda: region(PROVINCE_X))
    title = "关于做好退役军人就业服务工作的通知"
    body = "各区退役军人事务局：为做好退役军人就业服务，现将有关事项通知如下。"
    tags = factory.LazyFunction(lambda: ["就业"])
    effective_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    status = Notice.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(BureauUserFactory)

    @factory.post_generation
    def indexed(notice, create, extracted, **kwargs):
        if create:
            from jobs.notices.services import notice_index

            notice_index(notice)


class FeedbackFactory(factory.django.DjangoModelFactory):
    """Questions about a placement at a post of enterprise A's kind, waiting for an answer."""

    class Meta:
        model = Feedback

    placement = factory.SubFactory(PlacementFactory)
    veteran = factory.LazyAttribute(lambda fb: fb.placement.veteran)
    subject = Feedback.Subject.PLACEMENT
    enterprise = factory.LazyAttribute(lambda fb: fb.placement.post.branch.enterprise)
    region = factory.LazyAttribute(lambda fb: fb.placement.post.region)


def answered_feedback(**fields) -> Feedback:
    """Feedback answered with the given scores (4 and 5 unless said)."""
    fields = {"score_1": 4, "score_2": 5, "comment": "", **fields}
    return FeedbackFactory(status=Feedback.Status.ANSWERED, answered_at=timezone.now(), **fields)
