"""manage.py quarterly_report, the Celery task and its place in the beat schedule."""

import json
from io import StringIO

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command

from dashboards.models import QuarterlyReport
from dashboards.quarters import Quarter
from dashboards.tasks import quarterly_report

pytestmark = pytest.mark.django_db


def test_the_command_computes_the_quarter_it_is_given(quarter):
    out = StringIO()

    call_command("quarterly_report", "--quarter", str(quarter), stdout=out)

    assert json.loads(out.getvalue())["quarter"] == str(quarter)
    assert QuarterlyReport.objects.filter(
        year=quarter.year, quarter=quarter.number, region=None
    ).exists()


def test_the_command_without_a_quarter_computes_the_last_one_ended():
    call_command("quarterly_report", stdout=StringIO())

    last = Quarter.current().previous
    assert set(QuarterlyReport.objects.values_list("year", "quarter")) == {(last.year, last.number)}


def test_the_command_computes_several_quarters_for_the_trend():
    call_command("quarterly_report", "--last", "3", stdout=StringIO())

    assert QuarterlyReport.objects.values("year", "quarter").distinct().count() == 3


def test_the_command_refuses_a_malformed_quarter():
    with pytest.raises(CommandError, match="write it like 2026Q3"):
        call_command("quarterly_report", "--quarter", "2026-07")


def test_the_command_refuses_a_quarter_that_has_not_begun():
    with pytest.raises(CommandError, match="has not begun"):
        call_command("quarterly_report", "--quarter", str(Quarter.current().next))

    assert not QuarterlyReport.objects.exists()


def test_the_task_computes_the_quarter_just_ended():
    result = quarterly_report.delay().get()

    assert result["quarter"] == str(Quarter.current().previous)


def test_beat_runs_the_report_on_the_first_day_of_each_quarter_at_three():
    entry = settings.CELERY_BEAT_SCHEDULE["quarterly-report"]

    assert entry["task"] == "dashboards.tasks.quarterly_report"
    assert entry["schedule"] == crontab(hour=3, minute=0, day_of_month=1, month_of_year="1,4,7,10")
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"
