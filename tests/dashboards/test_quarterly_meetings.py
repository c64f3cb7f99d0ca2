"""Quarterly meetings: recorded by the ministry or a bureau with participants, minutes and
action items; each participant sees the meeting and the owner closes their own items."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dashboards.models import ActionItem, QuarterlyMeeting
from portal.accounts.models import Notification

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _form(*, participants: str, owner: str, **extra) -> dict:
    return {
        "held_on": (TODAY() - datetime.timedelta(days=1)).isoformat(),
        "title": "2026年第三季度座谈会",
        "minutes": "通报各企业岗位兑现情况。",
        "participant_addresses": participants,
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-0-text": "补发承诺岗位",
        "items-0-owner": owner,
        "items-0-due_on": (TODAY() + datetime.timedelta(days=30)).isoformat(),
        **extra,
    }


@pytest.fixture
def meeting(client, ministry, hr_a, bureau_x):
    client.force_login(ministry)
    response = client.post(
        reverse("dashboards:meeting_record"),
        _form(participants=f"{hr_a.email}\n{bureau_x.email}", owner=hr_a.email),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return QuarterlyMeeting.objects.get()


def test_quarterly_notice_meeting_is_recorded_with_its_participants_and_items(
    meeting, ministry, hr_a, bureau_x
):
    assert set(meeting.participants.all()) == {ministry, hr_a, bureau_x}
    item = ActionItem.objects.get()
    assert (item.owner, item.status, item.meeting) == (hr_a, "open", meeting)
    assert Notification.objects.get(user=hr_a).kind == "action_item_assigned"


@pytest.mark.parametrize("name", ["hr_a", "bureau_x", "ministry"])
def test_quarterly_notice_meeting_each_participant_sees_it(meeting, client, request, name):
    client.force_login(request.getfixturevalue(name))

    assert client.get(reverse("dashboards:meeting_detail", args=[meeting.pk])).status_code == 200
    assert meeting.title in client.get(reverse("dashboards:meeting_list")).content.decode()


def test_quarterly_notice_meeting_owner_sees_the_open_item_on_the_list(meeting, client, hr_a):
    client.force_login(hr_a)

    assert "补发承诺岗位" in client.get(reverse("dashboards:meeting_list")).content.decode()


@pytest.mark.parametrize("name", ["bureau_y", "hr_b", "veteran"])
def test_quarterly_notice_meeting_is_not_found_by_others(meeting, client, request, name):
    persona = request.getfixturevalue(name)
    client.force_login(getattr(persona, "user", persona))

    assert client.get(reverse("dashboards:meeting_detail", args=[meeting.pk])).status_code == 404


def test_quarterly_notice_meeting_owner_marks_the_item_done(meeting, client, hr_a):
    item = ActionItem.objects.get()
    client.force_login(hr_a)

    client.post(reverse("dashboards:action_item_done", args=[item.pk]), {"note": "已补发20个岗位"})

    item.refresh_from_db()
    assert (item.status, item.done_note) == ("done", "已补发20个岗位")


@pytest.mark.parametrize("name", ["bureau_x", "ministry"])
def test_quarterly_notice_meeting_item_of_someone_else_is_not_theirs_to_close(
    meeting, client, request, name
):
    item = ActionItem.objects.get()
    client.force_login(request.getfixturevalue(name))

    response = client.post(reverse("dashboards:action_item_done", args=[item.pk]), {"note": ""})

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == "open"


def test_quarterly_notice_meeting_owner_must_be_a_participant(client, ministry, hr_a, bureau_x):
    client.force_login(ministry)

    response = client.post(
        reverse("dashboards:meeting_record"), _form(participants=bureau_x.email, owner=hr_a.email)
    )

    assert response.status_code == 200
    assert "must be a participant" in response.content.decode()
    assert not QuarterlyMeeting.objects.exists()


def test_quarterly_notice_meeting_unknown_address_is_named_and_nothing_saved(client, ministry):
    client.force_login(ministry)

    response = client.post(
        reverse("dashboards:meeting_record"), _form(participants="nobody@example.com", owner="")
    )

    assert "nobody@example.com" in response.content.decode()
    assert not QuarterlyMeeting.objects.exists()


def test_quarterly_notice_meeting_is_not_recorded_by_an_enterprise(client, hr_a):
    client.force_login(hr_a)

    response = client.post(
        reverse("dashboards:meeting_record"), _form(participants=hr_a.email, owner="")
    )

    assert response.status_code == 404
    assert not QuarterlyMeeting.objects.exists()


def _api(user) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_login(user)
    return api


def test_quarterly_notice_meeting_api_records_lists_and_closes(bureau_x, hr_a, hr_b):
    body = {
        "held_on": (TODAY() - datetime.timedelta(days=2)).isoformat(),
        "title": "北京市季度座谈会",
        "minutes": "会议纪要",
        "participants": [hr_a.email],
        "action_items": [
            {"text": "报送整改计划", "owner": hr_a.email, "due_on": TODAY().isoformat()}
        ],
    }

    recorded = _api(bureau_x).post(reverse("api-meeting-record"), body, format="json")
    listed = _api(hr_a).get(reverse("api-meeting-list"))
    item_id = recorded.json()["action_items"][0]["id"]
    foreign = _api(hr_b).post(reverse("api-action-item-done", args=[item_id]), {}, format="json")
    done = _api(hr_a).post(
        reverse("api-action-item-done", args=[item_id]), {"note": "已报送"}, format="json"
    )

    assert recorded.status_code == 201
    assert [m["title"] for m in listed.json()["results"]] == ["北京市季度座谈会"]
    assert (foreign.status_code, done.status_code, done.json()["status"]) == (404, 200, "done")


def test_quarterly_notice_meeting_api_refuses_an_enterprise_recording(hr_a):
    body = {
        "held_on": TODAY().isoformat(),
        "title": "t",
        "minutes": "m",
        "participants": [hr_a.email],
    }

    response = _api(hr_a).post(reverse("api-meeting-record"), body, format="json")

    assert response.status_code == 403
    assert not QuarterlyMeeting.objects.exists()


def test_quarterly_notice_meeting_in_the_future_is_refused_alike_by_page_and_api(
    client, ministry, hr_a
):
    future = (TODAY() + datetime.timedelta(days=3)).isoformat()
    client.force_login(ministry)
    page = client.post(
        reverse("dashboards:meeting_record"),
        _form(participants=hr_a.email, owner=hr_a.email, held_on=future),
    )
    body = {"held_on": future, "title": "t", "minutes": "m", "participants": [hr_a.email]}
    api = _api(ministry).post(reverse("api-meeting-record"), body, format="json")

    assert "recorded after it was held" in page.content.decode()
    assert api.status_code == 400
    assert [(e["field"], e["message"]) for e in api.json()["errors"]] == [
        ("held_on", "A meeting is recorded after it was held.")
    ]
    assert not QuarterlyMeeting.objects.exists()
