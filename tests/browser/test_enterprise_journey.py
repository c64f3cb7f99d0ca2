"""Issue item 9, end to end in Chromium: an enterprise registers and posts, its bureau
approves, a veteran applies, the enterprise hires, the bureau records the first follow-up.

Every step goes through the pages of the role that takes it; buttons are found by the
URL their form posts to, so the test reads the same in either language.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from demo.identifiers import make_credit_code
from enterprises.models import Branch, Enterprise
from jobs.models import Application, JobPost
from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

CODE = make_credit_code("110000", 909090)


def submit(page, action_url: str, **button) -> None:
    """Click the submit button of the form that posts to ``action_url``."""
    selector = f'form[action="{action_url}"] button[type=submit]'
    if button:
        selector += "".join(f'[{name}="{value}"]' for name, value in button.items())
    with page.expect_navigation():
        page.locator(selector).first.click()


def register_enterprise(new_page, newcomer) -> Enterprise:
    page = new_page("zh-hans", DESKTOP)
    page.goto(reverse("accounts:login"))
    page.fill("input[name=username]", newcomer.username)
    page.fill("input[name=password]", "pass-Word-123")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.goto(reverse("enterprises:register"))
    page.fill("input[name=name]", "丁安保服务有限公司")
    page.fill("input[name=credit_code]", CODE)
    page.select_option("select[name=ownership]", "private")
    page.select_option("select[name=industry]", "N")
    page.select_option("select[name=hq_region]", f.CITY_X)
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").last.click()
    assert page.url.endswith(reverse("enterprises:my_enterprise"))
    assert page.locator(".status-badge.status-applied").is_visible()
    return Enterprise.objects.get(credit_code=CODE)


def add_branch(page) -> Branch:
    page.goto(reverse("enterprises:branch_create"))
    page.fill("input[name=name]", "丁安保北京分公司")
    page.select_option("select[name=region]", f.CITY_X)
    page.fill("input[name=address]", "海淀区中关村大街1号")
    page.fill("input[name=contact_name]", "钱经理")
    page.fill("input[name=contact_phone]", "13811112222")
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").last.click()
    return Branch.objects.get(name="丁安保北京分公司")


def write_and_submit_post(page, branch: Branch, occupation) -> JobPost:
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    page.goto(reverse("jobs:enterprise_post_create"))
    page.select_option("select[name=branch]", str(branch.pk))
    page.fill("input[name=title]", "安保队长")
    page.fill("textarea[name=description]", "带领安保队伍，负责园区安全。")
    page.select_option("select[name=occupation]", occupation.pk)
    page.fill("input[name=salary_min]", "7000")
    page.fill("input[name=salary_max]", "9000")
    page.fill("input[name=openings]", "2")
    page.fill("input[name=deadline]", deadline.isoformat())
    with page.expect_navigation():
        page.locator("fieldset button[type=submit]").click()
    post = JobPost.objects.get(title="安保队长")
    submit(page, reverse("jobs:enterprise_post_submit", args=[post.pk]))
    return post


def hire_through_the_pipeline(page, application: Application) -> None:
    page.goto(reverse("jobs:pipeline"))
    detail = reverse("jobs:applicant_detail", args=[application.pk])
    with page.expect_navigation():
        page.locator(f'a[href="{detail}"]').first.click()
    advance = reverse("jobs:application_advance", args=[application.pk])
    for step in ("viewed", "shortlisted", "interview"):
        submit(page, advance, name="target", value=step)
    page.fill("textarea[name=message]", "恭喜，请于下周一报到。")
    submit(page, advance, name="target", value="offered")
    submit(page, reverse("jobs:application_hire", args=[application.pk]))


def test_an_enterprise_registers_posts_and_hires_and_the_bureau_follows_up(new_page, open_as):
    # Reference rows the forms offer, present even after an earlier test's flush.
    f.industry("N")
    f.region(f.CITY_X)
    occupation = f.occupation()
    newcomer = f.UserFactory(username="ding_hr")
    bureau = f.BureauUserFactory(username="beijing_bureau", region=f.region(f.PROVINCE_X))
    veteran = f.VeteranProfileFactory(user__username="ding_veteran")

    enterprise = register_enterprise(new_page, newcomer)
    regulator = open_as(bureau)
    regulator.goto(reverse("enterprises:enterprise_review", args=[enterprise.pk]))
    submit(regulator, reverse("enterprises:enterprise_approve", args=[enterprise.pk]))
    enterprise.refresh_from_db()
    assert enterprise.status == Enterprise.Status.APPROVED

    staff = open_as(newcomer)
    branch = add_branch(staff)
    regulator.goto(reverse("enterprises:branch_review", args=[branch.pk]))
    submit(regulator, reverse("enterprises:branch_approve", args=[branch.pk]))
    post = write_and_submit_post(staff, branch, occupation)
    assert JobPost.objects.get(pk=post.pk).status == JobPost.Status.PENDING
    regulator.goto(reverse("jobs:post_review", args=[post.pk]))
    submit(regulator, reverse("jobs:post_approve", args=[post.pk]))
    assert JobPost.objects.get(pk=post.pk).status == JobPost.Status.PUBLISHED

    applicant = open_as(veteran.user, viewport=PHONE)
    applicant.goto(reverse("jobs:post_detail", args=[post.pk]))
    applicant.fill("textarea[name=note]", "有八年安保经验。")
    submit(applicant, reverse("jobs:post_apply", args=[post.pk]))
    application = Application.objects.get(post=post, veteran=veteran)

    hire_through_the_pipeline(staff, application)
    application.refresh_from_db()
    assert application.status == Application.Status.HIRED
    assert staff.locator(".status-badge.status-hired").is_visible()

    first = application.placement.follow_ups.get(month=1)
    regulator.goto(reverse("jobs:follow_up_list"))
    record = reverse("jobs:follow_up_record", args=[first.pk])
    with regulator.expect_navigation():
        regulator.locator(f'a[href="{record}"]').click()
    regulator.check("input[name=outcome][value=employed]")
    with regulator.expect_navigation():
        regulator.locator("form[method=post] button[type=submit]").last.click()
    first.refresh_from_db()
    assert (first.status, first.outcome, first.recorded_by) == ("done", "employed", bureau)
