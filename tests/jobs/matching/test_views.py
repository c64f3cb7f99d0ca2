"""The ministry's list of matching runs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import MatchingRun
from portal.accounts.models import AuditAction, AuditEvent

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


START = reverse("jobs:matching_run_start")


def test_the_ministry_starts_a_run_now_and_it_is_audited(client, ministry):
    client.force_login(ministry)
    response = client.post(START, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    run = MatchingRun.objects.get()
    assert "The matching run has started" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.MATCHING_RUN_STARTED)
    assert event.actor == ministry and event.object_id == str(run.pk)


def test_overlap_a_start_on_the_page_is_refused_while_a_run_is_running(client, ministry):
    MatchingRun.objects.create(shards_total=4)
    client.force_login(ministry)
    response = client.post(START, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    body = response.content.decode()
    assert "A matching run is already running" in body
    assert MatchingRun.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.MATCHING_RUN_STARTED).exists()
    assert 'disabled aria-describedby="start-refusal"' in body


def test_a_running_run_shows_its_progress_and_the_page_reloads_itself(client, ministry):
    now = timezone.now()
    last = MatchingRun.objects.create(status="done", started_at=now - timedelta(days=1))
    MatchingRun.objects.filter(pk=last.pk).update(
        finished_at=last.started_at + timedelta(seconds=600)
    )
    MatchingRun.objects.create(
        shards_total=16, shards_done=4, started_at=now - timedelta(seconds=100)
    )
    client.force_login(ministry)
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'http-equiv="refresh"' in body
    assert "<progress" in body and 'value="25"' in body and "4 of 16 shards done" in body
    assert "about 500 s left" in body or "about 499 s left" in body


def test_the_page_does_not_reload_without_a_running_run(client, ministry):
    MatchingRun.objects.create(status="done", is_current=True)
    client.force_login(ministry)
    body = client.get(URL).content.decode()
    assert 'http-equiv="refresh"' not in body and "<progress" not in body


def test_the_page_with_a_running_run_runs_a_constant_number_of_queries(
    client, ministry, django_assert_max_num_queries
):
    for _ in range(30):
        MatchingRun.objects.create(status="done")
    MatchingRun.objects.create(shards_total=4)
    client.force_login(ministry)
    with django_assert_max_num_queries(11):
        client.get(URL)
