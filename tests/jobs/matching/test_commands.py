"""manage.py run_matching, the nightly schedule and the Celery settings a run relies on."""

import io

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command

from jobs.models import MatchingRun


@pytest.mark.django_db(transaction=True)
def test_run_matching_shows_the_shards_done_and_the_current_run(population):
    out = io.StringIO()
    call_command("run_matching", stdout=out)
    run = MatchingRun.objects.get()
    text = out.getvalue()
    assert "shards done 2/2" in text and f"Run {run.pk} is current" in text
    assert run.is_current


def test_the_matching_runs_every_night_at_two():
    entry = settings.CELERY_BEAT_SCHEDULE["run-matching"]
    assert entry["task"] == "jobs.tasks.matching_run"
    assert entry["schedule"] == crontab(hour=2, minute=0)
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


def test_celery_redelivers_the_tasks_of_a_lost_worker_one_at_a_time():
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] >= 3600
