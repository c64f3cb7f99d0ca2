import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_lists_published_posts_only(client):
    f.JobPostFactory(title="保安")
    f.JobPostFactory(title="内部草稿岗位", status="draft", published_at=None)

    response = client.get("/")

    assert response.status_code == 200
    assert "保安" in response.content.decode()
    assert "内部草稿岗位" not in response.content.decode()


def test_it_shows_an_empty_state_without_posts(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert "No posts are open at the moment" in response.content.decode()


def test_its_queries_do_not_grow_with_the_posts_shown(client, django_assert_max_num_queries):
    f.JobPostFactory.create_batch(15)

    # The filters' four lists, the commended enterprises (their posts first), the page of
    # posts, its result count, the three headline counts and the five newest notices.
    with django_assert_max_num_queries(11):
        client.get("/")
