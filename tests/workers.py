"""A real Celery worker in a subprocess, for the tests that need one."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

from portal.celery import app


def _worker_env() -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.settings")
    # The worker must see the test database, not the development one.
    db = connection.settings_dict
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env["REDIS_URL"] = settings.REDIS_URL
    env["TEST_REDIS_URL"] = settings.REDIS_URL
    env["CELERY_TASK_ALWAYS_EAGER"] = "0"
    return env


def wait_for_ping(timeout: float = 30.0, control_app=None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (control_app or app).control.ping(timeout=0.5):
            return True
    return False


@contextmanager
def celery_worker(concurrency: int = 1, control_app=None, *, ping_timeout: float = 30.0, **env):
    """A worker subprocess; `env` adds environment variables (CELERY_VISIBILITY_TIMEOUT=...).
    It leads its own process group, so kill_worker() can take its pool children down too.
    `control_app`: the Celery app that pings it, when it listens to another broker."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "-l",
            "warning",
            "--concurrency",
            str(concurrency),
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        env={**_worker_env(), **env},
        cwd=settings.BASE_DIR,
        start_new_session=True,
    )
    try:
        if not wait_for_ping(ping_timeout, control_app=control_app):
            raise RuntimeError(f"the Celery worker did not answer a ping within {ping_timeout} s")
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


def kill_worker(process) -> None:
    """kill -9 the worker and its pool processes, as a machine failure would."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
