"""Search filters go down to districts (#20): a district filter finds the posts of that
district; a city's filter keeps the posts of its districts; a municipality's city holds
all of it."""

import pytest
from django.urls import reverse

from jobs.forms.search import PostSearchForm
from jobs.search import SearchCriteria, search_posts
from tests import factories as f

pytestmark = pytest.mark.django_db


def _post_in(code: str, title: str):
    branch = f.BranchFactory(region=f.region(code))
    return f.searchable_post(branch=branch, title=title)


def _titles(**params) -> set[str]:
    return {post.title for post in search_posts(SearchCriteria.from_params(params)).posts}


def test_a_district_filter_finds_the_posts_of_that_district_only():
    _post_in(f.DISTRICT_X, "朝阳保安")
    _post_in(f.OTHER_DISTRICT_X, "海淀保安")
    _post_in(f.CITY_X, "北京保安")
    found = _titles(province=f.PROVINCE_X, city=f.CITY_X, district=f.DISTRICT_X)
    assert found == {"朝阳保安"}


def test_a_city_filter_keeps_the_posts_of_its_districts():
    _post_in(f.DISTRICT_X, "朝阳保安")
    _post_in(f.CITY_X, "北京保安")
    _post_in(f.CITY_Y, "上海保安")
    assert _titles(province=f.PROVINCE_X, city=f.CITY_X) == {"朝阳保安", "北京保安"}


def test_a_chongqing_county_is_in_chongqings_group_of_counties():
    _post_in("500236", "奉节保安")
    assert _titles(province="500000", city="500200") == {"奉节保安"}
    assert _titles(province="500000", city="500100") == set()


def test_the_district_filter_offers_the_districts_of_the_chosen_city_only():
    form = PostSearchForm({"province": f.PROVINCE_X, "city": f.CITY_X})
    codes = [code for code, _ in form.fields["district"].choices if code]
    assert f.DISTRICT_X in codes and all(code.startswith("11") for code in codes)
    assert PostSearchForm({"province": f.PROVINCE_X}).fields["district"].choices[1:] == []


def test_the_search_page_filters_by_district(client):
    _post_in(f.DISTRICT_X, "朝阳保安")
    _post_in(f.OTHER_DISTRICT_X, "海淀保安")
    page = client.get(
        reverse("home"), {"province": f.PROVINCE_X, "city": f.CITY_X, "district": f.DISTRICT_X}
    )
    assert "朝阳保安" in page.content.decode() and "海淀保安" not in page.content.decode()
