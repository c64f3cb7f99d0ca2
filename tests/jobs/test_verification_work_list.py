"""The bureaus' verification work list: published posts due for a check and each
agreement's verified share this quarter against the sampling target."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs import selectors
from jobs.models import JobPost
from tests import factories as f
from tests.jobs.conftest import make_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate()


def verify(post, days_ago: int):
    return f.VerificationFactory(post=post, verified_on=TODAY - datetime.timedelta(days=days_ago))


@pytest.fixture
def posts(branch_a, hr_a):
    """Never verified, verified long ago, verified lately, and a draft."""
    never, stale, fresh = (make_post(branch_a) for _ in range(3))
    verify(stale, 200)
    verify(fresh, 3)
    make_post(branch_a, JobPost.Status.DRAFT)
    return {"never": never, "stale": stale, "fresh": fresh}


def test_the_work_list_holds_posts_never_verified_first_then_the_longest_unchecked(bureau_x, posts):
    due = list(selectors.posts_due_for_verification(bureau_x))
    assert due == [posts["never"], posts["stale"]]
    assert due[0].last_verified_on is None


def test_the_interval_is_a_setting(bureau_x, posts, settings):
    settings.VERIFICATION_INTERVAL_DAYS = 2
    due = set(selectors.posts_due_for_verification(bureau_x))
    assert due == {posts["never"], posts["stale"], posts["fresh"]}


def test_the_work_list_leaves_out_another_province(bureau_y, posts):
    assert not selectors.posts_due_for_verification(bureau_y).exists()


def test_the_agreement_share_counts_posts_verified_this_quarter(bureau_x, branch_a, settings):
    settings.VERIFICATION_SAMPLING_TARGET = 0.5
    agreement = f.AgreementFactory(enterprise=branch_a.enterprise)
    checked, unchecked, other = (make_post(branch_a, agreement=agreement) for _ in range(3))
    verify(checked, 0)
    (row,) = selectors.agreement_verification_shares(bureau_x)
    assert (row["published"], row["verified"], row["behind"]) == (3, 1, True)
    assert row["share"] == pytest.approx(1 / 3)
    verify(unchecked, 0)
    (row,) = selectors.agreement_verification_shares(bureau_x)
    assert (row["verified"], row["behind"]) == (2, False)


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "ministry"], indirect=True)
def test_the_work_list_page_is_refused_to_everyone_but_bureaus(client, persona):
    client.force_login(persona)
    assert client.get(reverse("jobs:verification_work_list")).status_code == 404


def test_the_work_list_page_shows_the_due_posts_and_links_to_verify(client, bureau_x, posts):
    client.force_login(bureau_x)
    page = client.get(reverse("jobs:verification_work_list")).content.decode()
    assert "Never verified" in page
    assert reverse("jobs:post_review", args=[posts["never"].pk]) in page
    assert reverse("jobs:post_review", args=[posts["fresh"].pk]) not in page


def test_the_work_list_page_costs_the_same_queries_for_more_posts(
    client, bureau_x, branch_a, django_assert_max_num_queries
):
    client.force_login(bureau_x)
    for _ in range(3):
        make_post(branch_a)
    client.get(reverse("jobs:verification_work_list"))
    with django_assert_max_num_queries(14):
        client.get(reverse("jobs:verification_work_list"))
    for _ in range(12):
        make_post(branch_a)
    with django_assert_max_num_queries(14):
        client.get(reverse("jobs:verification_work_list"))
