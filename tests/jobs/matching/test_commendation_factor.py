"""A confirmed commendation lifts its enterprise's posts in the nightly matching: the
agreement bonus adds its commended part while the commendation is current, and the
veteran reads why."""

import datetime

import pytest
from django.utils import timezone

from enterprises.models import Commendation
from jobs.matching import factors
from jobs.models import Recommendation
from jobs.reasons import recommendation_reasons

pytestmark = pytest.mark.django_db


def commend(enterprise, *, ended_days_ago: int) -> Commendation:
    return Commendation.objects.create(
        enterprise=enterprise,
        kind=Commendation.Kind.COMMENDATION,
        year=2025,
        quarter=4,
        period_ends_on=timezone.localdate() - datetime.timedelta(days=ended_days_ago),
        status=Commendation.Status.CONFIRMED,
        note="成效突出",
    )


def bonuses(run, enterprise) -> set[float]:
    rows = Recommendation.objects.filter(run=run, post__branch__enterprise=enterprise)
    return {round(value, 3) for value in rows.values_list("agreement_bonus", flat=True)}


def test_a_current_commendation_adds_its_part_to_the_matching_bonus(population, run_now):
    enterprise = population["posts"][0].branch.enterprise
    before = bonuses(run_now(), enterprise)
    commend(enterprise, ended_days_ago=30)
    after = bonuses(run_now(), enterprise)
    assert before and after
    assert after == {round(bonus + factors.COMMENDED_PART, 3) for bonus in before}


def test_a_commendation_past_its_lift_or_a_warning_adds_nothing(population, run_now, settings):
    enterprise = population["posts"][0].branch.enterprise
    before = bonuses(run_now(), enterprise)
    commend(enterprise, ended_days_ago=settings.COMMENDATION_LIFT_DAYS + 1)
    Commendation.objects.create(
        enterprise=enterprise,
        kind=Commendation.Kind.WARNING,
        year=2026,
        quarter=1,
        period_ends_on=timezone.localdate(),
        status=Commendation.Status.CONFIRMED,
        note="预警",
    )
    assert bonuses(run_now(), enterprise) == before


def test_the_veteran_reads_that_the_enterprise_has_a_commendation(population, run_now):
    enterprise = population["posts"][0].branch.enterprise
    commend(enterprise, ended_days_ago=1)
    run = run_now()
    rec = (
        Recommendation.objects.filter(run=run, post__branch__enterprise=enterprise)
        .select_related("post__occupation", "post__region", "post__industry", "veteran")
        .first()
    )
    said = recommendation_reasons(rec, rec.veteran)
    assert any("the ministry commended" in reason for reason in said)
