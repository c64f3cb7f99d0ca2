"""/api/v1/me/notifications/: the inbox through the API, as the pages have it."""

import pytest

from portal.accounts.models import Notification, NotificationPreference
from tests import factories as f
from tests.api.conftest import field_errors

pytestmark = pytest.mark.django_db


def test_inbox_api_lists_ones_own_entries_newest_first(api, veteran, other_veteran):
    older = f.NotificationFactory(user=veteran.user)
    newer = f.NotificationFactory(user=veteran.user)
    f.NotificationFactory(user=other_veteran.user)

    rows = api(veteran).get("/api/v1/me/notifications/").json()["results"]

    assert [row["id"] for row in rows] == [newer.pk, older.pk]
    assert rows[0]["unread"] is True and rows[0]["link"] == "/jobs/applications/"


def test_inbox_api_filters_the_unread(api, veteran):
    unread = f.NotificationFactory(user=veteran.user)
    f.NotificationFactory(user=veteran.user, read_at="2026-01-01T00:00:00Z")

    rows = api(veteran).get("/api/v1/me/notifications/?unread=true").json()["results"]

    assert [row["id"] for row in rows] == [unread.pk]


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_x", "ministry"], indirect=True)
def test_inbox_api_counts_the_unread_for_every_role(api, persona):
    f.NotificationFactory(user=persona)
    f.NotificationFactory(user=persona)

    assert api(persona).get("/api/v1/me/notifications/unread-count/").json() == {"unread": 2}


def test_inbox_api_marks_one_entry_read(api, veteran):
    entry = f.NotificationFactory(user=veteran.user)

    answer = api(veteran).post(f"/api/v1/me/notifications/{entry.pk}/read/")

    entry.refresh_from_db()
    assert answer.status_code == 200 and answer.json()["unread"] is False
    assert entry.read_at is not None


def test_inbox_api_answers_404_for_another_users_entry(api, veteran, other_veteran):
    theirs = f.NotificationFactory(user=other_veteran.user)

    answer = api(veteran).post(f"/api/v1/me/notifications/{theirs.pk}/read/")

    theirs.refresh_from_db()
    assert answer.status_code == 404 and theirs.read_at is None


def test_inbox_api_marks_all_read(api, hr_a):
    f.NotificationFactory(user=hr_a)
    f.NotificationFactory(user=hr_a)

    answer = api(hr_a).post("/api/v1/me/notifications/read-all/")

    assert answer.json() == {"marked": 2}
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_inbox_api_shows_the_settings_with_the_kinds_on_offer(api, bureau_x):
    NotificationPreference.objects.create(user=bureau_x, kind="follow_ups_due", email=False)

    settings = api(bureau_x).get("/api/v1/me/notification-settings/").json()

    bureau_kinds = [
        "interview_guarantee_owed_authority",
        "follow_ups_due",
        "offline_hire_decided",
        "referral_answered",
        "referrals_overdue",
        "entrepreneur_follow_ups_due",
        "quarterly_notice",
        "action_item_assigned",
    ]
    assert settings["language"] == "zh-hans" and settings["emailed_kinds"] == [
        kind for kind in bureau_kinds if kind != "follow_ups_due"
    ]
    assert list(settings["kinds"]) == bureau_kinds


def test_inbox_api_saves_the_settings(api, veteran):
    answer = api(veteran).post(
        "/api/v1/me/notification-settings/update/",
        {"language": "en", "emailed_kinds": ["application_hired"]},
        format="json",
    )

    assert answer.status_code == 200 and answer.json()["emailed_kinds"] == ["application_hired"]
    veteran.user.refresh_from_db()
    assert veteran.user.language == "en"


def test_inbox_api_refuses_a_kind_the_role_does_not_receive_as_the_page_does(api, veteran):
    answer = api(veteran).post(
        "/api/v1/me/notification-settings/update/",
        {"language": "en", "emailed_kinds": ["follow_ups_due"]},
        format="json",
    )

    assert answer.status_code == 400
    assert field_errors(answer) == {"emailed_kinds": ["Choose among the kinds of notice offered."]}
    assert not NotificationPreference.objects.exists()
