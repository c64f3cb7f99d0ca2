"""Issue 19, item 8, in Chromium: the ministry invites an enterprise on its page; the
invitee opens the e-mailed link, signs in, finds the registration filled in from the
invitation and registers; the invitation shows as registered and the enterprise is
screened. Also: the pages of inviting and screening fit a phone in both languages, and
their screenshots are written to INVITE19_SHOTS when it is set."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from demo.identifiers import make_credit_code
from enterprises import screening
from enterprises.models import EnterpriseInvitation, Prospect
from portal.accounts.models import OutgoingEmail
from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.pages import horizontal_overflow

pytestmark = pytest.mark.django_db(transaction=True)

CODE = make_credit_code("110000", 919_191)
SHOTS = os.environ.get("INVITE19_SHOTS", "")


def submit(page, action_url: str) -> None:
    with page.expect_navigation():
        page.locator(f'form[action="{action_url}"] button[type=submit]').first.click()


def test_invitation_accepted_and_the_enterprise_registered_from_its_link(open_as, new_page):
    ministry = f.MinistryUserFactory(username="ministry")
    newcomer = f.UserFactory(username="invitee")
    f.industry("N")
    f.region(f.CITY_X)

    page = open_as(ministry, "zh-hans", DESKTOP)
    page.goto(reverse("enterprises:invitation_create"))
    page.fill("input[name=name]", "丁安保服务有限公司")
    page.fill("input[name=credit_code]", CODE)
    page.fill("input[name=contact_name]", "赵敏")
    page.fill("input[name=email]", "zhao@ding.example.cn")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert page.url.endswith(reverse("enterprises:invitation_list"))

    body = OutgoingEmail.objects.get(recipients=["zhao@ding.example.cn"]).body
    link = re.search(r"https?://\S+(/enterprises/invited/\S+/)", body).group(1)
    invitee = new_page("zh-hans", PHONE)
    invitee.goto(link)
    with invitee.expect_navigation():
        invitee.locator(f'a[href^="{reverse("enterprises:register")}?invitation="]').click()
    invitee.fill("input[name=username]", newcomer.username)
    invitee.fill("input[name=password]", "pass-Word-123")
    with invitee.expect_navigation():
        invitee.locator("main form button[type=submit]").click()
    assert invitee.input_value("input[name=name]") == "丁安保服务有限公司"
    assert invitee.input_value("input[name=credit_code]") == CODE
    invitee.select_option("select[name=ownership]", "private")
    invitee.select_option("select[name=industry]", "N")
    invitee.select_option("select[name=hq_region]", f.CITY_X)
    with invitee.expect_navigation():
        invitee.locator("main form[method=post] button[type=submit]").last.click()
    assert invitee.url.endswith(reverse("enterprises:my_enterprise"))

    invitation = EnterpriseInvitation.objects.get()
    assert invitation.status == "registered" and invitation.enterprise.credit_code == CODE
    assert Prospect.objects.get().invitation == invitation
    page.goto(reverse("enterprises:invitation_list"))
    assert page.locator(".status-badge.status-registered").is_visible()


def _pages(world) -> list[tuple[str, str]]:
    invitation, prospect, upload = world
    return [
        ("invitation-list", reverse("enterprises:invitation_list")),
        ("invitation-create", reverse("enterprises:invitation_create")),
        ("invitation-upload", reverse("enterprises:invitation_upload")),
        (
            "invitation-upload-detail",
            reverse("enterprises:invitation_upload_detail", args=[upload.pk]),
        ),
        ("invitation-detail", reverse("enterprises:invitation_detail", args=[invitation.pk])),
        ("invitation-open", reverse("enterprises:invitation_open", args=[invitation.token])),
        ("screening-list", reverse("enterprises:screening_list")),
        ("screening-add", reverse("enterprises:screening_add")),
        ("screening-detail", reverse("enterprises:screening_detail", args=[prospect.pk])),
        ("screening-criteria", reverse("enterprises:screening_criteria")),
    ]


@pytest.fixture
def screened(enterprise_a, bureau_x):
    """An invitation, an upload with errors, and enterprise A screened with a consultation."""
    from django.utils import timezone

    from enterprises import invitations

    invitation = invitations.enterprise_invitation_create(
        inviter=bureau_x, name="北方重工装备制造有限公司", credit_code=CODE,
        contact_name="郭志远", email="guo@example.cn",
    )  # fmt: skip
    upload = invitations.invitation_list_upload(
        inviter=bureau_x, filename="拟邀请企业名单（第四批）.csv",
        content=(invitations.template_csv("zh-hans").decode().strip()
                 + "\n坏企业有限公司,123,孙丽,not-an-address\n").encode(),
    )  # fmt: skip
    branch = f.BranchFactory(enterprise=enterprise_a, region=f.region(f.CITY_X))
    f.JobPostFactory(branch=branch)
    prospect = screening.prospect_add(enterprise=enterprise_a, actor=bureau_x)
    screening.prospect_screening_update(
        prospect=prospect, actor=bureau_x, overall_strength=4,
        strength_note="注册资本和营业收入位居本市同行业前列。", proposed_posts=60,
        cooperation_mode="industry",
    )  # fmt: skip
    screening.consultation_record(
        prospect=prospect, actor=bureau_x, held_on=timezone.localdate(),
        participants="人力资源部李经理、就业创业处张处长", summary="企业愿意拿出安保、运维类岗位定向招聘退役军人。",
    )  # fmt: skip
    f.BatchFactory(number=4, name="第四批")
    return invitation, prospect, upload


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_invitation_and_screening_pages_fit_a_phone(open_as, bureau_x, hr_b, screened, language):
    """The bureau's pages, and enterprise B's page where its staff ask to sign."""
    too_wide = []
    visits = [
        (bureau_x, _pages(screened)),
        (hr_b, [("my-enterprise", reverse("enterprises:my_enterprise"))]),
    ]
    for viewport, (user, pages) in [
        (viewport, visit)
        for viewport in ((PHONE, DESKTOP) if SHOTS else (PHONE,))
        for visit in visits
    ]:
        page = open_as(user, language, viewport)
        for name, url in pages:
            page.goto(url)
            if viewport is PHONE and (extra := horizontal_overflow(page)):
                too_wide.append(f"{url}: {extra} px")
            if SHOTS:
                folder = Path(SHOTS)
                folder.mkdir(parents=True, exist_ok=True)
                shot = folder / f"{name}-{viewport['width']}-{language}.png"
                page.screenshot(path=shot, full_page=True)
        page.context.close()
    assert too_wide == []
