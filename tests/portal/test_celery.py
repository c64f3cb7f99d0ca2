"""portal/celery.py: exactly one Celery beat runs, held by a lock in Redis."""

import subprocess
import sys
import threading
import time

import pytest
import redis
from django.conf import settings

from portal.celery import BEAT_LOCK
from tests.workers import _worker_env

STANDBY = f"Another Celery beat holds {BEAT_LOCK}; this one waits as a standby."

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def start_beat(tmp_path, name: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "beat", "-l", "info"]
        + ["--schedule", str(tmp_path / f"{name}-schedule")],
        env=_worker_env(),
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


class Output:
    """Collects a process's output as it comes, so a test can wait for a line without
    blocking on the pipe (a slow start under load must not pass for a missing line)."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line)

    def wait_for(self, text: str, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return True
            time.sleep(0.2)
        return False


def wait_for_lock(client, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.exists(BEAT_LOCK):
            return True
        time.sleep(0.2)
    return False


def test_a_second_beat_waits_as_a_standby_and_takes_over_when_the_first_stops(tmp_path):
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(BEAT_LOCK)
    first = start_beat(tmp_path, "first")
    second = None
    try:
        assert wait_for_lock(client), "the first beat took no lock"
        held_by_first = client.get(BEAT_LOCK)
        second = start_beat(tmp_path, "second")
        output = Output(second)
        assert output.wait_for(STANDBY), "the second beat did not say it waits"
        assert second.poll() is None  # waiting, not gone
        assert client.get(BEAT_LOCK) == held_by_first

        first.terminate()
        first.communicate(timeout=30)
        deadline = time.monotonic() + 30
        while client.get(BEAT_LOCK) in (None, held_by_first) and time.monotonic() < deadline:
            time.sleep(0.2)

        assert client.get(BEAT_LOCK) not in (None, held_by_first)  # the standby took it over
        assert second.poll() is None
    finally:
        if first.poll() is None:
            first.kill()
        if second is not None:
            second.terminate()
            second.wait(timeout=30)
    assert not client.exists(BEAT_LOCK)  # released on a clean stop: a new beat starts at once


def test_the_beat_schedule_cleans_sessions_and_the_login_log():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {
        "portal.accounts.tasks.sessions_clear_expired",
        "portal.accounts.tasks.login_log_prune",
    } <= tasks
