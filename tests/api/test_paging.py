"""The API's one paging style (portal.pagination): every list and the search answer
``{"next_cursor", "results"}`` and take ``?cursor=``."""

import pytest
import yaml

from jobs.models import Application
from tests import factories as f
from tests.api.conftest import make_post

pytestmark = pytest.mark.django_db


def test_a_list_pages_by_its_next_cursor(api, veteran, branch_a, settings):
    settings.PAGE_SIZE = 2
    for _ in range(3):
        f.ApplicationFactory(veteran=veteran, post=make_post(branch_a))
    client = api(veteran)
    first = client.get("/api/v1/me/applications/").json()
    second = client.get("/api/v1/me/applications/", {"cursor": first["next_cursor"]}).json()
    assert (len(first["results"]), len(second["results"])) == (2, 1)
    assert second["next_cursor"] is None
    ids = [row["id"] for row in first["results"] + second["results"]]
    assert sorted(ids) == sorted(Application.objects.values_list("id", flat=True))


@pytest.mark.parametrize("cursor", ["abc", "cDk5OTk5OTk5OTk5", "cA", "%00"])
def test_a_cursor_the_list_did_not_give_answers_400(api, veteran, cursor):
    answer = api(veteran).get("/api/v1/me/applications/", {"cursor": cursor})
    assert answer.status_code == 400
    assert answer.json()["errors"][0] == {
        "field": "cursor",
        "message": "This cursor is not valid: send the next_cursor of the previous page.",
        "code": "invalid_cursor",
    }


def test_a_page_past_the_end_is_empty_not_404(api, veteran, settings):
    settings.PAGE_SIZE = 2
    answer = api(veteran).get("/api/v1/me/applications/", {"cursor": "cDQ"})  # position 4
    assert answer.status_code == 200
    assert answer.json() == {"next_cursor": None, "results": []}


def test_every_paged_operation_takes_a_cursor_and_none_a_page_number(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    components = schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for operation in item.values():
            names = {parameter["name"] for parameter in operation.get("parameters", [])}
            assert "page" not in names, path
            answer = operation["responses"].get("200", {}).get("content", {})
            body = answer.get("application/json", {}).get("schema", {})
            if "$ref" in body:
                body = components[body["$ref"].rsplit("/", 1)[-1]]
            if "results" in body.get("properties", {}):
                assert "cursor" in names, path
                assert "next_cursor" in body["properties"], path


def test_the_search_and_the_lists_page_alike(api, veteran, branch_a):
    make_post(branch_a)
    for url in ("/api/v1/posts/", "/api/v1/me/applications/"):
        assert set(api(veteran).get(url).json()) == {"next_cursor", "results"}
