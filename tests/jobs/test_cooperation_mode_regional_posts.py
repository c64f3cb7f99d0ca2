"""Posts under a regional cooperation agreement that names target provinces: the search
finds them by the veterans' province, the post page says whom they aim at, and the
veteran from there reads it among the reasons of a recommendation."""

import pytest
from django.urls import reverse
from django.utils import translation

from jobs.models import Recommendation
from jobs.reasons import recommendation_reasons
from jobs.search import SearchCriteria, count_posts, search_posts
from tests import factories as f

pytestmark = pytest.mark.django_db

HENAN, SHANDONG = "410000", "370000"


@pytest.fixture
def regional(enterprise_a):
    return f.AgreementFactory(
        enterprise=enterprise_a, cooperation_mode="regional", target_provinces=[HENAN]
    )


@pytest.fixture
def posts(branch_a, regional, enterprise_a):
    other = f.AgreementFactory(enterprise=enterprise_a, cooperation_mode="industry")
    return {
        "aimed": f.searchable_post(branch=branch_a, agreement=regional, title="面向河南保安"),
        "industry": f.searchable_post(branch=branch_a, agreement=other, title="行业合作保安"),
        "plain": f.searchable_post(branch=branch_a, title="普通保安"),
    }


def titles(**criteria) -> set[str]:
    return {post.title for post in search_posts(SearchCriteria(**criteria)).posts}


def test_cooperation_mode_search_finds_the_posts_aimed_at_a_province(posts):
    assert titles(aimed_at=HENAN) == {"面向河南保安"}
    assert titles(aimed_at=SHANDONG) == set()
    assert titles() == {"面向河南保安", "行业合作保安", "普通保安"}
    assert count_posts(SearchCriteria(aimed_at=HENAN)) == (1, False)


def test_cooperation_mode_search_follows_a_change_of_the_targets(posts, regional):
    type(regional).objects.filter(pk=regional.pk).update(target_provinces=[SHANDONG])
    assert titles(aimed_at=HENAN) == set()
    assert titles(aimed_at=SHANDONG, text="保安") == {"面向河南保安"}


def test_cooperation_mode_search_page_filters_by_the_veterans_province(client, posts):
    page = client.get(reverse("home"), {"aimed_at": HENAN}).content.decode()
    assert "面向河南保安" in page and "普通保安" not in page


def test_cooperation_mode_search_page_ignores_a_code_that_is_no_province(client, posts):
    page = client.get(reverse("home"), {"aimed_at": "410100"})
    assert page.status_code == 200
    assert "普通保安" in page.content.decode()


def test_cooperation_mode_post_page_says_whom_the_post_aims_at(client, posts):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    page = client.get(reverse("jobs:post_detail", args=[posts["aimed"].pk])).content.decode()
    assert "面向来自河南省的退役军人" in page
    other = client.get(reverse("jobs:post_detail", args=[posts["industry"].pk])).content.decode()
    assert "面向来自" not in other


def _reasons(post, profile, bonus: float) -> list[str]:
    rec = Recommendation(
        post=post, veteran=profile, rank=1, score=0.5, skill_fit=0, occupation_fit=0,
        location_fit=0, industry_fit=0, salary_fit=0, education_fit=0,
        agreement_bonus=bonus, skills_required=0, skills_matched=0,
    )  # fmt: skip
    with translation.override("zh-hans"):
        return recommendation_reasons(rec, profile)


def test_cooperation_mode_reason_says_the_post_aims_at_the_home_province(posts):
    veteran = f.VeteranProfileFactory(home_region=f.region("410100"))
    assert _reasons(posts["aimed"], veteran, 0.6) == ["岗位面向来自您家乡省份的退役军人"]


def test_cooperation_mode_reason_says_nothing_of_an_agreement_aimed_elsewhere(posts, veteran):
    assert _reasons(posts["aimed"], veteran, 0.3) == []
    # Commended as well: the commendation is told, as for any post of the enterprise.
    commended_only = _reasons(posts["plain"], veteran, 0.4)
    assert commended_only and _reasons(posts["aimed"], veteran, 0.7) == commended_only


def test_cooperation_mode_search_page_links_a_veteran_to_posts_of_its_province(client, posts):
    veteran = f.VeteranProfileFactory(home_region=f.region("410100"))
    client.force_login(veteran.user)
    page = client.get(reverse("home")).content.decode()
    assert f"?aimed_at={HENAN}" in page
