"""Quarters in Beijing time, and numbers as the ministry prints them."""

import datetime

import pytest
from django.utils import translation

from dashboards.quarters import Quarter
from portal.formatting import percent, thousands


def test_a_quarter_reads_like_2026q3():
    assert Quarter.parse("2026q3") == Quarter(2026, 3)


@pytest.mark.parametrize("text", ["2026Q5", "2026", "Q3", "", "2026Q3 ; drop"])
def test_anything_else_is_not_a_quarter(text):
    with pytest.raises(ValueError):
        Quarter.parse(text)


def test_a_quarter_starts_and_ends_at_beijing_midnight():
    quarter = Quarter(2026, 3)

    assert quarter.starts_at.isoformat() == "2026-07-01T00:00:00+08:00"
    assert quarter.ends_at.isoformat() == "2026-10-01T00:00:00+08:00"
    assert quarter.last_day == datetime.date(2026, 9, 30)


def test_the_quarter_before_the_first_is_the_last_of_the_year_before():
    assert Quarter(2026, 1).previous == Quarter(2025, 4)
    assert Quarter(2025, 4).next == Quarter(2026, 1)


def test_quarters_back_are_listed_oldest_first():
    assert [str(q) for q in Quarter(2026, 2).back(3)] == ["2025Q4", "2026Q1", "2026Q2"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_numbers_get_thousands_separators_in_both_languages(language):
    with translation.override(language):
        assert thousands(124000) == "124,000"
        assert thousands(1234.56, 1) == "1,234.6"


def test_a_missing_figure_shows_a_dash():
    assert thousands(None) == "—"
    assert percent(None) == "—"


def test_a_share_shows_as_a_percentage():
    assert percent(0.1234) == "12.3%"
