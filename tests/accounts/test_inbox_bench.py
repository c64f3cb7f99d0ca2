"""manage.py bench_inbox on a small fill: one JSON line with the figures and the plans."""

import io
import json

import pytest
from django.core.management import call_command

from portal.accounts.models import Notification, User

pytestmark = pytest.mark.django_db


def test_inbox_bench_fills_once_and_prints_one_json_line():
    out = io.StringIO()

    call_command("bench_inbox", users=30, per_user=4, samples=5, stdout=out, stderr=io.StringIO())
    call_command("bench_inbox", users=30, per_user=4, samples=5, stdout=io.StringIO())

    (line,) = out.getvalue().splitlines()
    result = json.loads(line)
    assert (result["users"], result["notifications"], Notification.objects.count()) == (
        30,
        120,
        120,
    )
    assert result["unread_count_p95_ms"] >= result["unread_count_p50_ms"] > 0
    assert result["inbox_page_p95_ms"] > 0 and result["baseline_unread_count_ms"] > 0
    assert "accounts_user" in result["plans"]["unread_count"]  # the counter on the user row
    assert "accounts_notification" in result["plans"]["inbox_page"]
    assert User.objects.filter(username__startswith="bench-inbox-").count() == 30


def test_inbox_bench_refuses_a_partial_fill_without_clear():
    call_command("bench_inbox", users=10, per_user=1, samples=2, stdout=io.StringIO())

    with pytest.raises(Exception, match="--clear"):
        call_command("bench_inbox", users=20, per_user=1, samples=2, stdout=io.StringIO())
