"""Agreements expire on their own at the end of their term (the daily task) and an expired
one is renewed into a new term (issue 16, item 3)."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from enterprises import services
from enterprises.models import Agreement
from enterprises.tasks import expire_agreements
from portal.workflow import Conflict, NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions, create_post

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
Status = Agreement.Status


def agreement(enterprise, *, ends_on, status=Status.ACTIVE, **fields) -> Agreement:
    return f.AgreementFactory(
        enterprise=enterprise,
        status=status,
        starts_on=ends_on - datetime.timedelta(days=365),
        ends_on=ends_on,
        **fields,
    )


def test_the_daily_task_expires_the_agreements_whose_term_has_ended(
    enterprise_a, hr_a, django_capture_on_commit_callbacks
):
    yesterday = TODAY() - datetime.timedelta(days=1)
    ended = agreement(enterprise_a, ends_on=yesterday)
    running = agreement(enterprise_a, ends_on=TODAY(), batch=f.BatchFactory())
    draft = agreement(enterprise_a, ends_on=yesterday, status=Status.DRAFT, signed_on=None,
                      batch=f.BatchFactory())  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_agreements() == 1
    statuses = [Agreement.objects.get(pk=a.pk).status for a in (ended, running, draft)]
    assert statuses == [Status.EXPIRED, Status.ACTIVE, Status.DRAFT]
    assert actions(ended) == ["agreement.expired"]


def test_the_expire_task_run_twice_does_nothing_the_second_time(enterprise_a):
    agreement(enterprise_a, ends_on=TODAY() - datetime.timedelta(days=400))
    assert expire_agreements() == 1
    assert expire_agreements() == 0


def test_the_expire_task_is_on_the_daily_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "enterprises.tasks.expire_agreements" in tasks


def test_an_agreement_past_its_term_takes_no_post_even_before_the_task_expires_it(
    enterprise_a, hr_a, branch_a
):
    ended = agreement(enterprise_a, ends_on=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(Conflict):
        create_post(hr_a, branch_a, ended)
    expire_agreements()
    with pytest.raises(Conflict):
        create_post(hr_a, branch_a, ended)


@pytest.fixture
def expired(enterprise_a):
    return agreement(enterprise_a, ends_on=datetime.date(2025, 6, 30), status=Status.EXPIRED)


def renew(expired, actor, **fields):
    term = {"starts_on": datetime.date(2025, 7, 1), "ends_on": datetime.date(2027, 6, 30)}
    return services.agreement_renew(
        agreement=expired, actor=actor, pledged_posts=80, **{**term, **fields}
    )


def test_an_expired_agreement_is_renewed_into_a_new_draft_term(ministry, expired):
    renewal = renew(expired, ministry)
    assert (renewal.status, renewal.renewed_from, renewal.pledged_posts) == (
        Status.DRAFT,
        expired,
        80,
    )
    assert (renewal.batch, renewal.enterprise, renewal.cooperation_mode) == (
        expired.batch,
        expired.enterprise,
        expired.cooperation_mode,
    )
    assert actions(expired)[-1] == "agreement.renewed"
    assert actions(renewal) == ["agreement.created"]


def test_the_renewed_term_is_signed_and_takes_posts(ministry, expired, hr_a, branch_a):
    renewal = renew(expired, ministry, starts_on=TODAY() - datetime.timedelta(days=1),
                    ends_on=TODAY() + datetime.timedelta(days=365))  # fmt: skip
    services.agreement_sign(agreement=renewal, actor=ministry)
    services.agreement_activate(agreement=renewal, actor=ministry)
    assert create_post(hr_a, branch_a, renewal).agreement == renewal


def test_a_renewal_starting_before_the_old_term_ended_is_refused(ministry, expired):
    with pytest.raises(Exception, match="starts_on"):
        renew(expired, ministry, starts_on=datetime.date(2025, 6, 1))
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize("persona", ["bureau_x", "hr_a"])
def test_renew_is_refused_to_anyone_but_the_signatory(request, persona, expired):
    with pytest.raises(NotAllowed):
        renew(expired, request.getfixturevalue(persona))
    assert Agreement.objects.count() == 1


def test_the_ministry_renews_on_the_page_from_the_expired_agreements_page(
    client, ministry, expired
):
    client.force_login(ministry)
    detail = client.get(reverse("enterprises:agreement_detail", args=[expired.pk]))
    url = reverse("enterprises:agreement_renew", args=[expired.pk])
    assert url in detail.content.decode()
    body = {"pledged_posts": 60, "starts_on": "2025-07-01", "ends_on": "2027-06-30"}
    response = client.post(url, body)
    renewal = Agreement.objects.get(renewed_from=expired)
    assert response.url == reverse("enterprises:agreement_detail", args=[renewal.pk])


def test_the_renewal_form_shows_field_errors_not_a_database_error(client, ministry, expired):
    client.force_login(ministry)
    url = reverse("enterprises:agreement_renew", args=[expired.pk])
    response = client.post(
        url, {"pledged_posts": 0, "starts_on": "2025-07-01", "ends_on": "2025-01-01"}
    )
    form = response.context["form"]
    assert set(form.errors) == {"pledged_posts", "ends_on"}


def test_the_api_renews_an_expired_agreement(ministry, expired):
    client = APIClient()
    client.force_login(ministry)
    body = {"pledged_posts": 60, "starts_on": "2025-07-01", "ends_on": "2027-06-30"}
    response = client.post(reverse("api-agreement-renew", args=[expired.pk]), body, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "draft"
