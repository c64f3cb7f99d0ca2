"""How the quarterly report's rows are written: one COPY of every scope's JSON text and one
upsert (dashboards.services), which must store exactly the values the figures give."""

import json

import pytest
from django.db import connection

from dashboards import figures
from dashboards.models import QuarterlyReport
from dashboards.services import quarterly_report_compute
from enterprises.models import Enterprise
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
    stored = {
        column: json.loads(text) for column, text in figures.stored_json(scope_figures).items()
    }

    assert stored == {
        "figures": scope_figures,
        "totals": scope_figures["totals"],
        "overview": figures.overview(scope_figures),
    }
