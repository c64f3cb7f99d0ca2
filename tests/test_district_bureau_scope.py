"""District bureaus (#20): an officer of a district sees its district only; a city's
officer its city and the city's districts; a province's its province. Records placed at
city level stay valid and stay in the city's and the province's scope."""

import pytest

from enterprises.models import Branch
from enterprises.selectors import enterprises_visible_to
from jobs.selectors import events_visible_to, post_review_queue
from portal.reference.models import codes_governing
from tests import factories as f
from veterans.selectors import near_regions_q, profiles_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_bureau(db):
    return f.BureauUserFactory(username="city_bureau", region=f.region(f.CITY_X))


def _veteran_in(code: str):
    return f.VeteranProfileFactory(home_region=f.region(code))


def test_a_district_officer_sees_the_veterans_of_its_district_only(bureau_district):
    own = _veteran_in(f.DISTRICT_X)
    _veteran_in(f.OTHER_DISTRICT_X)
    _veteran_in(f.CITY_X)  # placed at city level: the city's, not the district's
    assert list(profiles_visible_to(bureau_district)) == [own]


def test_a_city_officer_sees_its_city_and_its_districts(city_bureau):
    veterans = {_veteran_in(f.DISTRICT_X), _veteran_in(f.OTHER_DISTRICT_X), _veteran_in(f.CITY_X)}
    _veteran_in(f.CITY_Y)
    assert set(profiles_visible_to(city_bureau)) == veterans


def test_a_province_officer_sees_the_districts_of_its_province(bureau_x, bureau_y):
    district = _veteran_in(f.DISTRICT_X)
    assert district in profiles_visible_to(bureau_x)
    assert district not in profiles_visible_to(bureau_y)


def test_a_district_officer_governs_its_district_and_nothing_above_or_beside(bureau_district):
    assert bureau_district.governs(f.region(f.DISTRICT_X))
    assert not bureau_district.governs(f.region(f.OTHER_DISTRICT_X))
    assert not bureau_district.governs(f.region(f.CITY_X))
    assert not bureau_district.governs(f.region(f.PROVINCE_X))


def test_a_district_officer_sees_the_posts_and_events_of_its_district_only(bureau_district):
    city_branch = f.BranchFactory(region=f.region(f.CITY_X))
    district_branch = f.BranchFactory(
        enterprise=city_branch.enterprise, region=f.region(f.DISTRICT_X)
    )
    pending = {"status": "pending", "published_at": None}
    in_district = f.JobPostFactory(branch=district_branch, **pending)
    f.JobPostFactory(branch=city_branch, **pending)
    event = f.RecruitmentEventFactory(region=f.region(f.DISTRICT_X))
    f.RecruitmentEventFactory(region=f.region(f.CITY_X))
    assert list(post_review_queue(bureau_district)) == [in_district]
    assert list(events_visible_to(bureau_district)) == [event]


def test_a_district_officer_sees_the_enterprises_seated_in_its_district(bureau_district):
    seated = f.EnterpriseFactory(name="朝阳企业有限公司", hq_region=f.region(f.DISTRICT_X))
    f.EnterpriseFactory(name="北京企业有限公司", hq_region=f.region(f.CITY_X))
    assert list(enterprises_visible_to(bureau_district)) == [seated]


def test_a_veteran_living_in_a_district_counts_the_whole_city_as_near(veteran):
    veteran.home_region = f.region(f.DISTRICT_X)
    branches = {
        code: f.BranchFactory(region=f.region(code))
        for code in (f.CITY_X, f.OTHER_DISTRICT_X, f.CITY_Y)
    }
    near = set(Branch.objects.filter(near_regions_q(veteran)).values_list("region_id", flat=True))
    assert near == {f.CITY_X, f.OTHER_DISTRICT_X}
    assert len(branches) == 3


def test_the_bureaus_governing_a_chongqing_county_are_its_city_and_province():
    assert codes_governing("500236") == {"500236", "500200", "500000"}
    assert codes_governing("440305") == {"440305", "440300", "440000"}


def test_a_district_officer_places_training_in_its_own_district(bureau_district):
    from jobs.training.forms import InstitutionForm

    form = InstitutionForm(user=bureau_district)
    assert [region.code for region in form.fields["region"].queryset] == [f.DISTRICT_X]
