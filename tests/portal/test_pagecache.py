"""Visitors' whole pages from the local cache (portal/pagecache.py)."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from redis.exceptions import ResponseError

from portal.pagecache import visitor_page_cache
from tests import factories as f

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def tokens(response) -> set[str]:
    return set(TOKEN.findall(response.content.decode()))


def test_a_visitors_second_search_needs_no_query(client, django_assert_num_queries):
    f.searchable_post(title="保安队长")
    first = client.get("/", {"q": "保安"})

    with django_assert_num_queries(0):
        second = Client().get("/", {"q": "保安"})

    assert "保安队长" in second.content.decode()
    assert second.content.decode().count("保安队长") == first.content.decode().count("保安队长")


def test_each_visitor_gets_a_token_of_their_own_that_passes_the_csrf_check():
    f.JobPostFactory()
    one, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one.get("/")

    page = other.get("/")  # from the cache

    (token,) = tokens(page)
    assert token not in tokens(one.get("/")) and "@@" not in page.content.decode()
    assert f'<meta name="csrf-token" content="{token}">' in page.content.decode()
    switched = other.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def test_zh_and_en_pages_are_kept_apart(client):
    f.JobPostFactory()
    client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    english = Client().get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert "Search" in english.content.decode() and 'lang="en"' in english.content.decode()


def test_a_logged_in_veteran_neither_gets_nor_leaves_a_cached_page(client, veteran):
    f.JobPostFactory()
    Client().get("/")  # a visitor's page in the cache
    client.force_login(veteran.user)

    own = client.get("/")
    visitor = Client().get("/")

    assert veteran.user.username in own.content.decode() or "退出" in own.content.decode()
    assert "退出" not in visitor.content.decode()  # no "Log out" for someone else's session


def message_cookie(text: str) -> str:
    """The messages cookie a redirect with ``text`` would leave (cookie message storage)."""
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, text)
    response = HttpResponse()
    storage.update(response)
    return response.cookies["messages"].value


def test_a_page_with_a_message_is_neither_served_from_nor_kept_in_the_cache(client):
    f.JobPostFactory()
    Client().get("/")  # a visitor's page in the cache
    client.cookies["messages"] = message_cookie("电子邮箱已确认。")

    with_message = client.get("/")
    later = Client().get("/")

    assert "电子邮箱已确认。" in with_message.content.decode()
    assert "电子邮箱已确认。" not in later.content.decode()


def test_htmx_requests_and_errors_are_not_cached(client, django_assert_max_num_queries):
    post = f.JobPostFactory()
    client.get("/", HTTP_HX_REQUEST="true")
    client.get(reverse("jobs:post_detail", args=[post.pk + 1000]))

    with django_assert_max_num_queries(20) as captured:
        client.get("/")
    assert len(captured.captured_queries) > 0
    assert client.get(reverse("jobs:post_detail", args=[post.pk + 1000])).status_code == 404


def test_a_visitors_post_page_is_kept_and_is_fresh_with_the_time_set_to_zero(client):
    post = f.JobPostFactory(title="仓库管理员")
    client.get(reverse("jobs:post_detail", args=[post.pk]))
    post.title = "仓库主管"
    post.save(update_fields=["title"])

    kept = client.get(reverse("jobs:post_detail", args=[post.pk]))
    with override_settings(VISITOR_PAGE_SECONDS=0):
        fresh = client.get(reverse("jobs:post_detail", args=[post.pk]))

    assert "仓库管理员" in kept.content.decode()
    assert "仓库主管" in fresh.content.decode()


def test_nothing_is_kept_when_the_time_is_set_to_zero(client, django_assert_max_num_queries):
    f.JobPostFactory()
    with override_settings(VISITOR_PAGE_SECONDS=0):
        client.get("/")
        with django_assert_max_num_queries(20) as captured:
            client.get("/")
    assert len(captured.captured_queries) > 0


def test_a_page_rendered_by_one_process_is_served_by_another(client, django_assert_num_queries):
    f.searchable_post(title="叉车司机")
    client.get("/", {"q": "叉车"})
    caches["local"].clear()  # another process: nothing in its memory, the page in Redis

    with django_assert_num_queries(0):
        page = Client().get("/", {"q": "叉车"})

    assert "叉车司机" in page.content.decode() and "@@" not in page.content.decode()


def test_a_full_redis_costs_the_page_its_place_there_and_nothing_else(client, monkeypatch):
    f.JobPostFactory(title="电工")

    def refuse(*args, **kwargs):
        raise ResponseError("OOM command not allowed when used memory > 'maxmemory'.")

    monkeypatch.setattr(caches["default"], "set", refuse)
    response = client.get("/", {"q": "电工"})

    assert response.status_code == 200 and "电工" in response.content.decode()


def test_a_page_with_the_token_somewhere_else_is_not_kept(rf):
    """Were a template to write the token in a place the cache does not know, the page
    would hold the first visitor's token: it is not kept."""

    @visitor_page_cache
    def view(request):
        token = get_token(request)
        return HttpResponse(f'<div hx-headers=\'{{"X-CSRFToken": "{token}"}}\'></div>')

    first = view(with_user(rf.get("/somewhere/")))
    second = view(with_user(rf.get("/somewhere/")))

    assert first.content != second.content


def with_user(request):
    request.user = AnonymousUser()
    return request
