"""Veterans' start-ups and the support around them in the demo bureaus' regions (Beijing,
Shenzhen): support policies with their eligibility rules, bases and incubators, start-ups
declared by veterans of those cities (most confirmed by their bureau through the real
service, one awaiting), the bureaus' case records of the first confirmed founders (loans and
subsidies, incubation, follow-ups due), and demo_veteran's own confirmed start-up with a
staff login and a case record.
Made once: a second seed_demo finds them and does nothing."""

import datetime

from django.db import transaction
from stdnum.cn import uscc

from demo.logins import login
from enterprises.models import EnterpriseMember
from portal.accounts.models import User
from portal.reference.models import Industry, Region
from startups import cases, services
from startups.models import CaseContact, EligibilityRule, StartUp, SupportBase, SupportPolicy
from veterans.models import TrainingProgramme, VeteranProfile

Kind = EligibilityRule.Kind
# (region, bureau login) of the demo bureaus.
REGIONS = (("110100", "110000", "demo_bureau"), ("440300", "440300", "demo_city_bureau"))
POLICIES = (
    (
        SupportPolicy.Kind.LOAN,
        "退役军人创业担保贷款",
        "个人最高30万元、小微企业最高300万元创业担保贷款，财政按规定贴息。",
        ((Kind.DISCHARGED_WITHIN_YEARS, 5), (Kind.HOME_IN_REGION, None)),
    ),
    (
        SupportPolicy.Kind.SUBSIDY,
        "一次性创业补贴",
        "首次创办小微企业并正常经营一年以上的，给予一次性创业补贴1万元。",
        (
            (Kind.REGISTERED_IN_REGION, None),
            (Kind.FOUNDED_WITHIN_YEARS, 3),
            (Kind.EMPLOYEES_AT_LEAST, 3),
        ),
    ),
    (
        SupportPolicy.Kind.TAX,
        "自主就业退役士兵创业税费减免",
        "从事个体经营的，3年内按每户每年20000元为限额依次扣减增值税、城市维护建设税等。",
        ((Kind.DISCHARGED_WITHIN_YEARS, 3), (Kind.REGISTERED_IN_REGION, None)),
    ),
    (
        SupportPolicy.Kind.RENT,
        "创业孵化基地场租减免",
        "入驻政府主办的创业孵化基地的，前两年场租全免，第三年减半。",
        ((Kind.FOUNDED_WITHIN_YEARS, 2), (Kind.VETERAN_EMPLOYEES_AT_LEAST, 5)),
    ),
)
BASES = (
    (
        SupportBase.Kind.INCUBATOR,
        "退役军人创业孵化基地",
        40,
        "免费工位、创业导师辅导、融资对接、代办工商税务。",
    ),
    (
        SupportBase.Kind.BASE,
        "退役军人就业创业园",
        120,
        "标准厂房和办公空间、政策咨询、创业培训、产品展示。",
    ),
)
STARTUP_NAMES = ("兵锋", "迷彩", "铁军", "戎创", "军旅", "长城", "钢枪")
STARTUP_KINDS = (
    ("G", "物流有限公司", "城市配送和冷链运输。"),
    ("I", "科技有限公司", "安防监控系统集成和运维。"),
    ("L", "保安服务有限公司", "驻场安保和大型活动安保。"),
    ("H", "餐饮管理有限公司", "团餐配送和社区食堂。"),
)


def credit_code(region: str, serial: int) -> str:
    """An individual business's code (登记管理部门 9, 类别 2): never one of the demo's
    enterprises, whose codes begin 91."""
    body = f"92{region}{serial:09d}"
    return body + uscc.calc_check_digit(body)


def ensure_entrepreneurship(*, today: datetime.date) -> None:
    if SupportPolicy.objects.exists():
        return
    with transaction.atomic():
        for n, (city, scope, bureau) in enumerate(REGIONS):
            load_catalogue(Region.objects.get(code=city), Region.objects.get(code=scope))
            reviewer = User.objects.get(username=bureau)
            founders = VeteranProfile.objects.filter(
                home_region__code__startswith=city[:4]
            ).exclude(user__username="demo_veteran")
            founders = list(founders.order_by("id")[:6])
            confirmed = []
            for i, founder in enumerate(founders):
                startup = declare(founder, city, serial=n * 100 + i, today=today)
                if i < len(founders) - 1:  # the last one waits for its bureau
                    confirmed.append(services.startup_confirm(startup=startup, reviewer=reviewer))
            mentors(founders[: max(1, min(2, len(founders) - 1))], city, reviewer, today)
            if confirmed:
                case_records(confirmed[:3], reviewer, today, first=n)
        demo_bureau = User.objects.get(username="demo_bureau")
        case_records([own_startup(today)], demo_bureau, today, first=2)
        entrepreneurship_training(today)


def load_catalogue(city: Region, scope: Region) -> None:
    place = city.name
    for kind, title, summary, rules in POLICIES:
        policy = SupportPolicy.objects.create(
            kind=kind,
            title=f"{place}{title}",
            region=scope,
            summary=summary,
            conditions="；".join(_words(rule, number) for rule, number in rules) + "。",
            how_to_apply=f"携身份证、退役证件和营业执照，到{place}退役军人服务中心或所在区退役军人服务站办理。",
        )
        for rule, number in rules:
            EligibilityRule.objects.create(policy=policy, kind=rule, number=number)
    for kind, name, capacity, offers in BASES:
        SupportBase.objects.create(
            kind=kind,
            name=f"{place}{name}",
            region=city,
            address=f"{place}高新区创业大道{capacity}号",
            capacity=capacity,
            offers=offers,
            contact_name="刘主任",
            contact_phone="010-6688" + f"{capacity:04d}",
        )


def _words(kind: str, number) -> str:
    words = {
        Kind.DISCHARGED_WITHIN_YEARS: f"退役不满{number}年",
        Kind.HOME_IN_REGION: "户籍或常住地在本地区",
        Kind.REGISTERED_IN_REGION: "企业在本地区登记注册",
        Kind.FOUNDED_WITHIN_YEARS: f"企业成立不满{number}年",
        Kind.EMPLOYEES_AT_LEAST: f"吸纳就业不少于{number}人",
        Kind.VETERAN_EMPLOYEES_AT_LEAST: f"吸纳退役军人不少于{number}人",
    }
    return words[kind]


def declare(founder: VeteranProfile, city: str, *, serial: int, today) -> StartUp:
    industry, suffix, description = STARTUP_KINDS[serial % len(STARTUP_KINDS)]
    employees = 3 + serial % 9
    return services.startup_declare(
        user=founder.user,
        name=f"{Region.objects.get(code=city).name[:2]}{STARTUP_NAMES[serial % len(STARTUP_NAMES)]}{suffix}",
        credit_code=credit_code(city, 500_000 + serial),
        founded_on=today - datetime.timedelta(days=120 + 97 * (serial % 10)),
        industry=Industry.objects.get(code=industry),
        region=Region.objects.get(code=city),
        address=f"{Region.objects.get(code=city).name}创业大道{serial + 1}号",
        stage=StartUp.Stage.STARTING if serial % 3 else StartUp.Stage.GROWING,
        employees=employees,
        veteran_employees=1 + serial % employees,
        description=description,
    )


def mentors(founders, city: str, reviewer: User, today) -> None:
    """The first founders volunteer as mentors; demo_veteran (in Beijing) is paired with
    one and has a session recorded; a veteran of each city still waits for a mentor."""
    region = Region.objects.get(code=city)
    volunteers = [
        services.mentor_volunteer(
            user=founder.user,
            industry=Industry.objects.get(code="G"),
            region=region,
            capacity=3,
            experience="退役后创办物流企业五年，带动二十多名战友就业。",
        )
        for founder in founders
    ]
    if not volunteers:
        return
    waiting = VeteranProfile.objects.filter(home_region__code__startswith=city[:4]).exclude(
        pk__in=[founder.pk for founder in founders]
    )
    waiting = waiting.exclude(user__username="demo_veteran").order_by("-id").first()
    if waiting is not None:
        services.mentor_request_create(
            user=waiting.user, industry=Industry.objects.get(code="G"), region=region,
            need="想做同城配送，需要了解车辆、融资和招工。",
        )  # fmt: skip
    if city != "110100":
        return
    veteran = User.objects.get(username="demo_veteran")
    request = services.mentor_request_create(
        user=veteran, industry=Industry.objects.get(code="G"), region=region,
        need="刚开了汽车服务公司，想请教客户开发和用工。",
    )  # fmt: skip
    pair = services.mentor_pair(request=request, mentor=volunteers[0], officer=reviewer)
    services.mentor_session_record(
        pair=pair, user=veteran, held_on=today - datetime.timedelta(days=7),
        note="第一次见面：梳理了客户来源，约定每月见一次。",
    )  # fmt: skip


def entrepreneurship_training(today) -> None:
    """The first programme to come in each demo region becomes entrepreneurship training."""
    for city, _scope, _bureau in REGIONS:
        upcoming = TrainingProgramme.objects.filter(region_id=city, starts_on__gt=today)
        first = upcoming.order_by("starts_on", "id").first()
        if first is not None:
            first.kind = TrainingProgramme.Kind.ENTREPRENEURSHIP
            first.title = "退役军人创业能力培训班"
            first.save(update_fields=["kind", "title"])


def own_startup(today) -> StartUp:
    """demo_veteran's start-up in Beijing, confirmed, with demo_startup_hr as its admin."""
    profile = VeteranProfile.objects.get(user__username="demo_veteran")
    startup = services.startup_declare(
        user=profile.user,
        name="京兵行汽车服务有限公司",
        credit_code=credit_code("110100", 599_999),
        founded_on=today - datetime.timedelta(days=150),
        industry=Industry.objects.get(code="G"),
        region=Region.objects.get(code="110100"),
        address="北京市朝阳区东三环中路9号",
        stage=StartUp.Stage.STARTING,
        employees=6,
        veteran_employees=3,
        description="汽车维修保养和企业用车服务，优先招用退役军人驾驶员。",
    )
    startup = services.startup_confirm(
        startup=startup, reviewer=User.objects.get(username="demo_bureau")
    )
    hr = login("demo_startup_hr", role=User.Role.ENTERPRISE, last_name="赵", first_name="军")
    EnterpriseMember.objects.create(
        enterprise=startup.enterprise, user=hr, role=EnterpriseMember.Role.ADMIN
    )
    return startup


def case_records(startups: list[StartUp], officer: User, today, *, first: int = 0) -> None:
    """The bureau's case records of the confirmed founders, through the services: opened
    seven months ago and less, so some 6-month follow-ups are due; consultations and
    training, loans and subsidies applied for (granted, refused, waiting) and a stay at the
    city's incubator."""
    policies = SupportPolicy.objects.filter(
        region__code__in=[startups[0].region_id[:2] + "0000", startups[0].region_id]
    )
    loan = policies.filter(kind=SupportPolicy.Kind.LOAN).first()
    subsidy = policies.filter(kind=SupportPolicy.Kind.SUBSIDY).first()
    base = SupportBase.objects.filter(region_id=startups[0].region_id).order_by("id").first()
    for i, startup in enumerate(startups, start=first):
        opened = today - datetime.timedelta(days=230 - 40 * (i % 4))
        case = cases.case_open(startup=startup, officer=officer, opened_on=opened)
        _case_story(case, officer, i, opened=opened, loan=loan, subsidy=subsidy, base=base)
    cases.case_follow_ups_mark_due(today=today)


def _case_story(case, officer, i: int, *, opened, loan, subsidy, base) -> None:
    day = opened + datetime.timedelta(days=3)
    cases.case_contact_record(
        case=case, officer=officer, kind=CaseContact.Kind.CONSULTATION, held_on=day,
        topic="创业政策咨询：担保贷款、补贴和税费减免", internal_note="资料基本齐全，建议先申请担保贷款。",
    )  # fmt: skip
    cases.case_contact_record(
        case=case, officer=officer, kind=CaseContact.Kind.TRAINING,
        held_on=day + datetime.timedelta(days=14), topic="创业能力培训：财务与用工",
    )  # fmt: skip
    application = cases.support_application_record(
        case=case, officer=officer, policy=loan, applied_on=day + datetime.timedelta(days=20),
        amount_applied=200_000 + 50_000 * (i % 3),
    )  # fmt: skip
    if i % 3 != 2:  # the latest ones still wait for the bank's answer
        outcome = "granted" if i % 3 == 0 else "refused"
        cases.support_application_decide(
            application=application, officer=officer, outcome=outcome,
            decided_on=day + datetime.timedelta(days=41),
            amount_granted=application.amount_applied if outcome == "granted" else None,
        )  # fmt: skip
    if subsidy is not None and i % 2 == 0:
        cases.support_application_record(
            case=case, officer=officer, policy=subsidy, applied_on=day + datetime.timedelta(days=30),
            amount_applied=10_000,
        )  # fmt: skip
    if base is not None:
        cases.incubation_record(
            case=case, officer=officer, base=base, started_on=day + datetime.timedelta(days=10)
        )
