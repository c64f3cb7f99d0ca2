"""The public read-only API: published posts, search and batches, open to anyone and
rate-limited per client address for anonymous callers."""

import pytest
import yaml
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rate(settings):
    settings.PUBLIC_API_RATE = "2/minute"
    cache.delete_many([f"throttle_public_{address}" for address in ("127.0.0.1", "10.0.0.9")])


def test_anyone_searches_the_published_posts(api, post, pending_post):
    answer = api().get("/api/v1/posts/")
    assert answer.status_code == 200
    assert [row["id"] for row in answer.json()["results"]] == [post.pk]


def test_anyone_reads_a_published_post_but_not_a_pending_one(api, post, pending_post):
    assert api().get(f"/api/v1/posts/{post.pk}/").json()["title"] == post.title
    assert api().get(f"/api/v1/posts/{pending_post.pk}/").status_code == 404


def test_anyone_lists_the_batches(api):
    assert api().get("/api/v1/batches/").status_code == 200


def test_an_anonymous_address_past_the_rate_gets_429_with_retry_after(api, post, low_rate):
    client = api()
    assert [client.get("/api/v1/posts/").status_code for _ in range(2)] == [200, 200]
    answer = client.get("/api/v1/posts/")
    assert answer.status_code == 429
    assert answer.json()["code"] == "throttled"
    assert int(answer["Retry-After"]) > 0


def test_the_rate_counts_per_address_and_ignores_a_forged_forwarded_for(api, post, low_rate):
    client = api()
    for _ in range(2):
        client.get("/api/v1/posts/")
    assert client.get("/api/v1/posts/", HTTP_X_FORWARDED_FOR="10.0.0.8").status_code == 429
    assert client.get("/api/v1/posts/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_a_signed_in_caller_is_not_rate_limited(api, veteran, post, low_rate):
    client = api(veteran)
    assert {client.get("/api/v1/posts/").status_code for _ in range(4)} == {200}


def test_the_schema_marks_the_anonymous_operations(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    security = {
        operation["operationId"]: operation.get("security")
        for item in schema["paths"].values()
        for operation in item.values()
    }
    public = ["auth_token_create", "auth_staff_token_create", "post_search", "post_detail"]
    assert [name for name in public + ["batch_list"] if security[name] is not None] == []
    assert {"tokenAuth": []} in security["post_apply"]
    assert {} not in security["post_apply"]


def test_region_and_industry_names_follow_the_language_of_the_request(api, post):
    """As the pages do: Beijing to an English caller, 北京市 to a Chinese one."""
    url = f"/api/v1/posts/{post.pk}/"
    english = api().get(url).json()
    chinese = api().get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert post.region.name_en and post.region.name_en != post.region.name
    assert (english["region_name"], chinese["region_name"]) == (
        post.region.name_en,
        post.region.name,
    )
    assert (english["industry_name"], chinese["industry_name"]) == (
        post.industry.name_en,
        post.industry.name,
    )
