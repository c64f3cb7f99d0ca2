import pytest

from tests.workers import celery_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_answers_503_when_no_celery_worker_is_up(client):
    response = client.get("/health/", HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert "Celery" in response.content.decode()


@pytest.mark.slow
def test_it_answers_200_when_database_redis_and_a_worker_are_up(client, settings):
    # The probe's own budget (2 s) is the deployment's; a test machine at a load average
    # of 6 once took longer than that to carry a live worker's answer to a ping (the
    # first worker's answer still ends the wait at once).
    settings.HEALTH_CHECK_TIMEOUT = 10
    with celery_worker():
        response = client.get("/health/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200, response.content


def test_the_liveness_probe_answers_ok_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live/")

    assert (response.status_code, response.content) == (200, b"ok")
