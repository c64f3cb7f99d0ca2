"""A regional cooperation agreement that names target provinces gives its posts' agreement
bonus in full to veterans from there only; veterans from elsewhere get the smaller part."""

import pytest

from jobs.matching import factors
from jobs.models import JobPost, Recommendation
from tests import factories as f

pytestmark = pytest.mark.django_db


def bonuses_by_home(run, agreement) -> dict[str, set[float]]:
    rows = Recommendation.objects.filter(run=run, post__agreement=agreement)
    found = {}
    for home, bonus in rows.values_list("veteran__home_region_id", "agreement_bonus"):
        found.setdefault(home[:2] + "0000", set()).add(round(bonus, 3))
    return found


def test_cooperation_mode_regional_bonus_goes_to_veterans_from_the_targets(population, run_now):
    enterprise = population["posts"][0].branch.enterprise
    agreement = f.AgreementFactory(
        enterprise=enterprise, cooperation_mode="regional", target_provinces=[f.PROVINCE_X]
    )
    JobPost.objects.filter(branch__enterprise=enterprise).update(agreement=agreement)
    found = bonuses_by_home(run_now(), agreement)
    assert found[f.PROVINCE_X] == {factors.AGREEMENT_PART}
    assert found[f.PROVINCE_Y] == {factors.ELSEWHERE_PART}


def test_cooperation_mode_regional_without_targets_aims_at_everyone(population, run_now):
    enterprise = population["posts"][0].branch.enterprise
    agreement = f.AgreementFactory(enterprise=enterprise, cooperation_mode="regional")
    JobPost.objects.filter(branch__enterprise=enterprise).update(agreement=agreement)
    found = bonuses_by_home(run_now(), agreement)
    assert found[f.PROVINCE_X] == found[f.PROVINCE_Y] == {factors.AGREEMENT_PART}


def test_cooperation_mode_regional_bonus_levels_read_back_apart():
    levels = {
        factors.agreement_parts(factors.agreement_bonus(a, c, elsewhere=e))
        for a in (True, False)
        for c in (True, False)
        for e in (True, False)
        if a or not e
    }
    assert levels == {
        ("aimed", True), ("aimed", False), ("elsewhere", True), ("elsewhere", False),
        ("", True), ("", False),
    }  # fmt: skip
