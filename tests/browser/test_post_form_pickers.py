"""The post form's pickers on a phone (issue 16, item 6): the occupation is found by typing
part of its name among 1,633, skills are added as tags by tapping, without Ctrl-click; the
scripts come from the portal (static/vendor/tom-select), no CDN."""

import pytest
from django.urls import reverse

from jobs.models import JobPost
from tests import factories as f
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def pick(page, field: str, typed: str, option: str) -> None:
    box = page.locator(f"#id_{field}-ts-control")
    box.click()
    box.press_sequentially(typed)
    page.locator(".ts-dropdown:visible .option", has_text=option).first.click()


def test_a_post_is_written_on_a_phone_with_the_occupation_and_skill_pickers(
    open_as, hr_a, branch_a
):
    # Reference rows by get_or_create: a transactional test before this one may have
    # emptied the tables the migration filled.
    occupation = f.occupation("4-07-05-01")
    f.SkillFactory(code="drive-c1", name="汽车驾驶（C1 驾照）")
    f.SkillFactory(code="fire-system-operation", name="消防设施操作")
    page = open_as(hr_a, viewport=PHONE)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(reverse("jobs:enterprise_post_create"))
    page.select_option("#id_branch", str(branch_a.pk))
    page.fill("#id_title", "园区保安")
    page.fill("#id_description", "负责园区安全巡逻。")
    pick(page, "occupation", "4-07-05", "4-07-05-01")
    pick(page, "required_skills", "汽车驾驶", "汽车驾驶（C1 驾照）")
    pick(page, "required_skills", "消防设施", "消防设施操作")
    page.fill("#id_salary_min", "5000")
    page.fill("#id_salary_max", "7000")
    page.fill("#id_openings", "3")
    page.fill("#id_deadline", "2099-12-31")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with page.expect_navigation():
        page.locator("form.col-lg-9 button[type=submit]").click()
    post = JobPost.objects.get(title="园区保安")
    assert post.occupation == occupation
    assert sorted(s.name for s in post.required_skills.all()) == [
        "汽车驾驶（C1 驾照）",
        "消防设施操作",
    ]
    assert all(url.startswith(page.url.split("/jobs/")[0]) for url in requests)
