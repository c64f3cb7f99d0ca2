"""The public pages: a released batch, the directory of cooperative enterprises and each
one's page, for anyone; a batch before its release date and an enterprise with no announced
agreement are not found."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Agreement, Commendation, Enterprise
from jobs.models import JobPost, Verification
from tests import factories as f

pytestmark = pytest.mark.django_db

ROLES = ("veteran", "hr_a", "bureau_x", "bureau_y", "ministry")
TODAY = timezone.localdate


@pytest.fixture
def released(db):
    return f.BatchFactory(number=3, name="第三批", released_on=TODAY() - datetime.timedelta(days=1))


@pytest.fixture
def unreleased(db):
    return f.BatchFactory(number=4, name="第四批", released_on=TODAY() + datetime.timedelta(days=7))


@pytest.fixture
def cooperative(enterprise_a, released):
    """Enterprise A (seated in Beijing), with an active agreement in the released batch."""
    f.AgreementFactory(
        enterprise=enterprise_a,
        batch=released,
        pledged_posts=120,
        cooperation_mode=Agreement.CooperationMode.TRAINING,
    )
    return enterprise_a


def names(response) -> list[str]:
    return [enterprise.name for enterprise in response.context["page_obj"]]


def confirmed_commendation(enterprise, **fields) -> Commendation:
    values = {
        "kind": Commendation.Kind.COMMENDATION,
        "year": 2025,
        "quarter": 4,
        "period_ends_on": datetime.date(2025, 12, 31),
        "status": Commendation.Status.CONFIRMED,
        "note": "各项指标领先",
        **fields,
    }
    return Commendation.objects.create(enterprise=enterprise, **values)


# --- the directory ------------------------------------------------------------------------


def test_the_public_directory_lists_enterprises_of_released_batches_to_anyone(
    english, cooperative, enterprise_b, unreleased
):
    f.AgreementFactory(enterprise=enterprise_b, batch=unreleased)
    applied = f.EnterpriseFactory(name="申请中企业", status=Enterprise.Status.APPLIED)
    f.AgreementFactory(enterprise=applied, batch=cooperative.agreements.get().batch)
    drafted = f.EnterpriseFactory(name="草案企业")
    f.AgreementFactory(
        enterprise=drafted, batch=cooperative.agreements.get().batch, status="draft", signed_on=None
    )
    response = english.get(reverse("cooperation:directory"))
    assert response.status_code == 200
    assert names(response) == [cooperative.name]
    assert "1 enterprise" in response.content.decode()


@pytest.mark.parametrize("persona", ROLES, indirect=True)
def test_the_public_directory_answers_every_role(english, persona, cooperative):
    english.force_login(persona)
    response = english.get(reverse("cooperation:directory"))
    assert response.status_code == 200
    assert names(response) == [cooperative.name]


def test_the_public_directory_filters_by_batch_industry_province_ownership_and_mode(
    english, cooperative, enterprise_b, released
):
    second = f.BatchFactory(number=2, name="第二批")
    f.AgreementFactory(
        enterprise=enterprise_b,
        batch=second,
        cooperation_mode=Agreement.CooperationMode.REGIONAL,
    )
    enterprise_b.ownership = Enterprise.Ownership.CENTRAL_SOE
    enterprise_b.industry = f.industry("C")
    enterprise_b.save()
    url = reverse("cooperation:directory")
    assert names(english.get(url, {"batch": released.pk})) == [cooperative.name]
    assert names(english.get(url, {"batch": second.pk})) == [enterprise_b.name]
    assert names(english.get(url, {"industry": "C"})) == [enterprise_b.name]
    assert names(english.get(url, {"province": f.PROVINCE_Y})) == [enterprise_b.name]
    assert names(english.get(url, {"ownership": "central_soe"})) == [enterprise_b.name]
    assert names(english.get(url, {"mode": "training"})) == [cooperative.name]
    assert names(english.get(url, {"mode": "regional", "province": f.PROVINCE_X})) == []


def test_the_public_directory_finds_an_enterprise_by_a_branch_in_the_province(english, cooperative):
    f.BranchFactory(enterprise=cooperative, region=f.region(f.CITY_Y))
    url = reverse("cooperation:directory")
    assert names(english.get(url, {"province": f.PROVINCE_Y})) == [cooperative.name]


def test_the_public_directory_does_not_offer_an_unreleased_batch_as_a_filter(
    english, cooperative, unreleased
):
    response = english.get(reverse("cooperation:directory"), {"batch": unreleased.pk})
    batches = list(response.context["filter"].form.fields["batch"].queryset)
    assert unreleased not in batches
    assert "Select a valid choice" in response.content.decode()


def test_the_public_directory_shows_its_empty_state(english):
    response = english.get(reverse("cooperation:directory"))
    assert "No batch of cooperative enterprises has been announced yet." in (
        response.content.decode()
    )


def test_the_public_directory_shows_a_confirmed_commendation_as_a_badge(english, cooperative):
    confirmed_commendation(cooperative)
    confirmed_commendation(cooperative, kind=Commendation.Kind.WARNING, note="履约不足")
    confirmed_commendation(
        cooperative, year=2026, quarter=1, status=Commendation.Status.PROPOSED, note=""
    )
    page = english.get(reverse("cooperation:directory")).content.decode()
    assert "Commended, 2025 Q4" in page
    assert page.count('class="commendation-badge"') == 1
    assert "履约不足" not in page


def test_the_public_directory_pages_45_enterprises_in_constant_queries(
    english, released, django_assert_max_num_queries
):
    for number in range(45):
        enterprise = f.EnterpriseFactory(name=f"企业{number:02d}")
        f.AgreementFactory(enterprise=enterprise, batch=released)
        confirmed_commendation(enterprise)
    with django_assert_max_num_queries(9):
        response = english.get(reverse("cooperation:directory"))
    assert len(response.context["page_obj"]) == 20
    last = english.get(reverse("cooperation:directory"), {"page": 3})
    assert names(last) == [f"企业{number}" for number in range(40, 45)]


# --- the batch page -----------------------------------------------------------------------


def test_the_released_batch_page_shows_its_enterprises_and_pledges_by_province_and_industry(
    english, cooperative, enterprise_b, released
):
    f.AgreementFactory(
        enterprise=enterprise_b,
        batch=released,
        pledged_posts=30,
        signatory_level="province",
        region=f.region(f.PROVINCE_X),
    )
    response = english.get(reverse("cooperation:batch", args=[released.number]))
    assert response.status_code == 200
    assert response.context["total"] == 150
    # Enterprise B is seated in Shanghai but pledged to the Beijing bureau.
    assert [(region.code, pledged) for region, pledged in response.context["by_province"]] == [
        (f.PROVINCE_X, 150)
    ]
    assert [(i.code, p, n) for i, p, n in response.context["by_industry"]] == [("I", 150, 2)]
    page = response.content.decode()
    assert cooperative.name in page and enterprise_b.name in page


def test_the_batch_page_lists_an_enterprise_with_two_agreements_once_with_both_pledges(
    english, cooperative, released
):
    f.AgreementFactory(
        enterprise=cooperative,
        batch=released,
        pledged_posts=30,
        signatory_level="province",
        region=f.region(f.PROVINCE_X),
        cooperation_mode="regional",
    )
    response = english.get(reverse("cooperation:batch", args=[released.number]))
    [member] = response.context["members"]
    assert member["enterprise"] == cooperative and member["pledged"] == 150
    assert len(member["modes"]) == 2
    assert response.content.decode().count(f'data-enterprise="{cooperative.pk}"') == 1


def test_an_english_page_names_a_batch_by_its_number_and_a_chinese_page_by_its_name(
    english, client, cooperative, released
):
    url = reverse("cooperation:batch", args=[released.number])
    assert (
        f"Batch {released.number} of cooperative enterprises" in english.get(url).content.decode()
    )
    assert released.name in client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


@pytest.mark.parametrize("persona", [None, *ROLES], indirect=False)
def test_a_batch_before_its_release_date_is_not_found_by_anyone(
    english, request, persona, unreleased, enterprise_a
):
    f.AgreementFactory(enterprise=enterprise_a, batch=unreleased)
    if persona:
        obj = request.getfixturevalue(persona)
        english.force_login(getattr(obj, "user", obj))
    assert english.get(reverse("cooperation:batch", args=[unreleased.number])).status_code == 404


def test_a_batch_with_no_release_date_is_not_found(english):
    batch = f.BatchFactory(number=9, released_on=None)
    assert english.get(reverse("cooperation:batch", args=[batch.number])).status_code == 404


# --- an enterprise's page -----------------------------------------------------------------


def test_the_public_enterprise_page_shows_branches_posts_mode_verified_share_and_commendations(
    english, cooperative, bureau_x
):
    branch = f.BranchFactory(enterprise=cooperative, name="北京分公司")
    f.BranchFactory(enterprise=cooperative, name="待审分公司", status="pending")
    checked, unchecked = f.JobPostFactory(branch=branch), f.JobPostFactory(branch=branch)
    f.JobPostFactory(branch=branch, status=JobPost.Status.PENDING, title="待审岗位")
    f.VerificationFactory(post=checked, result=Verification.Result.GENUINE)
    confirmed_commendation(cooperative)
    response = english.get(reverse("cooperation:enterprise", args=[cooperative.pk]))
    assert response.status_code == 200
    assert [b.name for b in response.context["branches"]] == ["北京分公司"]
    assert {p.pk for p in response.context["posts"]} == {checked.pk, unchecked.pk}
    assert response.context["verification"] == {"published": 2, "verified": 1, "share": 50}
    assert response.context["modes"] == ["Training cooperation"]
    page = response.content.decode()
    assert "50% (1 of 2 published posts" in page
    assert "各项指标领先" in page
    assert "待审岗位" not in page


def test_the_public_enterprise_page_of_an_enterprise_in_no_released_batch_is_not_found(
    english, enterprise_a, unreleased
):
    f.AgreementFactory(enterprise=enterprise_a, batch=unreleased)
    url = reverse("cooperation:enterprise", args=[enterprise_a.pk])
    assert english.get(url).status_code == 404


def test_the_public_enterprise_page_of_a_suspended_enterprise_is_not_found(english, cooperative):
    cooperative.status = Enterprise.Status.SUSPENDED
    cooperative.decision_reason = "核查中"
    cooperative.save()
    url = reverse("cooperation:enterprise", args=[cooperative.pk])
    assert english.get(url).status_code == 404


def test_the_public_enterprise_page_never_shows_a_warning(english, cooperative):
    confirmed_commendation(cooperative, kind=Commendation.Kind.WARNING, note="履约不足")
    page = english.get(reverse("cooperation:enterprise", args=[cooperative.pk])).content.decode()
    assert "履约不足" not in page
    assert "Not commended yet." in page


# --- the staff directory's filter bar, shared ---------------------------------------------


def test_the_staff_directory_and_agreement_list_share_the_filter_bar(client, ministry):
    client.force_login(ministry)
    for name in ("enterprises:enterprise_directory", "enterprises:agreement_list"):
        response = client.get(reverse(name))
        assert "includes/filter_bar.html" in [t.name for t in response.templates]
