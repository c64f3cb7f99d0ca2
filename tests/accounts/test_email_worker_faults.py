"""E-mail tasks on a real Celery worker and Redis: a worker killed in the middle of a send
and a Redis restarted with tasks queued lose no e-mail and send none twice."""

import time

import pytest
from celery import Celery

from portal.accounts.models import OutgoingEmail
from portal.accounts.tasks import send_email
from portal.celery import app
from tests.mail import sent_subjects
from tests.servers import private_redis
from tests.workers import celery_worker, kill_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

VISIBILITY = 4  # seconds before an unacknowledged task is handed out again


def owe(count: int) -> list[OutgoingEmail]:
    return [
        OutgoingEmail.objects.create(
            subject=f"通知 {n:02d}", body="正文", recipients=["a@example.com"]
        )
        for n in range(count)
    ]


def wait_until_sent(count: int, timeout: float = 90) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if OutgoingEmail.objects.filter(sent_at__isnull=False).count() == count:
            return True
        time.sleep(0.3)
    return False


def wait_for(path, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not path.exists():
        time.sleep(0.1)
    return path.exists()


def mail_env(directory, stall: float = 0) -> dict:
    return {
        "TEST_EMAIL_BACKEND": "tests.mail.RecordingBackend",
        "TEST_MAIL_DIR": str(directory),
        "TEST_MAIL_STALL_SECONDS": str(stall),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
    }


@pytest.fixture(autouse=True)
def _queued_not_eager():
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def client_of(url: str) -> Celery:
    """A Celery client of another Redis: it queues tasks by name and pings workers."""
    return Celery("portal", broker=url, set_as_current=False)


@pytest.fixture
def mail_dir(tmp_path):
    directory = tmp_path / "mail"
    directory.mkdir()
    return directory


def test_a_worker_killed_in_the_middle_of_a_send_loses_no_email_and_sends_none_twice(mail_dir):
    emails = owe(3)
    with celery_worker(**mail_env(mail_dir, stall=60)) as worker:
        for email in emails:
            send_email.delay(str(email.pk))
        assert wait_for(mail_dir / "started"), "no send started"
        kill_worker(worker)

    time.sleep(VISIBILITY + 1)  # the killed task's message becomes visible again
    with celery_worker(**mail_env(mail_dir)):
        assert wait_until_sent(3)
        send_email.delay(str(emails[0].pk))  # a late duplicate of a delivered task
        time.sleep(2)

    assert sent_subjects(mail_dir) == ["通知 00", "通知 01", "通知 02"]


def test_tasks_queued_before_a_redis_restart_all_run_once(mail_dir, tmp_path):
    emails = owe(5)
    with private_redis(tmp_path) as redis_server:
        client = client_of(redis_server.url)
        for email in emails:
            client.send_task(send_email.name, args=[str(email.pk)])
        client.close()
        redis_server.stop()
        redis_server.start()  # the append-only file gives the queue back

        urls = {"REDIS_URL": redis_server.url, "TEST_REDIS_URL": redis_server.url}
        with celery_worker(control_app=client_of(redis_server.url), **mail_env(mail_dir), **urls):
            assert wait_until_sent(5)

    assert sent_subjects(mail_dir) == [f"通知 {n:02d}" for n in range(5)]
