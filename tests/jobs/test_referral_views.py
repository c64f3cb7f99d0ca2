"""The referral pages: the bureau's list of veterans to refer (masked, filtered), a
veteran's page with the referral form, the referrals made or received, and the answer."""

import pytest
from django.urls import reverse

from jobs.models import Application, Referral
from tests import factories as f
from veterans.models import Consent
from veterans.services import consent_withdraw

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# Constant in the rows shown (session, user, the rows and their prefetches, the bell).
CANDIDATE_LIST_QUERIES = 9
REFERRAL_LIST_QUERIES = 8


@pytest.fixture
def referable(veteran):
    f.referral_consent(veteran)
    return veteran


@pytest.fixture
def post_a(branch_a):
    return f.JobPostFactory(branch=branch_a, title="仓储主管")


def _page(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(name, args=args), query)


def test_referral_candidate_list_shows_masked_veterans_of_the_region(client, bureau_x, referable):
    page = _page(client, bureau_x, "jobs:referral_candidate_list").content.decode()

    assert referable.full_name[0] + "*" in page and referable.full_name not in page
    assert referable.masked_phone not in page or not referable.phone


def test_referral_candidate_list_leaves_out_a_withdrawn_consent(client, bureau_x, referable):
    consent_withdraw(user=referable.user, purpose=Consent.Purpose.REFERRAL)

    response = _page(client, bureau_x, "jobs:referral_candidate_list")

    assert response.context["rows"] == []


def test_referral_candidate_list_filters_hard_to_place(client, bureau_x, referable):
    response = _page(client, bureau_x, "jobs:referral_candidate_list", hard_to_place="on")

    assert [row["profile"] for row in response.context["rows"]] == [referable]
    assert "Hard to place" in response.content.decode()


def test_referral_candidate_list_shows_a_wrong_filter_at_its_field(client, bureau_x, referable):
    response = _page(client, bureau_x, "jobs:referral_candidate_list", discharge_year="abc")

    assert response.status_code == 200
    assert "discharge_year" in response.context["filter"].errors


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "ministry"], indirect=True)
def test_referral_candidate_list_is_the_bureaus_only(client, persona):
    assert _page(client, persona, "jobs:referral_candidate_list").status_code == 404


def test_referral_candidate_of_another_province_is_not_found(client, bureau_y, referable):
    response = _page(client, bureau_y, "jobs:referral_candidate_detail", referable.pk)

    assert response.status_code == 404


def test_referral_made_from_the_veterans_page(client, bureau_x, referable, post_a, hr_a):
    client.force_login(bureau_x)
    url = reverse("jobs:referral_candidate_detail", args=[referable.pk])

    response = client.post(url, {"post": post_a.pk, "note": "责任心强"})

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.post, referral.note, referral.referred_by) == (post_a, "责任心强", bureau_x)


def test_referral_to_a_foreign_post_is_refused_at_its_field(client, bureau_x, referable):
    foreign = f.JobPostFactory(branch=f.BranchFactory(region=f.region(f.CITY_Y)))
    client.force_login(bureau_x)
    url = reverse("jobs:referral_candidate_detail", args=[referable.pk])

    response = client.post(url, {"post": foreign.pk})

    assert response.status_code == 200 and "post" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_referral_taken_up_on_the_referral_page(client, hr_a, referable, post_a):
    referral = f.ReferralFactory(veteran=referable, post=post_a)
    page = _page(client, hr_a, "jobs:referral_detail", referral.pk).content.decode()
    assert "Take into the selection" in page and referable.full_name not in page

    client.post(reverse("jobs:referral_take_up", args=[referral.pk]))

    assert Referral.objects.get().status == Referral.Status.TAKEN_UP
    assert Application.objects.filter(post=post_a, veteran=referable).exists()


def test_referral_declined_without_a_reason_is_refused(client, hr_a, referable, post_a):
    referral = f.ReferralFactory(veteran=referable, post=post_a)
    client.force_login(hr_a)

    client.post(reverse("jobs:referral_decline", args=[referral.pk]), {"reason": ""})
    client.post(reverse("jobs:referral_decline", args=[referral.pk]), {"reason": "需要驾驶证"})

    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", "需要驾驶证")


def test_referral_page_of_another_enterprise_is_not_found(client, hr_b, referable, post_a):
    referral = f.ReferralFactory(veteran=referable, post=post_a)

    assert _page(client, hr_b, "jobs:referral_detail", referral.pk).status_code == 404


def test_referral_page_is_not_the_veterans(client, referable, post_a):
    referral = f.ReferralFactory(veteran=referable, post=post_a)

    assert _page(client, referable.user, "jobs:referral_detail", referral.pk).status_code == 404


def test_referral_list_puts_overdue_first(client, bureau_x, referable, branch_a):
    open_one = f.ReferralFactory(veteran=referable, post=f.JobPostFactory(branch=branch_a))
    overdue = f.ReferralFactory(
        veteran=referable, post=f.JobPostFactory(branch=branch_a), status="overdue"
    )
    f.ReferralFactory(
        veteran=referable,
        post=f.JobPostFactory(branch=f.BranchFactory(region=f.region(f.CITY_Y))),
        bureau_region=f.region(f.PROVINCE_Y),
    )

    response = _page(client, bureau_x, "jobs:referral_list")

    assert list(response.context["page_obj"]) == [overdue, open_one]


def test_referral_candidate_list_needs_the_same_queries_however_many(
    client, bureau_x, referable, django_assert_max_num_queries
):
    client.force_login(bureau_x)
    url = reverse("jobs:referral_candidate_list")
    with django_assert_max_num_queries(CANDIDATE_LIST_QUERIES):
        client.get(url)
    for _n in range(6):
        profile = f.VeteranProfileFactory()
        f.referral_consent(profile)
        profile.skill_links.create(skill=f.SkillFactory())
    with django_assert_max_num_queries(CANDIDATE_LIST_QUERIES):
        assert len(client.get(url).context["rows"]) == 7


def test_referral_list_needs_the_same_queries_however_many(
    client, hr_a, referable, branch_a, django_assert_max_num_queries
):
    client.force_login(hr_a)
    url = reverse("jobs:referral_list")
    f.ReferralFactory(veteran=referable, post=f.JobPostFactory(branch=branch_a))
    with django_assert_max_num_queries(REFERRAL_LIST_QUERIES):
        client.get(url)
    for _n in range(5):
        f.ReferralFactory(veteran=referable, post=f.JobPostFactory(branch=branch_a))
    with django_assert_max_num_queries(REFERRAL_LIST_QUERIES):
        assert len(client.get(url).context["page_obj"]) == 6
