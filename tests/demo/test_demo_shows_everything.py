"""Right after `seed_demo --scale small` (what `make run` does), every demo login has
something real to show: recommendations, candidates, dashboards with a quarterly report, and
work waiting in each demo bureau's region. Seeded at today's date, since matching skips
posts past their deadline; the small scale loads in about a minute, so one test looks at
all of it."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dashboards.models import QuarterlyReport
from demo.logins import CITY_BUREAU_REGION
from demo.nightly import ended_quarters
from enterprises.models import Branch, Commendation, CooperationBatch, Enterprise
from jobs.models import FollowUp, JobPost, MatchingRun, PostReport, RecruitmentEvent
from portal.accounts.models import User
from veterans.models import StatusConfirmation, TrainingProgramme, VeteranProfile

pytestmark = pytest.mark.slow
DEMO_BUREAU_REGIONS = ("11", CITY_BUREAU_REGION[:4])


def seed(scale: str, capture) -> None:
    with capture(execute=True):
        call_command("seed_demo", scale=scale, seed=1, verbosity=0)


def signed_in(username: str) -> Client:
    client = Client()
    client.user = User.objects.get(username=username)
    client.force_login(client.user)
    return client


def test_it_leaves_a_current_matching_run_and_four_quarterly_reports_once(
    db, django_capture_on_commit_callbacks
):
    seed("tiny", django_capture_on_commit_callbacks)
    seed("tiny", django_capture_on_commit_callbacks)

    assert MatchingRun.objects.get().is_current
    stored = {(r.year, r.quarter) for r in QuarterlyReport.objects.filter(region=None)}
    assert stored == {(q.year, q.number) for q in ended_quarters(timezone.localdate())}


def test_the_demo_directory_shows_released_batches_and_confirmed_commendations(
    db, django_capture_on_commit_callbacks
):
    seed("tiny", django_capture_on_commit_callbacks)
    latest = ended_quarters(timezone.localdate())[-1]
    confirmed = Commendation.objects.filter(
        year=latest.year, quarter=latest.number, status="confirmed"
    )
    directory = Client().get(reverse("cooperation:directory"))

    assert CooperationBatch.objects.released().count() == 3
    assert directory.context["page_obj"].paginator.count > 0
    assert confirmed.filter(kind="commendation").exists()
    assert confirmed.filter(kind="warning").exists()
    for pk in confirmed.filter(kind="commendation").values_list("enterprise", flat=True):
        page = Client().get(reverse("cooperation:enterprise", args=[pk]))
        assert 'class="commendation-badge"' in page.content.decode()


def test_every_demo_login_finds_data_and_each_demo_bureau_finds_work(
    db, django_capture_on_commit_callbacks
):
    seed("small", django_capture_on_commit_callbacks)
    recommendations = signed_in("demo_veteran").get(reverse("jobs:recommendations"))
    hr = signed_in("demo_hr")
    own_posts = JobPost.objects.published().filter(branch__enterprise__members__user=hr.user)
    candidates = [
        hr.get(reverse("jobs:enterprise_post_candidates", args=[post.pk])).context["items"]
        for post in own_posts
    ]
    dashboards = {
        name: signed_in(name).get(reverse("dashboards:home"), follow=True).context["report"]
        for name in ("demo_bureau", "demo_city_bureau", "demo_ministry")
    }

    bureau = signed_in("demo_bureau")
    to_refer = bureau.get(reverse("jobs:referral_candidate_list")).context["rows"]
    referred = bureau.get(reverse("jobs:referral_list")).context["page_obj"]
    received = hr.get(reverse("jobs:referral_list")).context["page_obj"]

    assert len(recommendations.context["items"]) > 0
    assert any(candidates)
    assert to_refer and {r.status for r in referred} == {"open", "overdue", "taken_up", "declined"}
    assert {r.status for r in received} == {"open", "overdue", "taken_up", "declined"}
    assert {
        name: bool(report and report["totals"]["applications"])
        for name, report in dashboards.items()
    } == dict.fromkeys(dashboards, True)
    missing = {prefix: waiting_in(prefix) for prefix in DEMO_BUREAU_REGIONS}
    assert missing == {prefix: [] for prefix in DEMO_BUREAU_REGIONS}
    fortnight = timezone.now() - timezone.timedelta(days=14)
    assert not Branch.objects.filter(status="pending", created_at__lt=fortnight).exists()
    # Notices and feedback (#20): public notices, one expired; the enterprise's averages
    # shown; the bureau's aggregates; a question waiting for demo_veteran.
    notices = Client().get(reverse("jobs:notice_list")).context["page_obj"]
    assert len(notices) >= 5 and any(notice.is_expired for notice in notices)
    assert hr.get(reverse("jobs:feedback_enterprise")).context["summary"].shown
    assert bureau.get(reverse("jobs:feedback_summary")).context["page_obj"].object_list
    waiting = signed_in("demo_veteran").get(reverse("jobs:feedback_list")).context["rows"]
    assert [row["feedback"].status for row in waiting] == ["asked"]
    # The district's quarterly report (#20): demo_district_bureau lands on its district's
    # stored report, with figures and its feedback block.
    district = signed_in("demo_district_bureau").get(reverse("dashboards:home"), follow=True)
    assert district.context["scope"].region.level == "district"
    assert district.context["report"]["totals"]["veterans"]
    assert district.context["feedback"] is not None


def waiting_in(prefix: str) -> list[str]:
    """The kinds of work of which the region has none."""
    today = timezone.localdate()
    waiting = {
        "enterprise": Enterprise.objects.filter(
            hq_region__code__startswith=prefix, status="applied"
        ),
        "branch": Branch.objects.filter(region__code__startswith=prefix, status="pending"),
        "post": JobPost.objects.filter(region__code__startswith=prefix, status="pending"),
        "report": PostReport.objects.filter(post__region__code__startswith=prefix, status="open"),
        "follow-up": FollowUp.objects.filter(
            placement__application__post__region__code__startswith=prefix
        ),
        "event": RecruitmentEvent.objects.filter(
            region__code__startswith=prefix, starts_at__date__gt=today
        ),
        "course": TrainingProgramme.objects.filter(
            region__code__startswith=prefix, starts_on__gt=today
        ),
        "status confirmation": VeteranProfile.objects.filter(
            home_region__code__startswith=prefix, status_confirmation__isnull=True
        ),
        "confirmed veteran": StatusConfirmation.objects.filter(
            profile__home_region__code__startswith=prefix
        ),
    }
    return [kind for kind, rows in waiting.items() if not rows.exists()]
