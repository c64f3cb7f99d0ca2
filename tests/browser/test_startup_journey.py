"""Issue #21 end to end in Chromium: a veteran declares a start-up, the bureau confirms it
on its page, the founder opens a staff account, the staff post a job the bureau approves,
and the veteran sees a support policy they are eligible for, with the reason for each
rule. Then the eligibility page, the directory and the start-up's page at 390 and 1280 px
in both languages: nothing wider than the window (and, with STARTUP_SCREENSHOTS_DIR set,
their screenshots)."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from demo.identifiers import make_credit_code
from jobs.models import JobPost
from startups.models import EligibilityRule, StartUp
from tests import factories as f
from tests.browser import test_enterprise_journey as journey
from tests.browser.conftest import language_windows
from tests.browser.pages import horizontal_overflow

pytestmark = pytest.mark.django_db(transaction=True)
submit = journey.submit
SCREENSHOTS = os.environ.get("STARTUP_SCREENSHOTS_DIR", "")


@pytest.fixture
def world(bureau_x):
    veteran = f.VeteranProfileFactory(
        user__username="founder", discharge_date=timezone.localdate() - datetime.timedelta(400)
    )
    loan = f.SupportPolicyFactory(title="北京市退役军人创业担保贷款")
    EligibilityRule.objects.create(policy=loan, kind="discharged_within_years", number=5)
    EligibilityRule.objects.create(policy=loan, kind="registered_in_region")
    subsidy = f.SupportPolicyFactory(kind="subsidy", title="北京市一次性创业补贴")
    EligibilityRule.objects.create(policy=subsidy, kind="employees_at_least", number=20)
    f.SupportBaseFactory(name="北京市退役军人创业孵化基地")
    return {"veteran": veteran, "bureau": bureau_x, "loan": loan, "subsidy": subsidy}


def declare(page) -> StartUp:
    industry = f.industry()  # before the form is drawn, so that it is among the options
    page.goto(reverse("startups:declare"))
    page.fill("input[name=name]", "京兵行汽车服务有限公司")
    page.fill("input[name=credit_code]", make_credit_code("110105", 424242))
    page.fill("input[name=founded_on]", (timezone.localdate() - datetime.timedelta(90)).isoformat())
    page.select_option("select[name=industry]", industry.pk)
    page.select_option("select[name=region]", f.CITY_X)
    page.fill("input[name=address]", "北京市朝阳区东三环中路9号")
    page.select_option("select[name=stage]", "starting")
    page.fill("input[name=employees]", "6")
    page.fill("input[name=veteran_employees]", "3")
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").last.click()
    return StartUp.objects.get(name="京兵行汽车服务有限公司")


def test_a_veteran_declares_a_startup_the_bureau_confirms_it_it_posts_a_job_and_the_veteran_sees_eligible_policies(
    open_as, world
):
    founder = open_as(world["veteran"].user)
    startup = declare(founder)
    assert startup.status == "declared"

    bureau = open_as(world["bureau"])
    bureau.goto(reverse("startups:review_queue"))
    assert "京兵行汽车服务有限公司" in bureau.content()
    bureau.goto(reverse("startups:detail", args=[startup.pk]))
    submit(bureau, reverse("startups:startup_confirm", args=[startup.pk]))
    startup.refresh_from_db()
    assert startup.status == "confirmed"

    founder.goto(reverse("startups:detail", args=[startup.pk]))
    assert "退役军人创业企业" in founder.content()
    founder.goto(reverse("startups:staff", args=[startup.pk]))
    founder.fill("input[name=username]", "jingbing_hr")
    founder.fill("input[name=email]", "hr@jingbing.cn")
    with founder.expect_navigation():
        founder.locator("form[method=post] button[type=submit]").last.click()
    staff = startup.enterprise.members.get().user

    hr = open_as(staff)
    post = journey.write_and_submit_post(hr, startup.enterprise.branches.get(), f.occupation())
    bureau.goto(reverse("jobs:post_review", args=[post.pk]))
    submit(bureau, reverse("jobs:post_approve", args=[post.pk]))
    post.refresh_from_db()
    assert post.status == JobPost.Status.PUBLISHED and post.agreement is None
    founder.goto(reverse("startups:detail", args=[startup.pk]))
    assert "安保队长" in founder.content()

    founder.goto(reverse("startups:eligibility"))
    loan = founder.locator(f'article[data-policy="{world["loan"].pk}"]')
    assert loan.get_attribute("data-eligible") == "yes"
    reasons = loan.locator(".verdict__reason").all_inner_texts()
    assert any("退役" in reason for reason in reasons)
    assert any("京兵行汽车服务有限公司注册在" in reason for reason in reasons)
    subsidy = founder.locator(f'article[data-policy="{world["subsidy"].pk}"]')
    assert subsidy.get_attribute("data-eligible") == "no"
    assert "要求至少20人" in subsidy.inner_text()


@pytest.mark.parametrize(("language", "viewport"), language_windows(bool(SCREENSHOTS)))
def test_the_startup_and_eligibility_pages_fit_the_window(
    open_as, new_page, world, language, viewport
):
    veteran = world["veteran"]
    startup = f.StartUpFactory(
        founder=veteran,
        name="京兵行汽车服务有限公司",
        status="confirmed",
        enterprise=f.EnterpriseFactory(name="京兵行汽车服务有限公司"),
        reviewed_by=world["bureau"],
        reviewed_at=timezone.now(),
        description="汽车维修保养和企业用车服务，优先招用退役军人驾驶员。",
    )
    for _ in range(3):
        f.StartUpFactory(
            status="confirmed", enterprise=f.EnterpriseFactory(), reviewed_at=timezone.now()
        )
    pages = {
        "eligibility": (open_as(veteran.user, language, viewport), reverse("startups:eligibility")),
        "directory": (new_page(language, viewport), reverse("startups:directory")),
        "startup": (new_page(language, viewport), reverse("startups:detail", args=[startup.pk])),
    }
    too_wide = {}
    for name, (page, url) in pages.items():
        page.goto(url)
        too_wide[name] = horizontal_overflow(page)
        if SCREENSHOTS:
            folder = Path(SCREENSHOTS)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{name}-{viewport['width']}-{language}.png"
            page.screenshot(path=str(path), full_page=True)
    assert too_wide == dict.fromkeys(pages, 0)
