"""Races between real threads, each on its own database connection (the tests that use
them run with ``django_db(transaction=True)``)."""

import threading

from django.db import connection
from django.test import Client


def race(calls, timeout: float = 120) -> tuple[list, list[BaseException]]:
    """Run the calls at once, one thread each; return their results and what they raised."""
    start, results, errors = threading.Barrier(len(calls)), [], []

    def run(call):
        try:
            connection.ensure_connection()  # connect before the start, so all go at once
            start.wait()
            results.append(call())
        except BaseException as exc:  # noqa: B036 - every failure is reported to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results, errors


def logged_in_clients(user, count: int) -> list[Client]:
    """One client per thread, sharing one session; a 500 is returned, not raised."""
    first = Client(raise_request_exception=False)
    first.force_login(user)
    clients = []
    for _ in range(count):
        client = Client(raise_request_exception=False)
        client.cookies = first.cookies
        clients.append(client)
    return clients
