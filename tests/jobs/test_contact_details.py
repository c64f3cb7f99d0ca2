"""The people who must call can call: an applicant's consent to share contact details with
the post's enterprise, the full number shown (and audited) to its staff, the placed
veteran's number to the bureau doing the follow-up; and the enterprise told of new
applications at most once per post per window."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jobs import services
from jobs.models import Application, FollowUp
from portal.accounts.models import AuditEvent, OutgoingEmail
from portal.workflow import NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def api_as(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def veteran_with_phone(veteran):
    veteran.phone = "13812345678"
    veteran.save()
    return veteran


@pytest.fixture
def shared(post, veteran_with_phone):
    return services.application_submit(post=post, veteran=veteran_with_phone, share_contact=True)


@pytest.fixture
def not_shared(post, other_veteran):
    return services.application_submit(post=post, veteran=other_veteran)


def viewed(profile) -> int:
    return (
        AuditEvent.objects.for_object(profile)
        .filter(action="veteran_profile.contact_viewed")
        .count()
    )


def test_applying_with_the_contact_box_records_the_consent(shared, post):
    assert shared.contact_shared_at is not None
    consent = AuditEvent.objects.for_object(shared).get(action="consent.given")
    assert consent.data["purpose"] == "share_contact"
    assert consent.data["enterprise"] == post.branch.enterprise_id


def test_applying_without_the_contact_box_shares_nothing(not_shared):
    assert not_shared.contact_shared_at is None
    assert actions(not_shared) == ["application.submitted"]


def test_the_apply_form_has_the_contact_consent_box(client, veteran, post):
    client.force_login(veteran.user)
    client.post(reverse("jobs:post_apply", args=[post.pk]), {"note": "", "share_contact": "on"})
    assert Application.objects.get().contact_shared_at is not None


def test_the_apply_api_takes_the_contact_consent(veteran, post):
    answer = api_as(veteran.user).post(
        f"/api/v1/posts/{post.pk}/apply/", {"share_contact": True}, format="json"
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["contact_shared_at"] is not None


def test_contact_details_are_shown_in_full_to_the_enterprise_and_audited(
    client, hr_a, shared, veteran_with_phone
):
    client.force_login(hr_a)
    page = client.get(reverse("jobs:applicant_contact", args=[shared.pk])).content.decode()
    assert "13812345678" in page and veteran_with_phone.user.email in page
    assert viewed(veteran_with_phone) == 1
    client.get(reverse("jobs:applicant_contact", args=[shared.pk]))
    assert viewed(veteran_with_phone) == 2  # every display is an event


def test_contact_details_without_consent_are_refused_to_the_enterprise(client, hr_a, not_shared):
    client.force_login(hr_a)
    response = client.get(reverse("jobs:applicant_contact", args=[not_shared.pk]))
    assert response.status_code == 302
    assert viewed(not_shared.veteran) == 0
    detail = client.get(reverse("jobs:applicant_detail", args=[not_shared.pk])).content.decode()
    assert not_shared.veteran.user.email not in detail


@pytest.mark.parametrize("persona", ["hr_b", "veteran", "bureau_x", "ministry"], indirect=True)
def test_contact_details_are_refused_to_anyone_but_the_post_s_enterprise(persona, shared):
    with pytest.raises(NotAllowed):
        services.application_contact_reveal(application=shared, actor=persona)
    assert viewed(shared.veteran) == 0


def test_contact_details_page_is_404_to_another_enterprise(client, hr_b, shared):
    client.force_login(hr_b)
    assert client.get(reverse("jobs:applicant_contact", args=[shared.pk])).status_code == 404


def test_contact_details_api_answers_the_full_number_with_consent(hr_a, shared):
    answer = api_as(hr_a).get(f"/api/v1/applications/{shared.pk}/contact/")
    assert answer.json()["phone"] == "13812345678"
    assert viewed(shared.veteran) == 1


def test_contact_details_api_without_consent_is_refused_with_the_rule_s_code(hr_a, not_shared):
    answer = api_as(hr_a).get(f"/api/v1/applications/{not_shared.pk}/contact/")
    assert answer.status_code == 403
    assert answer.json()["code"] == "jobs.may_see_applicant_contact.no_consent"


@pytest.mark.parametrize("persona", ["hr_b", "veteran", "bureau_x"], indirect=True)
def test_contact_details_api_is_refused_to_others(persona, shared):
    answer = api_as(persona).get(f"/api/v1/applications/{shared.pk}/contact/")
    assert answer.status_code in (403, 404)
    assert viewed(shared.veteran) == 0


# --- the follow-up officer -------------------------------------------------------------


@pytest.fixture
def follow_up(post, veteran_with_phone):
    veteran_with_phone.user.phone = "13900000000"  # the account's number is not the one
    veteran_with_phone.user.save()
    placement = f.PlacementFactory(application__post=post, application__veteran=veteran_with_phone)
    return f.FollowUpFactory(placement=placement, status=FollowUp.Status.DUE)


def test_the_follow_up_page_shows_the_profile_s_contact_number_and_audits_it(
    client, bureau_x, follow_up, veteran_with_phone
):
    client.force_login(bureau_x)
    record = client.get(reverse("jobs:follow_up_record", args=[follow_up.pk])).content.decode()
    assert "13812345678" not in record  # masked there, one click from the full number
    assert reverse("jobs:follow_up_contact", args=[follow_up.pk]) in record
    assert viewed(veteran_with_phone) == 0
    page = client.get(reverse("jobs:follow_up_contact", args=[follow_up.pk])).content.decode()
    assert "13812345678" in page and "13900000000" not in page
    assert viewed(veteran_with_phone) == 1


def test_the_follow_up_contact_api_answers_the_profile_s_number(bureau_x, follow_up):
    answer = api_as(bureau_x).get(f"/api/v1/follow-ups/{follow_up.pk}/contact/")
    assert answer.json()["phone"] == "13812345678"


@pytest.mark.parametrize("persona", ["bureau_y", "hr_a", "veteran", "ministry"], indirect=True)
def test_the_follow_up_contact_is_refused_to_others(persona, follow_up):
    answer = api_as(persona).get(f"/api/v1/follow-ups/{follow_up.pk}/contact/")
    assert answer.status_code in (403, 404)
    assert viewed(follow_up.placement.veteran) == 0


# --- new applications told to the enterprise --------------------------------------------


def test_the_enterprise_gets_one_contact_digest_per_post_per_window(
    post, hr_a, veteran, other_veteran
):
    services.application_submit(post=post, veteran=veteran)
    services.application_submit(post=post, veteran=other_veteran)
    later = timezone.now() + datetime.timedelta(minutes=1)
    assert services.application_digest_send(post=post, now=later) == 2
    (digest,) = OutgoingEmail.objects.filter(recipients__contains=[hr_a.email])
    assert veteran.full_name in digest.body and other_veteran.full_name in digest.body
    assert services.application_digest_send(post=post, now=later) == 0  # nothing new: no mail
    assert OutgoingEmail.objects.filter(recipients__contains=[hr_a.email]).count() == 1


def test_the_contact_digest_is_scheduled_once_per_window(
    post, veteran, other_veteran, monkeypatch, django_capture_on_commit_callbacks
):
    from jobs import tasks

    scheduled = []
    monkeypatch.setattr(
        tasks.application_digest_send, "apply_async", lambda **kw: scheduled.append(kw)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(post=post, veteran=veteran)
        services.application_submit(post=post, veteran=other_veteran)
    assert len(scheduled) == 1
    assert scheduled[0]["countdown"] == 60 * 60
