"""How the quarterly report's rows are written: one COPY of every scope's JSON text and one
upsert (dashboards.services), which must store exactly the values the figures give."""

import datetime
import json

import pytest
from django.db import connection

from dashboards import blocks, figures
from dashboards.models import QuarterlyReport
from dashboards.services import quarterly_report_compute
from enterprises.models import Enterprise
from tests import factories as f
from tests.dashboards.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_each_stored_row_holds_the_figures_totals_and_overview_computed_for_its_scope(world):
    expected = figures.every_scope(world["quarter"])

    quarterly_report_compute(quarter=world["quarter"])

    stored = {report.region_id: report for report in QuarterlyReport.objects.all()}
    assert set(stored) == set(expected)
    for scope, scope_figures in expected.items():
        assert stored[scope].figures == scope_figures
        assert stored[scope].totals == scope_figures["totals"]
        assert stored[scope].overview == figures.overview(scope_figures)


def test_names_with_tabs_backslashes_quotes_and_chinese_reach_the_report_as_written(world):
    enterprise = Enterprise.objects.order_by("pk").first()
    name = '甲\t乙\\丙 "丁"\n戊'
    # Straight into the row: the name field takes tabs and line ends out of what it saves,
    # and the COPY text format must carry them (and the backslash) all the same.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Enterprise._meta.db_table} SET name = %s WHERE id = %s", [name, enterprise.pk]
        )

    quarterly_report_compute(quarter=world["quarter"])

    nation = QuarterlyReport.objects.get(region=None)
    assert nation.figures["enterprises"][str(enterprise.pk)]["name"] == name


def test_stored_json_splices_the_shared_parts_into_the_same_values_as_encoding_each_column():
    scope_figures = {
        "totals": {"hires": 3, "conversion": 0.25, "median_days_to_hire": None},
        "batches": {"7": {"number": 3, "name": "第三批", "hires": 3}},
        "enterprises": {"5": {"name": "甲公司", "hires": 3, "behind": False}},
        "modes": {},
        "industries": {"C": {"code": "C", "name": "制造业", "hires": 1}},
        "feedback": {
            "answers": 0,
            "subjects": {},
            "enterprises": [],
            "institutions": [],
            "events": [],
            "regions": [],
        },
    }
    text = figures.stored_json(scope_figures)
    stored = {column: json.loads(value) for column, value in text.items()}

    read = {
        column: blocks.restored(value, "block" if column == "totals" else column)
        for column, value in stored.items()
    }
    assert read == {
        "figures": blocks.restored(scope_figures, "figures"),
        "totals": blocks.full_block(scope_figures["totals"]),
        "overview": blocks.restored(figures.overview(scope_figures), "overview"),
    }
    # What is at its default is left out of the text, and only that.
    assert stored["totals"] == {"hires": 3, "conversion": 0.25}
    assert stored["figures"]["enterprises"] == {"5": {"name": "甲公司", "hires": 3}}
    assert stored["overview"]["industries"] == {"C": {"code": "C", "name": "制造业", "hires": 1}}


def test_the_stored_rows_leave_out_the_measures_at_their_default_and_read_back_whole(world):
    quarterly_report_compute(quarter=world["quarter"])

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT region_id, figures, totals FROM {QuarterlyReport._meta.db_table}")
        rows = cursor.fetchall()
    every_block = [
        block
        for _region, text, totals in rows
        for block in (json.loads(totals), *json.loads(text)["enterprises"].values())
    ]
    for block in every_block:
        for name, value in block.items():
            if name in blocks.DEFAULTS:
                default = blocks.DEFAULTS[name]
                assert value != default or type(value) is not type(default), name
    left_out = sum(name not in block for block in every_block for name in blocks.DEFAULTS)
    assert left_out > 0
    for region, _text, totals in rows:
        report = QuarterlyReport.objects.get(region=region)
        assert report.totals == {**blocks.DEFAULTS, **json.loads(totals)}
        for row in report.figures["enterprises"].values():
            assert set(blocks.DEFAULTS) <= set(row)


def test_a_row_stored_whole_reads_the_same():
    whole = {**blocks.DEFAULTS, "hires": 2, "pledge_expected": 1.5, "behind": True}

    assert blocks.full_block(whole) == whole
    assert blocks.full_block(blocks.sparse_block(whole)) == whole
    assert blocks.sparse_block(whole) == {"hires": 2, "pledge_expected": 1.5, "behind": True}


def test_a_share_of_nought_and_a_median_of_nought_days_are_kept_apart_from_no_value():
    block = {**blocks.DEFAULTS, "conversion": 0.0, "median_days_to_hire": 0.0, "applications": 4}

    kept = blocks.sparse_block(block)

    assert kept == {"conversion": 0.0, "median_days_to_hire": 0.0, "applications": 4}
    assert blocks.full_block(kept)["conversion"] == 0.0
    assert blocks.full_block(kept)["retention_3"] is None


def test_a_county_level_city_under_its_province_is_one_scope_written_once(world):
    """Xiantao (429004) is on the city level with a district's code."""
    moment = world["quarter"].starts_at + datetime.timedelta(days=3)
    f.JobPostFactory(
        branch=f.BranchFactory(region=f.region("429004")),
        openings=2,
        published_at=moment,
        submitted_at=moment - datetime.timedelta(days=1),
    )

    result = quarterly_report_compute(quarter=world["quarter"])

    xiantao = QuarterlyReport.objects.get(region_id="429004")
    assert xiantao.totals["posts_published"] == 1
    assert result["scopes"] == QuarterlyReport.objects.count()
    hubei = figures.every_scope(world["quarter"])["420000"]
    assert hubei["totals"]["posts_published"] == 1


def test_a_block_with_nothing_in_it_is_exactly_the_defaults_the_storage_leaves_out():
    """finish_block names the measures and blocks.DEFAULTS their defaults: one list."""
    empty = figures.finish_block({})

    assert empty == blocks.DEFAULTS
    assert list(empty) == list(blocks.DEFAULTS)
    assert blocks.sparse_block(empty) == {}
