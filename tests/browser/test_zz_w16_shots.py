"""Temporary: screenshots of the new pages (not committed)."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Enterprise
from jobs import services
from jobs.models import JobPost
from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE
from tests.jobs.conftest import make_post

pytestmark = pytest.mark.django_db(transaction=True)
OUT = Path("/tmp/w16/shots")


def test_shots(open_as, bureau_x, hr_a, branch_a, veteran):
    OUT.mkdir(parents=True, exist_ok=True)
    batch = f.BatchFactory(number=3, name="第三批合作企业")
    agreement = f.AgreementFactory(enterprise=branch_a.enterprise, batch=batch, pledged_posts=500)
    titles = ["仓储管理员", "园区保安", "物流配送司机", "设备维修技师", "客服专员"]
    posts = []
    for n, title in enumerate(titles):
        p = make_post(branch_a, title=title, agreement=agreement, openings=5 + n)
        posts.append(p)
    f.VerificationFactory(post=posts[0], verified_on=timezone.localdate())
    f.VerificationFactory(
        post=posts[1], verified_on=timezone.localdate() - datetime.timedelta(days=200)
    )
    for title in ["叉车司机", "安全员", "电工"]:
        make_post(branch_a, JobPost.Status.PENDING, title=title)
    for n in range(3):
        f.EnterpriseFactory(
            status=Enterprise.Status.APPLIED,
            hq_region=f.region(f.CITY_X),
            name=f"北京华{n}科技有限公司",
        )
    f.BranchFactory(
        enterprise=branch_a.enterprise,
        status="pending",
        name="朝阳分公司",
        region=f.region(f.CITY_X),
    )
    veteran.phone = "13812345678"
    veteran.save()
    application = services.application_submit(post=posts[2], veteran=veteran, share_contact=True)
    event = f.RecruitmentEventFactory(
        organiser=bureau_x,
        title="春风行动专场招聘会",
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    hire = services.offline_hire_record(
        post=posts[3],
        recorder=hr_a,
        channel="event",
        event=event,
        resident_id=veteran.resident_id,
        started_on=timezone.localdate(),
    )
    pages = {
        bureau_x: [
            ("verification", reverse("jobs:verification_work_list")),
            ("directory", reverse("enterprises:enterprise_directory")),
            ("post-queue", reverse("jobs:post_review_queue")),
            ("enterprise-queue", reverse("enterprises:enterprise_review_queue")),
            ("branch-queue", reverse("enterprises:branch_review_queue")),
            ("hire-list-bureau", reverse("jobs:offline_hire_list")),
            ("post-review", reverse("jobs:post_review", args=[posts[0].pk])),
        ],
        hr_a: [
            ("hire-form", reverse("jobs:offline_hire_create")),
            ("contact", reverse("jobs:applicant_contact", args=[application.pk])),
            ("applicant", reverse("jobs:applicant_detail", args=[application.pk])),
        ],
        veteran.user: [
            ("hire-answer", reverse("jobs:offline_hire_answer", args=[hire.token])),
            ("apply", reverse("jobs:post_detail", args=[posts[4].pk])),
        ],
    }
    for user, entries in pages.items():
        for viewport in (PHONE, DESKTOP):
            page = open_as(user, viewport=viewport)
            for name, url in entries:
                page.goto(url)
                page.screenshot(path=OUT / f"{name}-{viewport['width']}.png", full_page=True)
            page.context.close()
