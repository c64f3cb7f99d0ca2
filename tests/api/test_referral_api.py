"""/api/v1/referrals/: the bureau's veterans to refer, its referral, the referrals made or
received, and the enterprise's answer; refusals in the API's one error shape."""

import pytest

from jobs.models import Application, Referral
from tests import factories as f
from tests.api.conftest import field_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def referable(veteran):
    f.referral_consent(veteran)
    return veteran


@pytest.fixture
def post_a(branch_a):
    return f.JobPostFactory(branch=branch_a)


def test_referral_candidates_api_lists_masked_veterans(as_, referable):
    answer = as_("bureau_x").get("/api/v1/referrals/veterans/")

    (row,) = answer.json()["results"]
    assert row["id"] == referable.pk and row["name"] == referable.full_name[0] + "*" * (
        len(referable.full_name) - 1
    )
    assert "phone" not in row and "resident_id" not in row and row["hard_to_place"] is True


def test_referral_candidates_api_filters(as_, referable):
    answer = as_("bureau_x").get("/api/v1/referrals/veterans/", {"discharge_year": 1999})

    assert answer.json()["results"] == []


def test_referral_candidates_api_refuses_a_bad_filter(as_, referable):
    answer = as_("bureau_x").get("/api/v1/referrals/veterans/", {"discharge_year": "x"})

    assert answer.status_code == 400 and "discharge_year" in field_errors(answer)


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "ministry"])
def test_referral_candidates_api_is_the_bureaus_only(as_, persona):
    assert as_(persona).get("/api/v1/referrals/veterans/").status_code == 403


def test_referral_api_refers_and_the_enterprise_takes_up(as_, referable, post_a):
    made = as_("bureau_x").post(
        f"/api/v1/referrals/veterans/{referable.pk}/refer/", {"post": post_a.pk, "note": "好"}
    )
    assert made.status_code == 201 and made.json()["status"] == "open"

    taken = as_("hr_a").post(f"/api/v1/referrals/{made.json()['id']}/take-up/")

    assert taken.status_code == 200 and taken.json()["status"] == "taken_up"
    assert taken.json()["application"] == Application.objects.get(post=post_a).pk


def test_referral_api_refuses_a_foreign_post_at_its_field(as_, referable):
    foreign = f.JobPostFactory(branch=f.BranchFactory(region=f.region(f.CITY_Y)))

    answer = as_("bureau_x").post(
        f"/api/v1/referrals/veterans/{referable.pk}/refer/", {"post": foreign.pk}
    )

    assert answer.status_code == 400 and "post" in field_errors(answer)
    assert not Referral.objects.exists()


def test_referral_api_refuses_a_veteran_without_consent(as_, veteran, post_a):
    answer = as_("bureau_x").post(
        f"/api/v1/referrals/veterans/{veteran.pk}/refer/", {"post": post_a.pk}
    )

    assert answer.status_code == 404


def test_referral_api_refuses_a_second_referral(as_, referable, post_a):
    f.ReferralFactory(veteran=referable, post=post_a)

    answer = as_("bureau_x").post(
        f"/api/v1/referrals/veterans/{referable.pk}/refer/", {"post": post_a.pk}
    )

    assert answer.status_code == 409
    assert answer.json()["code"] == "referrals.may_be_referred.already_referred"


def test_referral_api_decline_needs_a_reason(as_, referable, post_a):
    referral = f.ReferralFactory(veteran=referable, post=post_a)

    empty = as_("hr_a").post(f"/api/v1/referrals/{referral.pk}/decline/", {"reason": ""})
    done = as_("hr_a").post(f"/api/v1/referrals/{referral.pk}/decline/", {"reason": "已招满"})

    assert empty.status_code == 400 and "reason" in field_errors(empty)
    assert done.json()["status"] == "declined" and done.json()["decline_reason"] == "已招满"


def test_referral_api_answer_twice_is_a_conflict(as_, referable, post_a):
    referral = f.ReferralFactory(
        veteran=referable, post=post_a, status="declined", decline_reason="不合适"
    )

    assert as_("hr_a").post(f"/api/v1/referrals/{referral.pk}/take-up/").status_code == 409


@pytest.mark.parametrize(
    ("persona", "seen"),
    [("bureau_x", 1), ("bureau_y", 0), ("hr_a", 1), ("hr_b", 0), ("ministry", 1)],
)
def test_referral_api_list_is_scoped(as_, referable, post_a, persona, seen):
    f.ReferralFactory(veteran=referable, post=post_a)

    assert len(as_(persona).get("/api/v1/referrals/").json()["results"]) == seen


def test_referral_api_list_is_not_the_veterans(as_, referable, post_a):
    f.ReferralFactory(veteran=referable, post=post_a)

    assert as_("veteran").get("/api/v1/referrals/").status_code == 404
