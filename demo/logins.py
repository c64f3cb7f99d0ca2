"""One demo login per role, all with the password `Demo2026!`, made (if missing) by every
`seed_demo` run on top of the generated data: demo_hr works for the approved enterprise
with the most applicants, and demo_veteran has applied to its posts."""

import datetime
import functools

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.feedback import ensure_feedback
from demo.generate import DEMO_PASSWORD
from demo.identifiers import make_resident_id
from demo.notices import ensure_notices
from demo.places import DEMO_BUREAU_CITIES
from demo.referrals import ensure_referrals
from demo.stations import DEMO_DISTRICT, ensure_service_stations
from demo.uploads import ensure_uploads
from enterprises.models import Enterprise, EnterpriseMember
from jobs.models import (
    Application,
    Interview,
    InterviewSlot,
    Invitation,
    JobPost,
    Message,
    OfflineHire,
    Placement,
)
from portal.accounts.models import User
from portal.reference.models import Industry, MilitarySpecialty, Region
from veterans.models import (
    Consent,
    Enrolment,
    InstitutionMember,
    TrainingInstitution,
    TrainingProgramme,
    VeteranProfile,
    VeteranSkill,
)

CITY_BUREAU_REGION = DEMO_BUREAU_CITIES[1]  # 深圳市
# (username, role, what the login shows), in the order demo_logins prints them.
LOGINS = (
    ("demo_veteran", User.Role.VETERAN, "退役军人 李建军（北京市，汽车驾驶）"),
    ("demo_hr", User.Role.ENTERPRISE, "合作企业人力资源管理员"),
    ("demo_bureau", User.Role.BUREAU, "北京市退役军人事务局（110000）"),
    ("demo_startup_hr", User.Role.ENTERPRISE, "退役军人创业企业管理员（demo_veteran 创办）"),
    ("demo_city_bureau", User.Role.BUREAU, f"深圳市退役军人事务局（{CITY_BUREAU_REGION}）"),
    ("demo_district_bureau", User.Role.BUREAU, f"北京市朝阳区退役军人事务局（{DEMO_DISTRICT}）"),
    ("demo_institution", User.Role.INSTITUTION, "北京市的培训机构工作人员（一个项目待批准）"),
    ("demo_ministry", User.Role.MINISTRY, "退役军人事务部（/admin/ 超级用户）"),
)
STAFF_LOGINS = tuple(
    name for name, role, _ in LOGINS if role in (User.Role.BUREAU, User.Role.MINISTRY)
)
DEMO_DEVICE = "demo authenticator"
DECLARED_SKILLS = ("drive-c1", "first-aid", "office-software")
APPLICATION_STATUSES = ("submitted", "viewed", "interview", "rejected")


@functools.cache
def password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def login(username: str, **fields) -> User:
    fields.update(email=f"{username}@example.com", password=password_hash)  # hashed if created
    return User.objects.get_or_create(username=username, defaults=fields)[0]


def ensure_demo_logins(*, today: datetime.date) -> None:
    with transaction.atomic():
        login(
            "demo_ministry",
            role=User.Role.MINISTRY,
            is_staff=True,
            is_superuser=True,
            last_name="周",
            first_name="国强",
        )
        bureau = login(
            "demo_bureau",
            role=User.Role.BUREAU,
            region_id="110000",
            last_name="陈",
            first_name="志刚",
            phone="13811110000",
            manages_officers=True,
        )
        login(
            "demo_city_bureau",
            role=User.Role.BUREAU,
            region_id=CITY_BUREAU_REGION,
            last_name="黄",
            first_name="海涛",
            phone="13922220000",
        )
        # A district's officer sees its district only: demo_veteran lives there, and the
        # district's service stations are its to keep.
        login(
            "demo_district_bureau",
            role=User.Role.BUREAU,
            region_id=DEMO_DISTRICT,
            last_name="刘",
            first_name="建国",
            phone="13833330000",
        )
        ensure_service_stations()
        enterprise = ensure_hr()
        ensure_uploads(User.objects.get(username="demo_hr"), enterprise)
        ensure_veteran(today, enterprise)
        ensure_referrals(today=today, enterprise=enterprise, bureau=bureau)
        ensure_notices(today=today)
        ensure_feedback(today=today, enterprise=enterprise)
        ensure_institution(today)
        for user in User.objects.filter(username__in=STAFF_LOGINS):
            ensure_demo_authenticator(user)


def ensure_institution(today: datetime.date) -> None:
    """demo_institution keeps the Beijing institution with the most programmes: its rolls,
    and a programme it proposed that waits for demo_bureau's approval."""
    institution = (
        TrainingInstitution.objects.filter(region__code__startswith="11")
        .annotate(n=Count("programmes"))
        .order_by("-n", "id")
        .first()
    )
    if institution is None:
        return
    user = login("demo_institution", role=User.Role.INSTITUTION, last_name="孙", first_name="丽华")
    InstitutionMember.objects.get_or_create(user=user, defaults={"institution": institution})
    if institution.programmes.filter(status=TrainingProgramme.Status.PENDING).exists():
        return
    taught = institution.programmes.first()
    starts = today + datetime.timedelta(days=21)
    proposal = TrainingProgramme.objects.create(
        institution=institution,
        title="新能源汽车维修技能提升班",
        region=institution.region,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=45),
        seats=30,
        place=f"{institution.address}实训车间",
        status=TrainingProgramme.Status.PENDING,
    )
    if taught is not None:
        proposal.skills.set(taught.skills.all())


def ensure_demo_authenticator(user: User) -> TOTPDevice:
    """Bureau and ministry logins ask for a one-time code (#8); the demo's staff get an
    enrolled authenticator whose current code `manage.py demo_otp <username>` prints, so the
    demo can be tried without a phone."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, confirmed=True, name=DEMO_DEVICE)


def busiest_enterprise() -> Enterprise:
    """The approved enterprise with the most applicants, a Beijing one if there is one."""
    approved = (
        Enterprise.objects.approved()
        .annotate(applicants=Count("branches__posts__applications"))
        .order_by("-applicants", "id")
    )
    return approved.filter(hq_region__code__startswith="11").first() or approved.first()


def ensure_hr() -> Enterprise:
    user = login(
        "demo_hr", role=User.Role.ENTERPRISE, last_name="王", first_name="丽", phone="13700003333"
    )
    membership = EnterpriseMember.objects.filter(user=user).select_related("enterprise").first()
    if membership is None:
        membership = EnterpriseMember.objects.create(
            user=user, enterprise=busiest_enterprise(), role=EnterpriseMember.Role.ADMIN
        )
    return membership.enterprise


def ensure_veteran(today: datetime.date, enterprise: Enterprise) -> None:
    user = login(
        "demo_veteran",
        role=User.Role.VETERAN,
        last_name="李",
        first_name="建军",
        phone="13600004444",
    )
    specialty = MilitarySpecialty.objects.filter(code="vehicle-driving").first()
    profile, created = VeteranProfile.objects.get_or_create(
        user=user,
        defaults={
            "full_name": "李建军",
            # Serial 999 is beyond what the generator gives, so the number is never taken.
            "resident_id": make_resident_id("110105", datetime.date(1994, 3, 12), 999),
            "phone": "13600004444",
            "home_region_id": DEMO_DISTRICT,
            "service_branch": VeteranProfile.ServiceBranch.ARMY,
            "rank_category": VeteranProfile.RankCategory.NCO,
            "years_of_service": 8,
            "discharge_date": today - datetime.timedelta(days=200),
            "military_specialty": specialty,
            "education": 3,
            "desired_salary": 8000,
            "willing_to_relocate": True,
        },
    )
    if created:
        complete_profile(profile, specialty)
        apply_to_posts(profile, enterprise, today)
        reach_out(profile, enterprise, today)


def complete_profile(profile: VeteranProfile, specialty) -> None:
    for skill in specialty.skills.all() if specialty else ():
        VeteranSkill.objects.create(
            veteran=profile, skill=skill, source=VeteranSkill.Source.SPECIALTY
        )
    for skill in profile.skills.model.objects.filter(code__in=DECLARED_SKILLS):
        VeteranSkill.objects.get_or_create(veteran=profile, skill=skill)
    profile.preferred_regions.set(Region.objects.filter(code__in=("110100", "120100", "130100")))
    profile.preferred_industries.set(Industry.objects.filter(code__in=("G", "L", "D")))
    for purpose in Consent.Purpose.values:
        Consent.objects.create(user=profile.user, purpose=purpose, version="2025-01")


def apply_to_posts(profile: VeteranProfile, enterprise: Enterprise, today) -> None:
    """Applications in four statuses to the enterprise's open posts (Beijing's and drivers'
    first), and a place on an upcoming Beijing course."""
    posts = (
        JobPost.objects.published()
        .with_openings()
        .filter(branch__enterprise=enterprise, deadline__gte=today)
    )
    chosen = sorted(
        posts.order_by("id")[:500],
        key=lambda p: (p.region_id[:2] != "11", p.occupation_id[:7] != "4-02-02", p.id),
    )[:5]
    for post, status in zip(chosen, APPLICATION_STATUSES):
        # The first two agreed on applying that the enterprise may call them (issue 16).
        shared = timezone.now() if status in APPLICATION_STATUSES[:2] else None
        Application.objects.create(
            post=post,
            veteran=profile,
            status=status,
            note="本人持 B2 驾照，服役期间驾驶经验丰富。",
            contact_shared_at=shared,
        )
    if len(chosen) == 5:
        # A hire made directly, recorded by demo_hr, waiting for demo_veteran's word.
        OfflineHire.objects.create(
            post=chosen[4],
            channel=Placement.Channel.DIRECT,
            veteran=profile,
            started_on=today + datetime.timedelta(days=7),
            recorded_by=User.objects.get(username="demo_hr"),
            note="校园宣讲后直接面试录用",
        )
    seated = Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEATED))
    programme = (
        TrainingProgramme.objects.filter(region__code__startswith="11", starts_on__gt=today)
        .annotate(seated=seated)
        .filter(seated__lt=F("seats"))
        .order_by("starts_on", "id")
        .first()
    )
    if programme:
        Enrolment.objects.create(programme=programme, veteran=profile)


def reach_out(profile: VeteranProfile, enterprise: Enterprise, today) -> None:
    """What demo_hr and demo_veteran have to show of #18: interview times proposed for the
    application at the interview step, a short exchange of messages about it, and an
    invitation to apply to another of the enterprise's posts."""
    hr = User.objects.get(username="demo_hr")
    application = profile.applications.filter(status=Application.Status.INTERVIEW).first()
    if application is not None:
        interview = Interview.objects.create(
            application=application, place=f"{application.post.branch.name}人力资源部会议室",
            contact_name="王丽", contact_phone="010-65001234", proposed_by=hr,
            note="请携带退役证、身份证和驾驶证原件。",
        )  # fmt: skip
        for days, hour in ((3, 9), (4, 14)):
            day = datetime.datetime.combine(
                today + datetime.timedelta(days=days), datetime.time(hour)
            )
            InterviewSlot.objects.create(
                interview=interview, starts_at=timezone.make_aware(day), minutes=45
            )
        for sender, side, body in (
            (
                hr,
                Message.Side.ENTERPRISE,
                "李先生您好，已为您安排面试，请在应聘页面选择方便的时间。",
            ),
            (profile.user, Message.Side.VETERAN, "收到，谢谢！请问面试需要准备驾驶实操吗？"),
            (hr, Message.Side.ENTERPRISE, "需要的，现场会安排场地内驾驶，请带好驾驶证。"),
        ):
            Message.objects.create(application=application, sender=sender, side=side, body=body)
    applied = profile.applications.values("post_id")
    post = (
        JobPost.objects.published().with_openings()
        .filter(branch__enterprise=enterprise, deadline__gte=today).exclude(pk__in=applied)
        .order_by("id").first()
    )  # fmt: skip
    if post is not None:
        Invitation.objects.create(
            post=post, veteran=profile, invited_by=hr, note="您的驾驶经验很符合我们的要求，欢迎投递。",
            score=0.78, skill_fit=1.0, skills_required=2, skills_matched=2, location_fit=1.0,
            occupation_fit=1.0, salary_fit=1.0, education_fit=1.0,
        )  # fmt: skip
