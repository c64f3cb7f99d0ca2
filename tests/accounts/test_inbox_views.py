"""The inbox pages: the header's bell, the list, marking read, the notification settings."""

import pytest

from portal.accounts.models import Notification, NotificationPreference
from tests import factories as f

pytestmark = pytest.mark.django_db


def _entries(user, count: int, **fields) -> list[Notification]:
    return [f.NotificationFactory(user=user, **fields) for _n in range(count)]


def test_inbox_bell_shows_the_unread_count_on_every_page(client, veteran):
    _entries(veteran.user, 3)
    f.NotificationFactory(user=veteran.user, read_at="2026-01-01T00:00:00Z")
    client.force_login(veteran.user)

    page = client.get("/jobs/applications/").content.decode()

    assert 'class="badge rounded-pill text-bg-light inbox-bell__count">3<' in page


def test_inbox_bell_shows_no_count_when_everything_is_read(client, hr_a):
    client.force_login(hr_a)

    page = client.get("/accounts/inbox/").content.decode()

    assert "inbox-bell__count" not in page and "bi-bell" in page


def test_inbox_lists_only_ones_own_entries_newest_first(client, veteran, other_veteran):
    f.NotificationFactory(user=veteran.user, title="第一条")
    f.NotificationFactory(user=veteran.user, title="第二条")
    f.NotificationFactory(user=other_veteran.user, title="别人的通知")
    client.force_login(veteran.user)

    page = client.get("/accounts/inbox/").content.decode()

    assert page.index("第二条") < page.index("第一条") and "别人的通知" not in page


@pytest.mark.parametrize("persona", ["hr_a", "bureau_x", "ministry"], indirect=True)
def test_inbox_works_for_every_role(client, persona):
    f.NotificationFactory(user=persona, title="待办提醒")
    client.force_login(persona)

    assert "待办提醒" in client.get("/accounts/inbox/").content.decode()


def test_inbox_costs_the_same_queries_with_more_entries(
    client, veteran, django_assert_max_num_queries
):
    _entries(veteran.user, 2)
    client.force_login(veteran.user)
    client.get("/accounts/inbox/")
    _entries(veteran.user, 18)

    with django_assert_max_num_queries(6):
        response = client.get("/accounts/inbox/")
    assert response.content.decode().count("inbox-entry--unread") == 20


def test_inbox_opening_an_entry_marks_it_read_and_follows_its_link(client, veteran):
    entry = f.NotificationFactory(user=veteran.user, link="/jobs/saved/")
    client.force_login(veteran.user)

    response = client.post(f"/accounts/inbox/{entry.pk}/open/")

    entry.refresh_from_db()
    assert response.url == "/jobs/saved/" and entry.read_at is not None


def test_inbox_an_entry_linking_off_site_opens_the_inbox_instead(client, veteran):
    entry = f.NotificationFactory(user=veteran.user, link="https://evil.example/")
    client.force_login(veteran.user)

    assert client.post(f"/accounts/inbox/{entry.pk}/open/").url == "/accounts/inbox/"


def test_inbox_marks_one_entry_read_and_returns_to_the_page(client, veteran):
    entry, other = _entries(veteran.user, 2)
    client.force_login(veteran.user)

    response = client.post(f"/accounts/inbox/{entry.pk}/read/", {"next": "/accounts/inbox/?page=1"})

    entry.refresh_from_db(), other.refresh_from_db()
    assert response.url == "/accounts/inbox/?page=1"
    assert entry.read_at is not None and other.read_at is None


def test_inbox_marks_all_entries_read(client, veteran, other_veteran):
    _entries(veteran.user, 3)
    theirs = f.NotificationFactory(user=other_veteran.user)
    client.force_login(veteran.user)

    client.post("/accounts/inbox/read-all/")

    assert not Notification.objects.filter(user=veteran.user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("action", ["open", "read"])
def test_inbox_another_users_entry_is_not_found(client, veteran, other_veteran, action):
    theirs = f.NotificationFactory(user=other_veteran.user)
    client.force_login(veteran.user)

    response = client.post(f"/accounts/inbox/{theirs.pk}/{action}/")

    theirs.refresh_from_db()
    assert response.status_code == 404 and theirs.read_at is None


def test_inbox_settings_offer_the_kinds_of_the_users_role(client, hr_a):
    client.force_login(hr_a)

    page = client.get("/accounts/inbox/settings/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "岗位审核通过" in page and "申请状态有更新" not in page


def test_inbox_settings_save_the_language_and_the_kinds_emailed(client, veteran):
    client.force_login(veteran.user)

    response = client.post(
        "/accounts/inbox/settings/",
        {"language": "en", "emailed_kinds": ["application_hired", "job_alert"]},
    )

    veteran.user.refresh_from_db()
    assert response.status_code == 302 and veteran.user.language == "en"
    off = NotificationPreference.objects.filter(user=veteran.user, email=False)
    assert "application_status_changed" in set(off.values_list("kind", flat=True))
    assert not off.filter(kind__in=["application_hired", "job_alert"]).exists()


def test_inbox_settings_refuse_a_kind_the_role_does_not_receive(client, veteran):
    client.force_login(veteran.user)

    response = client.post(
        "/accounts/inbox/settings/",
        {"language": "zh-hans", "emailed_kinds": ["follow_ups_due"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "Choose among the kinds of notice offered." in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_inbox_the_language_menu_sets_the_language_of_ones_emails(client, veteran):
    client.force_login(veteran.user)

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    veteran.user.refresh_from_db()
    assert veteran.user.language == "en"


def test_inbox_signing_up_in_english_sends_the_link_in_english(client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password1": "pass-Word-123x",
            "password2": "pass-Word-123x",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    from portal.accounts.models import OutgoingEmail, User

    assert User.objects.get(username="newcomer").language == "en"
    assert OutgoingEmail.objects.get().subject.isascii()


def test_inbox_pages_older_entries_by_keyset_link(client, veteran, settings):
    settings.PAGE_SIZE = 2
    first, second, third = (f.NotificationFactory(user=veteran.user) for _n in range(3))
    client.force_login(veteran.user)

    newest = client.get("/accounts/inbox/").content.decode()
    older = client.get(f"/accounts/inbox/?before={second.pk}").content.decode()

    assert third.title in newest and second.title in newest and first.title not in newest
    assert f"?before={second.pk}" in newest
    assert first.title in older and second.title not in older
    assert 'href="/accounts/inbox/?before=' not in older


def test_inbox_ignores_a_before_that_is_not_an_id(client, veteran):
    entry = f.NotificationFactory(user=veteran.user)
    client.force_login(veteran.user)

    page = client.get("/accounts/inbox/?before=99999999999999999999999x")

    assert page.status_code == 200 and entry.title in page.content.decode()


def test_inbox_bell_counter_follows_entries_written_and_read(client, veteran):
    from portal.accounts.notifications import notify_after_commit
    from portal.accounts.services import notification_mark_read, notifications_mark_all_read

    for _n in range(3):
        notify_after_commit(to=[veteran.user.email], event="post_report_dismissed", context={})
    entry = Notification.objects.filter(user=veteran.user).first()
    notification_mark_read(notification=entry, user=veteran.user)
    notification_mark_read(notification=entry, user=veteran.user)  # twice counts once
    veteran.user.refresh_from_db()
    after_one = veteran.user.unread_notifications
    notifications_mark_all_read(user=veteran.user)
    veteran.user.refresh_from_db()

    assert (after_one, veteran.user.unread_notifications) == (2, 0)
    assert Notification.objects.filter(user=veteran.user, read_at__isnull=True).count() == 0
