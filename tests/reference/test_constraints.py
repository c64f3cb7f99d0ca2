import pytest
from django.db import IntegrityError, transaction

from portal.reference.models import MilitarySpecialty, Region, SpecialtyOccupation
from tests import factories as f

# No GB/T 2260 code starts with 99, so these never clash with the loaded lists.
PROVINCE, CITY = "990000", "990100"


def refused(constraint: str):
    return pytest.raises(IntegrityError, match=constraint)


@pytest.mark.parametrize("code", ["99000", "99000A", "ab0000"])
def test_a_region_code_is_six_digits(db, code):
    with refused("region_code_6_digits"), transaction.atomic():
        Region.objects.create(code=code, name="x", level="province")


def test_a_province_has_no_parent(db):
    Region.objects.create(code=PROVINCE, name="x", level="province")
    with refused("region_parent_iff_not_province"), transaction.atomic():
        Region.objects.create(code="980000", name="y", level="province", parent_id=PROVINCE)


@pytest.mark.parametrize("level", ["city", "district"])
def test_a_city_or_district_has_a_parent(db, level):
    with refused("region_parent_iff_not_province"), transaction.atomic():
        Region.objects.create(code=CITY, name="x", level=level)


def test_a_city_under_a_province_is_accepted(db):
    province = Region.objects.create(code=PROVINCE, name="x", level="province")
    Region.objects.create(code=CITY, name="y", level="city", parent=province)
    assert list(Region.objects.within(province).values_list("code", flat=True)) == [PROVINCE, CITY]


def test_a_specialty_maps_to_an_occupation_once(db):
    specialty = MilitarySpecialty.objects.create(
        code="test-s", name="s", name_en="s", branch="army"
    )
    occupation = f.occupation()
    SpecialtyOccupation.objects.create(specialty=specialty, occupation=occupation)
    with refused("crosswalk_unique_pair"), transaction.atomic():
        SpecialtyOccupation.objects.create(
            specialty=specialty, occupation=occupation, fit="secondary"
        )
