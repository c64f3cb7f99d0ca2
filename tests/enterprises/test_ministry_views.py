"""The register of batches and agreements: the ministry's pages, and a bureau's view of the
agreements of its region."""

import datetime

import pytest
from django.contrib.messages import ERROR
from django.urls import reverse

from enterprises.models import Agreement, CooperationBatch
from tests import factories as f
from tests.enterprises.conftest import actions
from tests.pages import levels

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def provincial(enterprise, region_code=f.PROVINCE_X, **fields) -> Agreement:
    return f.AgreementFactory(
        enterprise=enterprise, signatory_level="province", region=f.region(region_code), **fields
    )


# Batches -------------------------------------------------------------------------------


def test_the_ministry_sees_the_batches_newest_first_with_their_pledges(client, ministry, batch):
    older = f.BatchFactory(number=2, name="第二批")
    f.AgreementFactory(batch=batch, pledged_posts=120)
    f.AgreementFactory(batch=batch, pledged_posts=30, status="terminated", signed_on=None)
    client.force_login(ministry)
    response = client.get(reverse("enterprises:batch_list"))
    rows = list(response.context["page_obj"])
    assert rows == [batch, older]
    assert (rows[0].agreement_count, rows[0].pledged) == (1, 120)


def test_the_batch_list_shows_its_empty_state(client, ministry):
    client.force_login(ministry)
    response = client.get(reverse("enterprises:batch_list"))
    assert 'class="portal-empty"' in response.content.decode()


def test_the_batch_list_pages_through_45_batches_in_constant_queries(
    client, ministry, django_assert_max_num_queries
):
    for number in range(1, 46):
        f.AgreementFactory(batch=f.BatchFactory(number=number))
    client.force_login(ministry)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("enterprises:batch_list"))
    assert len(response.context["page_obj"]) == 20
    last = client.get(reverse("enterprises:batch_list"), {"page": 3}).context["page_obj"]
    assert [batch.number for batch in last] == [5, 4, 3, 2, 1]


def test_the_ministry_publishes_a_batch(client, ministry):
    client.force_login(ministry)
    response = client.post(
        reverse("enterprises:batch_create"),
        {"number": 4, "name": "第四批", "published_on": "2026-03-01", "description": ""},
    )
    assert response["Location"] == reverse("enterprises:batch_list")
    batch = CooperationBatch.objects.get(number=4)
    assert batch.name == "第四批"
    assert actions(batch) == ["batch.created"]


def test_a_batch_number_cannot_be_used_twice(client, ministry, batch):
    client.force_login(ministry)
    response = client.post(
        reverse("enterprises:batch_create"),
        {"number": batch.number, "name": "重复", "published_on": "2026-03-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert CooperationBatch.objects.count() == 1


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_x"], indirect=True)
def test_only_the_ministry_keeps_the_batches(client, persona):
    client.force_login(persona)
    assert client.get(reverse("enterprises:batch_list")).status_code == 404
    response = client.post(
        reverse("enterprises:batch_create"),
        {"number": 9, "name": "第九批", "published_on": "2026-03-01"},
    )
    assert response.status_code == 404
    assert not CooperationBatch.objects.exists()


# The register of agreements ------------------------------------------------------------


def test_each_agreement_shows_pledged_posted_and_filled(client, ministry, enterprise_a, branch_a):
    agreement = f.AgreementFactory(enterprise=enterprise_a, pledged_posts=100)
    f.JobPostFactory(branch=branch_a, agreement=agreement, openings=30, filled_count=12)
    f.JobPostFactory(
        branch=branch_a,
        agreement=agreement,
        openings=10,
        status="rejected",
        decision_reason="不实",
        published_at=None,
    )
    client.force_login(ministry)
    response = client.get(reverse("enterprises:agreement_list"))
    [row] = response.context["page_obj"]
    assert (row.pledged_posts, row.posted, row.filled) == (100, 30, 12)
    content = response.content.decode()
    assert 'value="30"' in content and 'value="12"' in content


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"batch": "first"}, ["first"]),
        ({"status": "draft"}, ["draft"]),
        ({"enterprise": "乙企业"}, ["other"]),
    ],
)
def test_the_register_filters_by_batch_status_and_enterprise(
    client, ministry, enterprise_a, enterprise_b, params, expected
):
    first, second = f.BatchFactory(number=1), f.BatchFactory(number=2)
    made = {
        "first": f.AgreementFactory(batch=first, enterprise=enterprise_a),
        "draft": f.AgreementFactory(
            batch=second, enterprise=enterprise_a, status="draft", signed_on=None
        ),
        "other": f.AgreementFactory(batch=second, enterprise=enterprise_b),
    }
    if params.get("batch"):
        params = {"batch": first.pk}
    client.force_login(ministry)
    response = client.get(reverse("enterprises:agreement_list"), params)
    assert list(response.context["page_obj"]) == [made[name] for name in expected]


def test_the_register_pages_through_45_agreements_keeping_the_filter(
    client, ministry, batch, django_assert_max_num_queries
):
    for _ in range(45):
        f.AgreementFactory(batch=batch)
    f.AgreementFactory(batch=f.BatchFactory(number=1))
    client.force_login(ministry)
    url = reverse("enterprises:agreement_list")
    # 8: the one-time-password device of the staff session is one query (#8), the bell one more.
    with django_assert_max_num_queries(8):
        response = client.get(url, {"batch": batch.pk})
    assert response.context["page_obj"].paginator.count == 45
    assert f"?batch={batch.pk}&amp;page=2" in response.content.decode()
    assert len(client.get(url, {"batch": batch.pk, "page": 3}).context["page_obj"]) == 5


def test_the_register_shows_its_empty_state(client, ministry):
    client.force_login(ministry)
    response = client.get(reverse("enterprises:agreement_list"))
    assert 'class="portal-empty"' in response.content.decode()


def test_a_bureau_sees_the_agreements_of_its_region_only(client, bureau_x, enterprise_a):
    own = provincial(enterprise_a)
    provincial(f.EnterpriseFactory(hq_region=f.region(f.CITY_Y)), f.PROVINCE_Y)
    client.force_login(bureau_x)
    response = client.get(reverse("enterprises:agreement_list"))
    assert list(response.context["page_obj"]) == [own]


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_the_register_is_refused_to_veterans_and_enterprise_staff(client, persona):
    client.force_login(persona)
    assert client.get(reverse("enterprises:agreement_list")).status_code == 404


def test_the_agreement_page_shows_progress_posts_and_history(
    client, ministry, enterprise_a, branch_a
):
    agreement = f.AgreementFactory(enterprise=enterprise_a, pledged_posts=50)
    f.JobPostFactory(branch=branch_a, agreement=agreement, title="仓储管理员", openings=8)
    client.force_login(ministry)
    response = client.get(reverse("enterprises:agreement_detail", args=[agreement.pk]))
    assert response.context["agreement"].posted == 8
    content = response.content.decode()
    assert "仓储管理员" in content and "History" in content
    assert reverse("enterprises:agreement_terminate", args=[agreement.pk]) in content


def test_another_provinces_bureau_gets_404_on_an_agreement(client, bureau_y, enterprise_a):
    agreement = provincial(enterprise_a, status="draft", signed_on=None)
    client.force_login(bureau_y)
    url = reverse("enterprises:agreement_detail", args=[agreement.pk])
    assert client.get(url).status_code == 404
    sign = reverse("enterprises:agreement_sign", args=[agreement.pk])
    assert client.post(sign).status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == "draft"


# Creating agreements -------------------------------------------------------------------


def agreement_form(batch, enterprise, **fields) -> dict:
    return {
        "batch": batch.pk,
        "enterprise": enterprise.pk,
        "signatory_level": "ministry",
        "region": "",
        "cooperation_mode": "industry",
        "pledged_posts": 500,
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        **fields,
    }


def test_the_ministry_drafts_an_agreement(client, ministry, batch, enterprise_a):
    client.force_login(ministry)
    response = client.post(
        reverse("enterprises:agreement_create"), agreement_form(batch, enterprise_a)
    )
    agreement = Agreement.objects.get()
    assert response["Location"] == reverse("enterprises:agreement_detail", args=[agreement.pk])
    assert (agreement.status, agreement.pledged_posts, agreement.region) == ("draft", 500, None)
    assert actions(agreement) == ["agreement.created"]


def test_a_bureau_drafts_a_provincial_agreement_of_its_region(
    client, bureau_x, batch, enterprise_a
):
    client.force_login(bureau_x)
    data = agreement_form(batch, enterprise_a, signatory_level="province", region=f.PROVINCE_X)
    client.post(reverse("enterprises:agreement_create"), data)
    agreement = Agreement.objects.get()
    assert (agreement.signatory_level, agreement.region_id) == ("province", f.PROVINCE_X)


@pytest.mark.parametrize(
    "fields",
    [
        {"signatory_level": "ministry"},
        {"signatory_level": "province", "region": f.PROVINCE_Y},
        {"signatory_level": "province", "region": f.CITY_X},
    ],
)
def test_a_bureau_cannot_draft_outside_its_level_or_region(
    client, bureau_x, batch, enterprise_a, fields
):
    f.region(f.PROVINCE_Y), f.region(f.CITY_X)
    client.force_login(bureau_x)
    response = client.post(
        reverse("enterprises:agreement_create"), agreement_form(batch, enterprise_a, **fields)
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Agreement.objects.exists()


def test_a_term_ending_before_it_starts_is_refused(client, ministry, batch, enterprise_a):
    client.force_login(ministry)
    data = agreement_form(batch, enterprise_a, ends_on="2025-12-31")
    response = client.post(reverse("enterprises:agreement_create"), data)
    assert "ends_on" in response.context["form"].errors
    assert not Agreement.objects.exists()


def test_an_agreement_twice_in_a_batch_shows_the_conflict(client, ministry, batch, enterprise_a):
    f.AgreementFactory(batch=batch, enterprise=enterprise_a)
    client.force_login(ministry)
    response = client.post(
        reverse("enterprises:agreement_create"), agreement_form(batch, enterprise_a)
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Agreement.objects.count() == 1


# Transitions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, before, after",
    [
        ("agreement_sign", {"signed_on": "2026-02-01"}, "draft", "signed"),
        ("agreement_activate", {}, "signed", "active"),
        ("agreement_expire", {}, "active", "expired"),
        ("agreement_terminate", {"reason": "企业未履约"}, "active", "terminated"),
    ],
)
def test_the_ministry_moves_its_agreement(
    client, ministry, enterprise_a, name, data, before, after
):
    signed_on = None if before == "draft" else datetime.date(2025, 6, 15)
    agreement = f.AgreementFactory(enterprise=enterprise_a, status=before, signed_on=signed_on)
    client.force_login(ministry)
    response = client.post(reverse(f"enterprises:{name}", args=[agreement.pk]), data)
    assert response["Location"] == reverse("enterprises:agreement_detail", args=[agreement.pk])
    agreement.refresh_from_db()
    assert agreement.status == after
    assert len(actions(agreement)) == 1


def test_a_termination_without_a_reason_changes_nothing(client, ministry, enterprise_a):
    agreement = f.AgreementFactory(enterprise=enterprise_a)
    client.force_login(ministry)
    response = client.post(
        reverse("enterprises:agreement_terminate", args=[agreement.pk]), {"reason": ""}
    )
    assert "Give a reason for this decision." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "active"
    assert actions(agreement) == []


def test_a_bureau_signs_the_agreement_of_its_region(client, bureau_x, enterprise_a):
    agreement = provincial(enterprise_a, status="draft", signed_on=None)
    client.force_login(bureau_x)
    client.post(reverse("enterprises:agreement_sign", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == "signed"


def test_a_bureau_cannot_move_a_ministry_agreement(client, bureau_x, enterprise_a):
    agreement = f.AgreementFactory(enterprise=enterprise_a)
    client.force_login(bureau_x)
    response = client.post(reverse("enterprises:agreement_expire", args=[agreement.pk]))
    assert levels(response) == [ERROR]
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_an_impossible_step_shows_an_error(client, ministry, enterprise_a):
    agreement = f.AgreementFactory(enterprise=enterprise_a, status="draft", signed_on=None)
    client.force_login(ministry)
    response = client.post(reverse("enterprises:agreement_expire", args=[agreement.pk]))
    assert levels(response) == [ERROR]
    agreement.refresh_from_db()
    assert agreement.status == "draft"


def test_an_agreements_published_figure_counts_only_published_openings(
    client, ministry, enterprise_a, branch_a
):
    agreement = f.AgreementFactory(enterprise=enterprise_a, pledged_posts=21)
    f.JobPostFactory(branch=branch_a, agreement=agreement, openings=4)
    f.JobPostFactory(
        branch=branch_a, agreement=agreement, openings=5, status="pending", published_at=None
    )
    client.force_login(ministry)

    response = client.get(reverse("enterprises:agreement_list"), HTTP_ACCEPT_LANGUAGE="en")

    [row] = response.context["page_obj"]
    assert (row.posted, row.published, row.unpublished) == (9, 4, 5)
    content = response.content.decode()
    assert "4 / 21" in content and "9 / 21" not in content
    assert "5 more in drafts or waiting for review" in content
