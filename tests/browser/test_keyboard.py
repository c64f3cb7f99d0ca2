"""Keyboard only: a veteran applies for a post and a bureau officer approves a post, with
nothing but Tab and Enter, and every control that takes the focus on the way shows it."""

import pytest
from django.urls import reverse

from jobs.models import Application, JobPost
from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.pages import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
MAX_TABS = 120
# The focused element's own outline, or a ring drawn with box-shadow (Bootstrap's fields).
FOCUS_SHOWN = """() => {
  const style = getComputedStyle(document.activeElement);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
    || style.boxShadow !== 'none';
}"""


def tab_to(page, text: str) -> list[str]:
    """Press Tab until the focused control reads `text`; returns the controls passed on
    the way that showed no focus."""
    unseen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        label = page.evaluate("() => document.activeElement.innerText.trim()")
        if not page.evaluate(FOCUS_SHOWN):
            unseen.append(label or page.evaluate("() => document.activeElement.outerHTML"))
        if label == text:
            return unseen
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {text!r}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_a_veteran_applies_and_a_bureau_approves_by_keyboard_alone(
    new_page, live_server, veteran, bureau_x, branch_a, viewport
):
    post = f.searchable_post(branch=branch_a, title="仓储管理员")
    pending = f.JobPostFactory(branch=branch_a, title="安保主管", status=JobPost.Status.PENDING)
    page = new_page("zh-hans", viewport)
    page.on("dialog", lambda dialog: dialog.accept())  # a confirmation, answered by Enter
    sign_in(page, live_server, veteran.user)
    page.goto(reverse("jobs:post_detail", args=[post.pk]))

    unseen = tab_to(page, "提交应聘申请")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert Application.objects.filter(post=post, veteran=veteran).exists()
    officer = new_page("zh-hans", viewport)
    officer.on("dialog", lambda dialog: dialog.accept())
    sign_in(officer, live_server, bureau_x)
    officer.goto(reverse("jobs:post_review", args=[pending.pk]))
    unseen += tab_to(officer, "审核通过并发布")
    with officer.expect_navigation():
        officer.keyboard.press("Enter")

    pending.refresh_from_db()
    assert pending.status == JobPost.Status.PUBLISHED
    assert unseen == []
