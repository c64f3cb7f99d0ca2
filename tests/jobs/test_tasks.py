import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from jobs import tasks
from jobs.models import FollowUp, JobPost
from tests import factories as f
from tests.jobs.conftest import make_post


@pytest.mark.parametrize("task", [tasks.expire_job_posts, tasks.mark_follow_ups_due])
def test_the_beat_schedule_names_the_task(task):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert task.name in scheduled


def test_the_nightly_task_expires_posts_past_their_deadline(branch_a, post):
    late = make_post(branch_a, deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert tasks.expire_job_posts.delay().get() == 1
    late.refresh_from_db()
    post.refresh_from_db()
    assert (late.status, post.status) == (JobPost.Status.EXPIRED, JobPost.Status.PUBLISHED)
    assert tasks.expire_job_posts.delay().get() == 0


def test_the_daily_task_marks_follow_ups_due(post):
    placement = f.PlacementFactory(application__post=post)
    due = f.FollowUpFactory(placement=placement, due_on=timezone.localdate())
    later = f.FollowUpFactory(
        placement=placement, month=3, due_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert tasks.mark_follow_ups_due.delay().get() == 1
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == (FollowUp.Status.DUE, FollowUp.Status.SCHEDULED)
    assert tasks.mark_follow_ups_due.delay().get() == 0
