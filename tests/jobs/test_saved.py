"""Saved posts, saved searches and their daily job alerts (jobs/views/saved.py and the
saved_* services)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from jobs import services
from jobs.models import JobPost, SavedPost, SavedSearch
from jobs.tasks import send_job_alerts
from portal.workflow import Conflict, NotAllowed
from tests import factories as f

pytestmark = pytest.mark.django_db

NOT_THE_OWNER = ["other_veteran", "hr_a", "bureau_x", "bureau_y", "ministry"]


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def post(title="保安", **fields) -> JobPost:
    fields.setdefault("occupation", f.occupation("3-01-01-01"))
    fields.setdefault("description", "负责日常工作。")
    return f.searchable_post(title=title, **fields)


def saved_search(veteran, params=None, **fields) -> SavedSearch:
    fields.setdefault("alerted_until", ago(days=1))
    fields.setdefault("name", "保安")
    return SavedSearch.objects.create(veteran=veteran, params=params or {"q": "保安"}, **fields)


def log_in(client, request, persona: str):
    obj = request.getfixturevalue(persona)
    client.force_login(getattr(obj, "user", obj))


# --- saved posts ---------------------------------------------------------------------------


def test_a_veteran_saves_a_post(client, veteran):
    saved = post()
    client.force_login(veteran.user)

    client.post(f"/jobs/saved/posts/{saved.pk}/save/")

    assert SavedPost.objects.filter(veteran=veteran, post=saved).exists()


def test_saving_twice_keeps_one_row(client, veteran):
    saved = post()
    client.force_login(veteran.user)

    client.post(f"/jobs/saved/posts/{saved.pk}/save/")
    client.post(f"/jobs/saved/posts/{saved.pk}/save/")

    assert SavedPost.objects.filter(veteran=veteran).count() == 1


def test_htmx_gets_the_button_in_its_new_state(client, veteran):
    saved = post()
    client.force_login(veteran.user)

    response = client.post(
        f"/jobs/saved/posts/{saved.pk}/save/", HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert "<html" not in response.content.decode()
    assert f"/jobs/saved/posts/{saved.pk}/unsave/" in response.content.decode()


def test_a_veteran_unsaves_a_post(client, veteran):
    saved = post()
    SavedPost.objects.create(veteran=veteran, post=saved)
    client.force_login(veteran.user)

    client.post(f"/jobs/saved/posts/{saved.pk}/unsave/")

    assert not SavedPost.objects.filter(veteran=veteran).exists()


def test_an_unpublished_post_cannot_be_saved(client, veteran):
    draft = post(status=JobPost.Status.DRAFT, published_at=None)
    client.force_login(veteran.user)

    response = client.post(f"/jobs/saved/posts/{draft.pk}/save/")

    assert response.status_code == 404
    assert not SavedPost.objects.exists()


def test_the_service_refuses_an_unpublished_post(veteran):
    closed = post(status=JobPost.Status.CLOSED)

    with pytest.raises(Conflict):
        services.saved_post_add(veteran=veteran, post=closed)


@pytest.mark.parametrize("persona", ["hr_a", "bureau_x", "ministry"])
def test_other_roles_cannot_save_posts(client, request, persona):
    saved = post()
    log_in(client, request, persona)

    response = client.post(f"/jobs/saved/posts/{saved.pk}/save/")

    assert response.status_code == 404
    assert not SavedPost.objects.exists()


def test_a_visitor_is_asked_to_log_in(client):
    saved = post()

    response = client.post(f"/jobs/saved/posts/{saved.pk}/save/")

    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not SavedPost.objects.exists()


def test_unsaving_another_veterans_saved_post_changes_nothing(client, veteran, other_veteran):
    saved = post()
    SavedPost.objects.create(veteran=other_veteran, post=saved)
    client.force_login(veteran.user)

    response = client.post(f"/jobs/saved/posts/{saved.pk}/unsave/")

    assert response.status_code == 404
    assert SavedPost.objects.filter(veteran=other_veteran, post=saved).exists()


def test_the_saved_posts_page_lists_only_ones_own(client, veteran, other_veteran):
    SavedPost.objects.create(veteran=veteran, post=post(title="保安"))
    SavedPost.objects.create(veteran=other_veteran, post=post(title="厨师"))
    client.force_login(veteran.user)

    page = client.get("/jobs/saved/").content.decode()

    assert "保安" in page and "厨师" not in page


def test_the_saved_posts_page_costs_the_same_queries_for_more_posts(
    client, veteran, django_assert_max_num_queries
):
    SavedPost.objects.create(veteran=veteran, post=post())
    client.force_login(veteran.user)
    client.get("/jobs/saved/")
    for _n in range(5):
        SavedPost.objects.create(veteran=veteran, post=post())

    with django_assert_max_num_queries(8):
        client.get("/jobs/saved/")


# --- saved searches ------------------------------------------------------------------------


def test_a_veteran_saves_the_current_search(client, veteran):
    client.force_login(veteran.user)

    client.post(
        "/jobs/saved/searches/new/",
        {"name": "北京保安", "q": "保安", "province": "110000", "salary": "5000", "after": "x"},
    )

    search = SavedSearch.objects.get(veteran=veteran)
    assert search.name == "北京保安"
    assert search.params == {"q": "保安", "province": "110000", "salary": "5000"}
    assert search.alerts_enabled and search.alerted_until > ago(minutes=1)


def test_a_search_needs_a_name(client, veteran):
    client.force_login(veteran.user)

    client.post("/jobs/saved/searches/new/", {"name": " ", "q": "保安"})

    assert not SavedSearch.objects.exists()


def test_a_veteran_keeps_at_most_twenty_searches(veteran):
    for n in range(services.MAX_SAVED_SEARCHES):
        saved_search(veteran, name=f"搜索{n}")

    with pytest.raises(Conflict):
        services.saved_search_create(veteran=veteran, name="再来一个", params={})
    assert veteran.saved_searches.count() == services.MAX_SAVED_SEARCHES


def test_the_same_search_is_saved_once(veteran):
    saved_search(veteran, params={"q": "保安", "province": "110000"})

    with pytest.raises(Conflict):
        services.saved_search_create(
            veteran=veteran, name="又一次", params={"province": "110000", "q": "保安"}
        )
    assert veteran.saved_searches.count() == 1


def test_the_saved_searches_page_lists_only_ones_own(client, veteran, other_veteran):
    beijing = f.region("110000")
    beijing.name = "北京市"  # a transactional test may have flushed the reference rows
    beijing.save()
    saved_search(veteran, name="我的搜索", params={"q": "保安", "province": "110000"})
    saved_search(other_veteran, name="别人的搜索")
    client.force_login(veteran.user)

    page = client.get("/jobs/saved/searches/").content.decode()

    assert "我的搜索" in page and "别人的搜索" not in page
    assert "北京市" in page  # the province filter, by name


def test_a_veteran_deletes_a_saved_search(client, veteran):
    search = saved_search(veteran)
    client.force_login(veteran.user)

    client.post(f"/jobs/saved/searches/{search.pk}/delete/")

    assert not SavedSearch.objects.filter(pk=search.pk).exists()


def test_a_veteran_turns_alerts_off_and_on_again_from_now(client, veteran):
    search = saved_search(veteran, alerts_enabled=False, alerted_until=ago(days=30))
    client.force_login(veteran.user)

    client.post(f"/jobs/saved/searches/{search.pk}/alerts/", {"enabled": "1"})

    search.refresh_from_db()
    assert search.alerts_enabled and search.alerted_until > ago(minutes=1)


@pytest.mark.parametrize("action", ["delete", "alerts"])
@pytest.mark.parametrize("persona", NOT_THE_OWNER)
def test_no_one_else_reaches_a_saved_search(client, request, veteran, persona, action):
    search = saved_search(veteran, alerts_enabled=True)
    before = SavedSearch.objects.filter(pk=search.pk).values().get()
    log_in(client, request, persona)

    response = client.post(f"/jobs/saved/searches/{search.pk}/{action}/", {"enabled": "0"})

    assert response.status_code == 404
    assert SavedSearch.objects.filter(pk=search.pk).values().get() == before


@pytest.mark.parametrize("action", ["delete", "alerts"])
def test_a_visitor_reaches_no_saved_search(client, veteran, action):
    search = saved_search(veteran)
    before = SavedSearch.objects.filter(pk=search.pk).values().get()

    response = client.post(f"/jobs/saved/searches/{search.pk}/{action}/", {"enabled": "0"})

    assert response.status_code == 302
    assert SavedSearch.objects.filter(pk=search.pk).values().get() == before


def test_the_services_refuse_another_veteran(veteran, other_veteran):
    search = saved_search(veteran)

    with pytest.raises(NotAllowed):
        services.saved_search_delete(saved_search=search, veteran=other_veteran)
    with pytest.raises(NotAllowed):
        services.saved_search_set_alerts(saved_search=search, veteran=other_veteran, enabled=False)
    search.refresh_from_db()
    assert search.alerts_enabled


# --- job alerts ------------------------------------------------------------------------------


def alert(search, now=None, callbacks=None) -> int:
    with callbacks(execute=True):
        return services.saved_search_send_alert(saved_search=search, now=now)


def test_an_alert_lists_only_posts_published_since_the_last_one(
    veteran, django_capture_on_commit_callbacks
):
    search = saved_search(veteran, alerted_until=ago(days=1))
    post(title="保安老岗位", published_at=ago(days=2))
    post(title="保安新岗位", published_at=ago(hours=3))
    post(title="厨师", published_at=ago(hours=3))

    assert alert(search, callbacks=django_capture_on_commit_callbacks) == 1

    [message] = mail.outbox
    assert message.to == [veteran.user.email]
    assert "保安新岗位" in message.body
    assert "保安老岗位" not in message.body and "厨师" not in message.body


def test_an_alert_moves_the_high_water_mark_and_never_repeats(
    veteran, django_capture_on_commit_callbacks
):
    search = saved_search(veteran)
    post(published_at=ago(hours=3))
    now = timezone.now()

    alert(search, now=now, callbacks=django_capture_on_commit_callbacks)
    again = alert(
        search, now=now + datetime.timedelta(hours=1), callbacks=django_capture_on_commit_callbacks
    )

    search.refresh_from_db()
    assert again == 0 and len(mail.outbox) == 1
    assert search.alerted_until == now + datetime.timedelta(hours=1) - services.ALERT_SETTLE
    assert search.last_alert_at is not None


def test_posts_published_in_the_last_minutes_wait_for_the_next_alert(
    veteran, django_capture_on_commit_callbacks
):
    search = saved_search(veteran)
    post(published_at=ago(minutes=1))
    now = timezone.now()

    first = alert(search, now=now, callbacks=django_capture_on_commit_callbacks)
    later = alert(
        search, now=now + datetime.timedelta(days=1), callbacks=django_capture_on_commit_callbacks
    )

    assert (first, later) == (0, 1)


def test_an_alert_follows_the_search_filters(veteran, django_capture_on_commit_callbacks):
    search = saved_search(veteran, params={"q": "保安", "province": "310000"})
    post(title="北京保安", published_at=ago(hours=3))
    post(
        title="上海保安",
        published_at=ago(hours=3),
        branch=f.BranchFactory(region=f.region("310100")),
    )

    alert(search, callbacks=django_capture_on_commit_callbacks)

    assert "上海保安" in mail.outbox[0].body and "北京保安" not in mail.outbox[0].body


def test_nothing_new_sends_no_e_mail(veteran, django_capture_on_commit_callbacks):
    search = saved_search(veteran)

    assert alert(search, callbacks=django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_alert_carries_an_absolute_unsubscribe_link(
    veteran, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_URL = "https://jobs.example.gov.cn"
    search = saved_search(veteran)
    post(published_at=ago(hours=3))

    alert(search, callbacks=django_capture_on_commit_callbacks)

    link = f"https://jobs.example.gov.cn/jobs/saved/unsubscribe/{search.unsubscribe_token}/"
    assert link in mail.outbox[0].body


def test_the_daily_task_alerts_every_search_with_alerts_on(
    veteran, other_veteran, django_capture_on_commit_callbacks
):
    saved_search(veteran)
    saved_search(other_veteran, alerts_enabled=False)
    post(published_at=ago(hours=3))

    with django_capture_on_commit_callbacks(execute=True):
        send_job_alerts()

    assert [m.to for m in mail.outbox] == [[veteran.user.email]]


# --- unsubscribe -----------------------------------------------------------------------------


def test_the_unsubscribe_link_asks_before_it_stops(client, veteran):
    search = saved_search(veteran)

    response = client.get(f"/jobs/saved/unsubscribe/{search.unsubscribe_token}/")

    search.refresh_from_db()
    assert response.status_code == 200 and search.alerts_enabled


def test_one_click_unsubscribes_without_logging_in(client, veteran):
    search = saved_search(veteran)

    client.post(f"/jobs/saved/unsubscribe/{search.unsubscribe_token}/")

    search.refresh_from_db()
    assert not search.alerts_enabled


def test_an_unknown_token_is_not_found(client, veteran):
    search = saved_search(veteran)

    response = client.post("/jobs/saved/unsubscribe/not-a-token/")

    search.refresh_from_db()
    assert response.status_code == 404 and search.alerts_enabled


def test_an_unsubscribed_search_is_not_alerted(veteran, django_capture_on_commit_callbacks):
    search = saved_search(veteran)
    post(published_at=ago(hours=3))
    services.saved_search_unsubscribe(token=search.unsubscribe_token)

    assert alert(search, callbacks=django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
