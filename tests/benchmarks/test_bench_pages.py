"""manage.py bench_pages on the tiny demo: every page of the load test's mix answered, one
JSON line with each page's server time, its queries and its cost in trivial views."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_it_times_every_page_of_the_mix_against_the_trivial_view():
    call_command(
        "seed_demo", scale="tiny", seed=1, today=datetime.date(2026, 6, 1), stdout=io.StringIO()
    )
    out = io.StringIO()

    call_command("bench_pages", requests=2, stdout=out)

    (line,) = out.getvalue().splitlines()
    result = json.loads(line)
    pages = result["pages"]
    assert pages["/health/live/ (trivial)"]["trivial_views"] == 1.0
    for role in ("visitor", "veteran", "enterprise", "bureau"):
        assert any(name.startswith(f"{role}: ") for name in pages), role
    assert {"visitor: directory", "veteran: search", "bureau: follow-ups"} <= set(pages)
    assert all(page["p95_ms"] >= page["p50_ms"] > 0 for page in pages.values())
    assert pages["bureau: follow-ups"]["queries"] > 0


def test_it_asks_for_demo_data_first():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("bench_pages", requests=1, stdout=io.StringIO())
