"""Notices and policy documents in the demo, written through the real services (drafted,
with a file, published, one withdrawn, one left a draft): the ministry's national ones
(one expired) and those of demo_bureau (Beijing) and demo_city_bureau (Shenzhen)."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfWriter

from jobs.models import Notice
from jobs.notices.services import notice_create, notice_publish, notice_withdraw
from portal.accounts.models import User

# (author, kind, title, document number, tags, days in force before today, days after
# today it ends or None, what happens: publish, withdraw, draft)
NOTICES = (
    ("demo_ministry", "policy", "退役军人就业创业促进办法", "退役军人部发〔2025〕8号",
     ["就业", "创业", "政策"], 300, None, "publish"),
    ("demo_ministry", "notice", "关于开展第三批退役军人就业合作企业招聘活动的通知",
     "退役军人部办发〔2026〕21号", ["招聘", "合作企业"], 20, 70, "publish"),
    ("demo_ministry", "policy", "退役军人职业技能培训补贴实施细则（2024年版）",
     "退役军人部发〔2024〕5号", ["培训", "补贴"], 700, -30, "publish"),
    ("demo_bureau", "notice", "北京市2026年退役军人专场招聘会安排",
     "京退役军人发〔2026〕14号", ["招聘会", "北京"], 10, 60, "publish"),
    ("demo_bureau", "policy", "北京市退役军人创业担保贷款贴息办法", "京退役军人发〔2026〕3号",
     ["创业", "贷款", "补贴"], 90, 640, "publish"),
    ("demo_bureau", "notice", "关于调整退役军人服务站开放时间的通知", "",
     ["服务站"], 5, None, "withdraw"),
    ("demo_bureau", "notice", "北京市退役军人适应性培训报名通知（草稿）", "",
     ["培训"], 0, 45, "draft"),
    ("demo_city_bureau", "notice", "深圳市退役军人就业服务月活动通知", "深退役军人发〔2026〕9号",
     ["就业", "深圳"], 15, 45, "publish"),
)  # fmt: skip

NOTICE_BODY = (
    "各有关单位：\n\n"
    "为贯彻落实退役军人就业安置工作要求，推动“权威推荐+自主选择”的就业合作模式落地见效，"
    "现就{subject}有关事项通知如下。\n\n"
    "一、适用对象。本辖区内有就业、创业或培训意愿的退役军人。\n"
    "二、主要内容。各级退役军人事务部门要会同合作企业，核实岗位真实性，做好岗位推荐、"
    "职业技能培训和跟踪回访工作。\n"
    "三、办理方式。退役军人可通过本平台查询岗位、报名培训，也可到所在地退役军人服务中心（站）咨询。\n\n"
    "特此通知。"
)
POLICY_BODY = (
    "各有关单位：\n\n"
    "现将《{title}》印发给你们，请结合实际认真贯彻执行。执行中遇到的问题，"
    "请及时向退役军人事务部门反映。\n\n"
    "退役军人可通过本平台查询相关政策，也可到所在地退役军人服务中心（站）咨询。全文见附件。"
)


def _body(kind: str, title: str) -> str:
    """The body in the words of a real one: a notice (关于开展……的通知) announces its
    subject, a policy document is issued whole (现将《……》印发给你们)."""
    if kind == "policy":
        return POLICY_BODY.format(title=title)
    subject = title.removesuffix("（草稿）").removeprefix("关于")
    return NOTICE_BODY.format(subject=subject.removesuffix("的通知").removesuffix("通知"))


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def ensure_notices(*, today: datetime.date) -> None:
    if Notice.objects.exists():
        return
    with transaction.atomic():
        for author, kind, title, number, tags, since, until, outcome in NOTICES:
            user = User.objects.get(username=author)
            notice = notice_create(
                author=user,
                kind=kind,
                title=title,
                document_number=number,
                body=_body(kind, title),
                tags=tags,
                effective_from=today - datetime.timedelta(days=since),
                effective_until=None if until is None else today + datetime.timedelta(days=until),
                attachments=[SimpleUploadedFile("全文.pdf", _pdf(), "application/pdf")]
                if kind == "policy"
                else [],
            )
            if outcome == "draft":
                continue
            notice_publish(notice=notice, actor=user)
            # Published a few days before it came into force, as the demo's history has it.
            published = timezone.now() - datetime.timedelta(days=since + 3)
            Notice.objects.filter(pk=notice.pk).update(published_at=published)
            if outcome == "withdraw":
                notice_withdraw(notice=notice, actor=user, reason="开放时间另行通知")
