"""The bureau's queues in Chromium: a report confirmed through its confirmation dialog, and a
veteran registering for a recruitment event on a phone."""

import pytest
from django.urls import reverse

from jobs.models import PostReport
from tests import factories as f
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_bureau_confirms_a_report_after_the_confirmation_dialog(open_as, bureau_x, branch_a):
    report = f.PostReportFactory(post=f.JobPostFactory(branch=branch_a), detail="月薪与岗位不符")
    page = open_as(bureau_x, viewport=PHONE, accept_dialogs=False)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.goto(reverse("jobs:report_queue"))
    page.fill("textarea[name=note]", "电话核实，岗位信息不实")
    with page.expect_navigation():
        page.locator(
            f'button[formaction="{reverse("jobs:report_confirm", args=[report.pk])}"]'
        ).click()
    assert len(dialogs) == 1
    assert page.locator(".alert-success").is_visible()
    assert page.locator(".portal-empty").is_visible()
    report.refresh_from_db()
    assert (report.status, report.post.status) == (PostReport.Status.CONFIRMED, "taken_down")


def test_dismissing_the_dialog_leaves_the_report_open(open_as, bureau_x, branch_a):
    report = f.PostReportFactory(post=f.JobPostFactory(branch=branch_a))
    page = open_as(bureau_x, viewport=PHONE, accept_dialogs=False)
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.goto(reverse("jobs:report_queue"))
    page.fill("textarea[name=note]", "电话核实")
    page.locator(f'button[formaction="{reverse("jobs:report_confirm", args=[report.pk])}"]').click()
    page.wait_for_timeout(300)
    report.refresh_from_db()
    assert report.status == PostReport.Status.OPEN


def test_a_veteran_registers_for_an_event_on_a_phone(open_as, veteran):
    event = f.RecruitmentEventFactory(title="春风行动专场招聘会", capacity=5)
    page = open_as(veteran.user, viewport=PHONE)
    page.goto(reverse("jobs:event_list"))
    with page.expect_navigation():
        page.get_by_text("春风行动专场招聘会").click()
    with page.expect_navigation():
        page.locator(
            f'form[action="{reverse("jobs:event_register", args=[event.pk])}"] button'
        ).click()
    assert page.locator(".alert-success").is_visible()
    assert page.locator(
        f'form[action="{reverse("jobs:event_unregister", args=[event.pk])}"]'
    ).is_visible()
    assert event.registrations.filter(veteran=veteran).exists()
