"""Demo invitations and screening (issue 19): the ministry's and the Beijing bureau's
invitations in every state, and prospects being screened or decided, with scores, notes and
consultations, so the invitation list, the screening list and a prospect's page all have
something to show. Written through the services, as a person would; once per database."""

import datetime

from django.db import transaction
from django.utils import timezone

from demo.identifiers import make_credit_code
from enterprises import invitations, screening
from enterprises.models import CooperationBatch, Enterprise, EnterpriseInvitation
from portal.accounts.models import User
from portal.reference.models import Industry, Region

# (name, contact) of enterprises invited that have not registered.
INVITED = (
    ("中能电力建设集团有限公司", "刘建华"),
    ("华夏安保服务集团有限公司", "孙立新"),
    ("长城物流股份有限公司", "马文涛"),
    ("北方重工装备制造有限公司", "郭志远"),
    ("京华城市运营服务有限公司", "杨春梅"),
    ("中联数据科技有限公司", "何晓东"),
)
REGISTERED = (("远航船舶工程有限公司", "王海峰"), ("京津冀轨道交通运维有限公司", "李晓燕"))
CONSULTATIONS = (
    ("人力资源部李经理、市退役军人事务局就业创业处张处长",
     "企业介绍在京津冀地区的用工计划，愿意拿出安保、运维类岗位定向招聘退役军人。"),
    ("企业副总经理、人力资源部李经理",
     "商定首批提供岗位数量和合作模式，企业同意岗位由属地退役军人事务部门核实。"),
)  # fmt: skip


def _invite(inviter: User, serial: int, name: str, contact: str) -> EnterpriseInvitation:
    return invitations.enterprise_invitation_create(
        inviter=inviter,
        name=name,
        credit_code=make_credit_code("110000", 880_000 + serial),
        contact_name=contact,
        email=f"invite{serial}@example.cn",
    )


def _states(ministry: User, bureau: User, today: datetime.date) -> None:
    """Two open, one reminded (its link runs out soon), one declined, two expired."""
    sent = [_invite(bureau if n % 2 else ministry, n, *row) for n, row in enumerate(INVITED)]
    now = timezone.now()
    EnterpriseInvitation.objects.filter(pk=sent[2].pk).update(
        expires_at=now + datetime.timedelta(days=5), reminded_at=now
    )
    invitations.enterprise_invitation_decline(invitation=sent[3], reason="今年暂无新增用工计划。")
    for invitation in sent[4:]:
        EnterpriseInvitation.objects.filter(pk=invitation.pk).update(
            sent_at=now - datetime.timedelta(days=40), expires_at=now - datetime.timedelta(days=10)
        )
    invitations.remind_and_expire_invitations(now=now)


def _registered(ministry: User, bureau: User, today: datetime.date) -> list:
    """Two enterprises registered through their link: each a prospect of its inviter."""
    prospects = []
    for n, (name, contact) in enumerate(REGISTERED):
        inviter = (ministry, bureau)[n]
        invitation = _invite(inviter, 50 + n, name, contact)
        user = User.objects.create_user(
            username=f"demo_invited_{n + 1}", email=f"invited{n + 1}@example.cn", password=None
        )
        enterprise = invitations.enterprise_register_from_invitation(
            invitation=invitation, user=user, name=name, credit_code=invitation.credit_code,
            ownership=Enterprise.Ownership.LOCAL_SOE, industry=Industry.objects.get(code="G"),
            hq_region=Region.objects.get(code="110100"),
        )  # fmt: skip
        prospects.append(enterprise.prospects.get())
    return prospects


def _screened(ministry: User, bureau: User, today: datetime.date) -> None:
    """Approved enterprises of Beijing with posts: scored, consulted, one decided each way."""
    batch = CooperationBatch.objects.order_by("-number").first()
    # Not yet in the latest batch, so the one decided "to sign" can be drafted into it.
    free = Enterprise.objects.approved().exclude(agreements__batch=batch).order_by("id")
    approved = list(free.filter(hq_region__code__startswith="11")[:3]) or list(free[:3])
    for n, enterprise in enumerate(approved):
        prospect = screening.prospect_add(enterprise=enterprise, actor=bureau)
        prospect = screening.prospect_screening_update(
            prospect=prospect, actor=bureau, overall_strength=4 - n % 2,
            strength_note="注册资本和营业收入位居本市同行业前列，用工规模稳定。",
            industry_influence=3 + n % 2, influence_note="本市行业协会理事单位，参与制定地方服务标准。",
            proposed_posts=60 + 20 * n, cooperation_mode=("industry", "regional", "training")[n % 3],
        )  # fmt: skip
        for days, (participants, summary) in zip((20, 6), CONSULTATIONS, strict=True):
            screening.consultation_record(
                prospect=prospect, actor=bureau, participants=participants, summary=summary,
                held_on=today - datetime.timedelta(days=days + n),
            )  # fmt: skip
        term = {"starts_on": today + datetime.timedelta(days=30)}
        term["ends_on"] = term["starts_on"].replace(year=term["starts_on"].year + 3)
        if n == 0 and batch is not None:
            screening.prospect_select(
                prospect=prospect, actor=bureau, batch=batch, reason="综合评分靠前，岗位已核实。",
                **term,
            )  # fmt: skip
        elif n == 1:
            screening.prospect_defer(
                prospect=prospect, actor=bureau, reason="核实为真实岗位的比例偏低，待下一季度再议。"
            )


def ensure_invitations_and_screening(*, today: datetime.date) -> None:
    if EnterpriseInvitation.objects.exists():
        return
    ministry = User.objects.get(username="demo_ministry")
    bureau = User.objects.get(username="demo_bureau")
    with transaction.atomic():
        _states(ministry, bureau, today)
        for prospect in _registered(ministry, bureau, today):
            screening.consultation_record(
                prospect=prospect, actor=prospect.invitation.invited_by, held_on=today,
                participants="企业负责人", summary="企业注册后首次沟通，了解其用工需求和分支机构分布。",
            )  # fmt: skip
        _screened(ministry, bureau, today)
