"""The region reference goes down to every district and county of GB/T 2260 (#20), loaded
by migration from portal/reference/data/regions.csv."""

import csv

import pytest

from portal.reference.loading import DATA_DIR, load_reference_data
from portal.reference.models import Region

pytestmark = pytest.mark.django_db


def shipped_rows():
    with open(DATA_DIR / "regions.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_reference_holds_every_district_and_county_of_the_shipped_data():
    shipped = {r["code"]: r for r in shipped_rows() if r["level"] == "district"}
    loaded = {
        code: (name, name_en, parent)
        for code, name, name_en, parent in Region.objects.districts().values_list(
            "code", "name", "name_en", "parent_id"
        )
    }
    assert len(shipped) > 2800
    assert loaded == {
        code: (r["name"], r["name_en"], r["parent_code"]) for code, r in shipped.items()
    }


def test_every_district_lies_within_its_city():
    districts = Region.objects.districts().select_related("parent")
    assert all(d.parent.level == Region.Level.CITY and d.parent.contains(d) for d in districts)


def test_a_chongqing_county_lies_within_the_municipalitys_group_of_counties():
    counties = Region.objects.get(code="500200")  # GB/T 2260: 县
    county = Region.objects.get(code="500236")  # 奉节县
    assert (counties.name, counties.level, county.parent_id) == ("重庆市（县）", "city", "500200")
    assert counties.contains(county)
    assert not Region.objects.get(code="500100").contains(county)


def test_a_district_scope_is_the_district_alone():
    nanshan = Region.objects.get(code="440305")
    assert nanshan.level == Region.Level.DISTRICT
    assert list(Region.objects.within(nanshan).values_list("code", flat=True)) == ["440305"]
    assert not nanshan.contains("440304")


def test_loading_again_keeps_the_existing_provinces_and_cities_as_they_were():
    before = dict(Region.objects.exclude(level="district").values_list("code", "level"))
    load_reference_data()
    after = dict(Region.objects.exclude(level="district").values_list("code", "level"))
    assert after == before
    assert len(before) == 402


@pytest.mark.parametrize(
    ("code", "english"),
    [
        ("440305", "Nanshan District"),
        ("110105", "Chaoyang District"),
        ("310115", "Pudong New Area"),
        ("152530", "Zhenglan Banner"),
        ("320583", "Kunshan"),
        ("652801", "Korla"),
    ],
)
def test_a_district_has_its_english_name(code, english):
    assert Region.objects.get(code=code).name_en == english
