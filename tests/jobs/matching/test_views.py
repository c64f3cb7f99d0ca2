"""The ministry's list of matching runs."""

import pytest
from django.urls import reverse

from jobs.models import MatchingRun

pytestmark = pytest.mark.django_db
URL = reverse("jobs:matching_run_list")


def test_the_ministry_sees_recent_runs_with_their_status_and_counts(client, ministry):
    MatchingRun.objects.create(status="done", is_current=True, veterans=1234, recommendations=20)
    MatchingRun.objects.create(status="failed", error="Shard 3: boom")
    client.force_login(ministry)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "1,234" in body and "Shard 3: boom" in body


def test_the_page_shows_an_empty_state_before_the_first_run(client, ministry):
    client.force_login(ministry)
    assert "portal-empty" in client.get(URL).content.decode()


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_x"])
def test_other_roles_get_404(client, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(URL).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


def test_the_page_runs_a_constant_number_of_queries(
    client, ministry, django_assert_max_num_queries
):
    for _ in range(30):
        MatchingRun.objects.create(status="done")
    client.force_login(ministry)
    with django_assert_max_num_queries(8):
        client.get(URL)
