"""Timing helpers the bench commands share."""

import time


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
