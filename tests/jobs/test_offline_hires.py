"""Hires made anywhere count (issue 16, item 4): enterprise staff (their posts) and bureau
staff (their region) record a hire made at a recruitment event or directly; the veteran is
found by resident ID (its keyed digest) or invited by e-mail, confirms, and the hire is
placed and followed up like an online one."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jobs import services
from jobs.models import FollowUp, JobPost, OfflineHire, Placement
from portal.accounts.models import OutgoingEmail
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions, make_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
START = timezone.localdate()


def api_as(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def event(bureau_x):
    return f.RecruitmentEventFactory(
        organiser=bureau_x,
        starts_at=timezone.now() - datetime.timedelta(hours=5),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )


def record(post, recorder, **fields):
    fields = {"channel": "direct", "started_on": START, **fields}
    return services.offline_hire_record(post=post, recorder=recorder, **fields)


@pytest.mark.parametrize("persona", ["hr_a", "bureau_x"], indirect=True)
def test_an_offline_hire_is_recorded_by_the_enterprise_or_the_bureau_and_waits(
    persona, post, veteran
):
    hire = record(post, persona, resident_id=veteran.resident_id)
    assert (hire.veteran, hire.status) == (veteran, OfflineHire.Status.PENDING)
    post.refresh_from_db()
    assert post.filled_count == 0  # nothing counts before the veteran confirms
    assert actions(hire) == ["offline_hire.recorded"]
    assert OutgoingEmail.objects.filter(recipients__contains=[veteran.user.email]).exists()


def test_an_offline_hire_finds_the_veteran_by_the_digest_never_decrypting(hr_a, post, veteran):
    with CaptureQueriesContext(connection) as queries:
        record(post, hr_a, resident_id=veteran.resident_id.lower())
    lookups = [q["sql"] for q in queries if "resident_id_hash" in q["sql"]]
    assert lookups, "the resident ID is looked up by its keyed digest"
    assert veteran.resident_id not in " ".join(q["sql"] for q in queries)


def test_an_offline_hire_without_a_profile_invites_the_e_mail_address(hr_a, post):
    hire = record(post, hr_a, email="newcomer@example.com")
    assert (hire.veteran, hire.invited_email) == (None, "newcomer@example.com")
    invitation = OutgoingEmail.objects.get(recipients__contains=["newcomer@example.com"])
    assert reverse("jobs:offline_hire_answer", args=[hire.token]) in invitation.body


def test_an_offline_hire_by_an_unknown_resident_id_asks_for_an_e_mail(hr_a, post):
    unknown = f.make_resident_id("110105", datetime.date(1991, 5, 5), 7)
    with pytest.raises(ValidationError) as refused:
        record(post, hr_a, resident_id=unknown)
    assert "email" in refused.value.message_dict
    assert not OfflineHire.objects.exists()


def test_an_offline_hire_with_an_invalid_resident_id_is_refused_at_its_field(hr_a, post):
    with pytest.raises(ValidationError) as refused:
        record(post, hr_a, resident_id="110105199001011234")
    assert "resident_id" in refused.value.message_dict


def test_an_offline_hire_at_an_event_needs_the_event(hr_a, post, veteran):
    with pytest.raises(ValidationError) as refused:
        record(post, hr_a, channel="event", resident_id=veteran.resident_id)
    assert "event" in refused.value.message_dict


@pytest.mark.parametrize(
    "persona", ["hr_b", "bureau_y", "ministry", "other_veteran"], indirect=True
)
def test_an_offline_hire_is_refused_to_others(persona, post, veteran):
    with pytest.raises(NotAllowed):
        record(post, persona, resident_id=veteran.resident_id)
    assert not OfflineHire.objects.exists()


def test_an_offline_hire_on_a_full_post_is_refused(hr_a, branch_a, veteran):
    full = make_post(branch_a, JobPost.Status.FILLED, openings=1, filled_count=1)
    with pytest.raises(Conflict):
        record(full, hr_a, resident_id=veteran.resident_id)


# --- the veteran's answer ------------------------------------------------------------------


def test_an_offline_hire_confirmed_by_the_veteran_is_placed_and_followed_up(
    bureau_x, post, veteran, event
):
    event.registrations.create(veteran=veteran)
    hire = record(post, bureau_x, channel="event", event=event, resident_id=veteran.resident_id)
    placement = services.offline_hire_confirm(hire=hire, user=veteran.user)
    assert (placement.channel, placement.event, placement.application) == ("event", event, None)
    assert placement.follow_ups.count() == 4
    post.refresh_from_db()
    assert post.filled_count == 1
    hire.refresh_from_db()
    assert (hire.status, hire.placement) == (OfflineHire.Status.CONFIRMED, placement)
    assert event.registrations.get(veteran=veteran).attended is True
    veteran.refresh_from_db()
    assert veteran.seeking_status == "employed"


def test_an_invited_veteran_confirms_an_offline_hire_once_signed_up(hr_a, post):
    hire = record(post, hr_a, email="Newcomer@Example.com")
    newcomer = f.VeteranProfileFactory(user__email="newcomer@example.com")
    placement = services.offline_hire_confirm(hire=hire, user=newcomer.user)
    assert (placement.veteran, placement.channel) == (newcomer, Placement.Channel.DIRECT)


def test_an_invited_veteran_without_a_profile_is_asked_for_it_before_an_offline_hire(hr_a, post):
    hire = record(post, hr_a, email="newcomer@example.com")
    newcomer = f.UserFactory(email="newcomer@example.com")
    with pytest.raises(NotAllowed, match="profile"):
        services.offline_hire_confirm(hire=hire, user=newcomer)
    hire.refresh_from_db()
    assert hire.status == OfflineHire.Status.PENDING


def test_an_offline_hire_declined_by_the_veteran_counts_nothing(hr_a, post, veteran):
    hire = record(post, hr_a, resident_id=veteran.resident_id)
    services.offline_hire_decline(hire=hire, user=veteran.user)
    hire.refresh_from_db()
    assert hire.status == OfflineHire.Status.DECLINED
    assert not Placement.objects.exists()
    assert OutgoingEmail.objects.filter(recipients__contains=[hr_a.email]).exists()


def test_an_offline_hire_is_answered_by_the_veteran_it_names_only(
    hr_a, post, veteran, other_veteran
):
    hire = record(post, hr_a, resident_id=veteran.resident_id)
    with pytest.raises(NotAllowed):
        services.offline_hire_confirm(hire=hire, user=other_veteran.user)
    with pytest.raises(NotAllowed):
        services.offline_hire_confirm(hire=hire, user=hr_a)
    hire.refresh_from_db()
    assert hire.status == OfflineHire.Status.PENDING


def test_an_offline_hire_confirmed_twice_is_refused(hr_a, post, veteran):
    hire = record(post, hr_a, resident_id=veteran.resident_id)
    services.offline_hire_confirm(hire=hire, user=veteran.user)
    with pytest.raises(InvalidTransition):
        services.offline_hire_confirm(hire=hire, user=veteran.user)
    assert Placement.objects.count() == 1


def test_an_offline_hire_not_confirmed_in_time_expires(hr_a, post, veteran, settings):
    hire = record(post, hr_a, resident_id=veteran.resident_id)
    later = START + datetime.timedelta(days=settings.OFFLINE_HIRE_CONFIRM_DAYS + 1)
    assert services.offline_hires_expire(today=later) == 1
    assert services.offline_hires_expire(today=later) == 0
    hire.refresh_from_db()
    assert hire.status == OfflineHire.Status.EXPIRED


def test_an_offline_hire_follow_up_is_the_bureau_s_like_any_other(hr_a, bureau_x, post, veteran):
    hire = record(post, hr_a, resident_id=veteran.resident_id)
    placement = services.offline_hire_confirm(hire=hire, user=veteran.user)
    follow_up = placement.follow_ups.get(month=1)
    follow_up.status = FollowUp.Status.DUE
    follow_up.save()
    services.follow_up_record(follow_up=follow_up, recorder=bureau_x, outcome="employed")
    follow_up.refresh_from_db()
    assert follow_up.outcome == "employed"


# --- pages -------------------------------------------------------------------------------


def test_the_offline_hire_form_records_a_hire(client, hr_a, post, veteran):
    client.force_login(hr_a)
    response = client.post(
        reverse("jobs:offline_hire_create"),
        {
            "post": post.pk,
            "channel": "direct",
            "resident_id": veteran.resident_id,
            "started_on": START.isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert OfflineHire.objects.get().veteran == veteran


def test_the_offline_hire_form_offers_only_the_enterprise_s_posts(client, hr_b, post):
    client.force_login(hr_b)
    page = client.get(reverse("jobs:offline_hire_create")).content.decode()
    assert f'value="{post.pk}"' not in page


def test_the_veteran_confirms_an_offline_hire_on_the_page(client, hr_a, post, veteran):
    hire = record(post, hr_a, resident_id=veteran.resident_id)
    client.force_login(veteran.user)
    page = client.get(reverse("jobs:offline_hire_answer", args=[hire.token]))
    assert page.status_code == 200
    client.post(reverse("jobs:offline_hire_confirm", args=[hire.token]))
    hire.refresh_from_db()
    assert hire.status == OfflineHire.Status.CONFIRMED


def test_the_offline_hire_answer_page_is_404_to_another_veteran(
    client, hr_a, post, veteran, other_veteran
):
    hire = record(post, hr_a, resident_id=veteran.resident_id)
    client.force_login(other_veteran.user)
    assert client.get(reverse("jobs:offline_hire_answer", args=[hire.token])).status_code == 404


@pytest.mark.parametrize("persona", ["veteran", "ministry"], indirect=True)
def test_the_offline_hire_pages_are_refused_to_veterans_and_the_ministry(client, persona):
    client.force_login(persona)
    assert client.get(reverse("jobs:offline_hire_create")).status_code == 404
    assert client.get(reverse("jobs:offline_hire_list")).status_code == 404


# --- attendance ------------------------------------------------------------------------


def test_the_bureau_records_attendance_at_its_event(client, bureau_x, event, veteran):
    registration = event.registrations.create(veteran=veteran)
    client.force_login(bureau_x)
    client.post(reverse("jobs:event_attendance", args=[registration.pk]), {"attended": "1"})
    registration.refresh_from_db()
    assert registration.attended is True


@pytest.mark.parametrize("persona", ["bureau_y", "hr_a", "veteran"], indirect=True)
def test_attendance_is_refused_to_others(persona, event, veteran):
    registration = event.registrations.create(veteran=veteran)
    answer = api_as(persona).post(
        f"/api/v1/event-registrations/{registration.pk}/attendance/", {"attended": True}
    )
    assert answer.status_code in (403, 404)
    registration.refresh_from_db()
    assert registration.attended is False


# --- the API -------------------------------------------------------------------------------


def test_an_offline_hire_recorded_and_confirmed_through_the_api(bureau_x, post, veteran):
    answer = api_as(bureau_x).post(
        "/api/v1/hires/record/",
        {
            "post": post.pk,
            "channel": "direct",
            "resident_id": veteran.resident_id,
            "started_on": START.isoformat(),
        },  # fmt: skip
        format="json",
    )
    assert answer.status_code == 201, answer.content
    pk = answer.json()["id"]
    listed = api_as(veteran.user).get("/api/v1/hires/").json()["results"]
    assert [row["id"] for row in listed] == [pk]
    confirmed = api_as(veteran.user).post(f"/api/v1/hires/{pk}/confirm/")
    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json()["channel"] == "direct"


def test_an_offline_hire_api_refuses_a_post_of_another_enterprise(hr_b, post, veteran):
    answer = api_as(hr_b).post(
        "/api/v1/hires/record/",
        {
            "post": post.pk,
            "channel": "direct",
            "resident_id": veteran.resident_id,
            "started_on": START.isoformat(),
        },  # fmt: skip
        format="json",
    )
    assert answer.status_code == 403
    assert answer.json()["code"] == "jobs.may_record_offline_hire.outside"
    assert not OfflineHire.objects.exists()


def test_an_offline_hire_api_confirm_by_another_veteran_is_404(hr_a, post, veteran, other_veteran):
    hire = record(post, hr_a, resident_id=veteran.resident_id)
    answer = api_as(other_veteran.user).post(f"/api/v1/hires/{hire.pk}/confirm/")
    assert answer.status_code == 404
