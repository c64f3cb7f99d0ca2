"""Timing helpers the bench commands share."""

import time

from django.conf import settings
from django.test import override_settings


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def timed(call) -> tuple[float, object]:
    """Seconds ``call()`` took, and what it returned."""
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def in_process():
    """Settings for timing pages with the test client on a checkout with DEBUG off: static
    URLs without a collectstatic manifest (as in tests/settings.py), and the client's host."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], STORAGES=storages
    )
