"""Eligibility rules read as data and evaluated with a reason in words, tested on their
boundaries: the N-th anniversary of a discharge or a founding is still within N years,
the day after is not."""

import datetime

import pytest
from django.utils import translation

from startups.eligibility import anniversary, evaluate, verdict
from startups.models import EligibilityRule
from tests import factories as f

pytestmark = pytest.mark.django_db
Kind = EligibilityRule.Kind
DISCHARGED = datetime.date(2024, 9, 1)


def _rule(kind, number=None, **policy) -> EligibilityRule:
    return EligibilityRule.objects.create(
        policy=f.SupportPolicyFactory(**policy), kind=kind, number=number
    )


def _check(rule, veteran, startup=None, today=datetime.date(2026, 1, 1)):
    return verdict(rule, profile=veteran, startup=startup, today=today)


@pytest.fixture
def discharged(db):
    return f.VeteranProfileFactory(discharge_date=DISCHARGED)


def test_eligibility_discharged_within_years_passes_on_the_nth_anniversary(discharged):
    rule = _rule(Kind.DISCHARGED_WITHIN_YEARS, 3)
    result = _check(rule, discharged, today=datetime.date(2027, 9, 1))
    assert result.passed
    assert "2027" in result.reason


def test_eligibility_discharged_within_years_fails_the_day_after_the_nth_anniversary(discharged):
    rule = _rule(Kind.DISCHARGED_WITHIN_YEARS, 3)
    result = _check(rule, discharged, today=datetime.date(2027, 9, 2))
    assert not result.passed
    assert "more than 3 years" in result.reason


def test_eligibility_discharged_within_years_fails_without_a_discharge_date(db):
    veteran = f.VeteranProfileFactory(discharge_date=None)
    result = _check(_rule(Kind.DISCHARGED_WITHIN_YEARS, 3), veteran)
    assert not result.passed and "discharge date" in result.reason


def test_eligibility_anniversary_of_29_february_falls_on_28_february():
    assert anniversary(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)
    assert anniversary(datetime.date(2024, 2, 29), 4) == datetime.date(2028, 2, 29)


def test_eligibility_founded_within_years_boundary(discharged):
    rule = _rule(Kind.FOUNDED_WITHIN_YEARS, 2)
    startup = f.StartUpFactory(founder=discharged, founded_on=datetime.date(2025, 3, 1))
    assert _check(rule, discharged, startup, today=datetime.date(2027, 3, 1)).passed
    assert not _check(rule, discharged, startup, today=datetime.date(2027, 3, 2)).passed


def test_eligibility_employees_at_least_boundary(discharged):
    rule = _rule(Kind.EMPLOYEES_AT_LEAST, 8)
    assert _check(rule, discharged, f.StartUpFactory(founder=discharged, employees=8)).passed
    short = f.StartUpFactory(founder=discharged, employees=7, veteran_employees=1)
    result = _check(rule, discharged, short)
    assert not result.passed and "7 people" in result.reason


def test_eligibility_veteran_employees_at_least_boundary(discharged):
    rule = _rule(Kind.VETERAN_EMPLOYEES_AT_LEAST, 3)
    assert _check(
        rule, discharged, f.StartUpFactory(founder=discharged, veteran_employees=3)
    ).passed
    assert not _check(
        rule, discharged, f.StartUpFactory(founder=discharged, veteran_employees=2)
    ).passed


def test_eligibility_registered_in_region_reads_the_policys_region(discharged):
    rule = _rule(Kind.REGISTERED_IN_REGION)  # the policy of province X
    inside = f.StartUpFactory(founder=discharged, region=f.region(f.CITY_X))
    outside = f.StartUpFactory(founder=discharged, region=f.region(f.CITY_Y))
    assert _check(rule, discharged, inside).passed
    assert not _check(rule, discharged, outside).passed


def test_eligibility_home_in_region_reads_where_the_veteran_lives(discharged):
    assert _check(_rule(Kind.HOME_IN_REGION), discharged).passed
    elsewhere = f.VeteranProfileFactory(home_region=f.region(f.CITY_Y))
    assert not _check(_rule(Kind.HOME_IN_REGION), elsewhere).passed


@pytest.mark.parametrize(
    "kind", [Kind.REGISTERED_IN_REGION, Kind.FOUNDED_WITHIN_YEARS, Kind.EMPLOYEES_AT_LEAST]
)
def test_eligibility_rules_about_a_startup_fail_without_one(discharged, kind):
    number = None if kind == Kind.REGISTERED_IN_REGION else 1
    result = _check(_rule(kind, number), discharged, None)
    assert not result.passed and "no start-up confirmed" in result.reason


def test_eligibility_of_a_policy_needs_every_rule_passed(discharged):
    policy = f.SupportPolicyFactory()
    EligibilityRule.objects.create(policy=policy, kind=Kind.DISCHARGED_WITHIN_YEARS, number=5)
    EligibilityRule.objects.create(policy=policy, kind=Kind.EMPLOYEES_AT_LEAST, number=100)
    startup = f.StartUpFactory(founder=discharged)
    evaluation = evaluate(
        policy, profile=discharged, startup=startup, today=datetime.date(2026, 1, 1)
    )
    assert [v.passed for v in evaluation.verdicts] == [True, False]
    assert not evaluation.eligible


def test_eligibility_reasons_read_in_chinese(discharged):
    rule = _rule(Kind.DISCHARGED_WITHIN_YEARS, 3)
    with translation.override("zh-hans"):
        result = _check(rule, discharged, today=datetime.date(2027, 9, 1))
    assert "退役" in result.reason and "3年" in result.reason
