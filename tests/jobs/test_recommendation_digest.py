"""The weekly digest of new recommendations in the inbox (and by e-mail when chosen), and the
recommendations page of a veteran who is no longer looking for work."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from jobs import tasks
from jobs.models import MatchingRun, RecommendationDigest
from jobs.services.digests import recommendation_digest_send
from portal.accounts.models import Notification, NotificationPreference, OutgoingEmail
from tests.jobs.conftest import make_post
from tests.jobs.test_veteran_views import recommend
from veterans.models import VeteranProfile

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 12, 7)


@pytest.fixture
def current_run(db):
    return MatchingRun.objects.create(status="done", is_current=True)


@pytest.fixture
def two_recommended(veteran, branch_a, current_run):
    return [
        recommend(current_run, veteran, make_post(branch_a, title=title), rank=rank)
        for rank, title in enumerate(["仓库管理员", "安保主管"], start=1)
    ]


def _digests(user):
    return Notification.objects.filter(user=user, kind="recommendation_digest")


def test_inbox_digest_lists_the_weeks_new_recommendations(veteran, two_recommended):
    recommendation_digest_send(veteran_id=veteran.pk, today=MONDAY)

    (entry,) = _digests(veteran.user)
    assert "仓库管理员" in entry.body and "安保主管" in entry.body
    assert entry.link == reverse("jobs:recommendations")


def test_inbox_digest_comes_once_a_week_however_often_it_runs(veteran, two_recommended):
    recommendation_digest_send(veteran_id=veteran.pk, today=MONDAY)
    recommendation_digest_send(veteran_id=veteran.pk, today=MONDAY + datetime.timedelta(days=2))

    assert _digests(veteran.user).count() == 1
    assert RecommendationDigest.objects.get().week_of == MONDAY


def test_inbox_digest_next_week_holds_only_what_is_new(
    veteran, branch_a, current_run, two_recommended
):
    recommendation_digest_send(veteran_id=veteran.pk, today=MONDAY)
    recommend(current_run, veteran, make_post(branch_a, title="叉车司机"), rank=3)

    recommendation_digest_send(veteran_id=veteran.pk, today=MONDAY + datetime.timedelta(days=7))

    newest = _digests(veteran.user).order_by("-id").first()
    assert "叉车司机" in newest.body and "仓库管理员" not in newest.body


def test_inbox_digest_says_nothing_when_nothing_is_new(veteran, two_recommended):
    recommendation_digest_send(veteran_id=veteran.pk, today=MONDAY)

    recommendation_digest_send(veteran_id=veteran.pk, today=MONDAY + datetime.timedelta(days=7))

    assert _digests(veteran.user).count() == 1


def test_inbox_digest_is_not_e_mailed_unless_chosen(veteran, other_veteran, branch_a, current_run):
    recommend(current_run, veteran, make_post(branch_a), rank=1)
    recommend(current_run, other_veteran, make_post(branch_a), rank=1)
    NotificationPreference.objects.create(
        user=other_veteran.user, kind="recommendation_digest", email=True
    )

    for profile in (veteran, other_veteran):
        recommendation_digest_send(veteran_id=profile.pk, today=MONDAY)

    emails = OutgoingEmail.objects.all()
    assert [e.recipients for e in emails] == [[other_veteran.user.email]]
    assert _digests(veteran.user).count() == 1


def test_inbox_digest_skips_a_veteran_no_longer_looking(veteran, two_recommended):
    VeteranProfile.objects.filter(pk=veteran.pk).update(
        seeking_status=VeteranProfile.SeekingStatus.EMPLOYED
    )

    assert recommendation_digest_send(veteran_id=veteran.pk, today=MONDAY) is None
    assert not _digests(veteran.user).exists()


def test_inbox_digest_task_sends_one_per_job_seeker(veteran, other_veteran, two_recommended):
    VeteranProfile.objects.filter(pk=other_veteran.pk).update(
        seeking_status=VeteranProfile.SeekingStatus.NOT_SEEKING
    )

    queued = tasks.send_recommendation_digests.apply().get()

    assert queued == 1 and _digests(veteran.user).count() == 1


def test_inbox_digest_is_on_the_weekly_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["send-recommendation-digests"]

    assert entry["task"] == "jobs.tasks.send_recommendation_digests"
    assert entry["schedule"].day_of_week == {1}


def test_recommendations_page_shows_the_status_of_a_veteran_not_looking(client, veteran):
    VeteranProfile.objects.filter(pk=veteran.pk).update(
        seeking_status=VeteranProfile.SeekingStatus.EMPLOYED
    )
    client.force_login(veteran.user)

    page = client.get(reverse("jobs:recommendations")).content.decode()

    assert 'data-seeking-status="employed"' in page
    assert "computed every night" not in page


def test_inbox_digest_is_offered_by_e_mail_but_off_until_chosen(veteran):
    from portal.accounts.selectors import emailed_kinds_of

    emailed = emailed_kinds_of(veteran.user)
    NotificationPreference.objects.create(
        user=veteran.user, kind="recommendation_digest", email=True
    )

    assert "recommendation_digest" not in emailed and "application_hired" in emailed
    assert "recommendation_digest" in emailed_kinds_of(veteran.user)
