"""The quarterly report computed on a small world, every figure of every scope compared
with the same figure counted in plain Python over the world's objects (tests/dashboards/world.py)."""

import pytest

from dashboards.figures import table_rows
from dashboards.models import EnterpriseQuarter, QuarterlyReport
from dashboards.services import quarterly_report_compute
from portal.reference.models import Region
from tests.dashboards.world import build_world, expected_report
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _same(stored, expected) -> bool:
    if expected is None or stored is None:
        return stored == expected
    if isinstance(expected, bool):
        return stored is expected
    return stored == pytest.approx(expected, abs=0.051)


def _differences(stored: dict, expected: dict, where: str) -> list[str]:
    return [
        f"{where}.{name}: stored {stored.get(name)!r}, counted {value!r}"
        for name, value in expected.items()
        if not _same(stored.get(name), value)
    ]


def _compare_scope(stored: dict, expected: dict, scope) -> list[str]:
    problems = _differences(stored["totals"], expected["totals"], f"{scope}.totals")
    for kind in ("batches", "enterprises"):
        if set(stored[kind]) != set(expected[kind]):
            problems.append(
                f"{scope}.{kind}: stored {sorted(stored[kind])}, counted {sorted(expected[kind])}"
            )
            continue
        for pk, row in expected[kind].items():
            problems += _differences(stored[kind][pk], row, f"{scope}.{kind}[{pk}]")
    return problems


def test_every_figure_of_every_scope_matches_an_independent_count(world):
    quarterly_report_compute(quarter=world["quarter"])
    expected = expected_report(world["quarter"])

    problems = []
    for report in QuarterlyReport.objects.all():
        if report.region_id in expected:
            problems += _compare_scope(report.figures, expected[report.region_id], report.region_id)
    assert problems == []


def test_the_world_exercises_every_kind_of_figure(world):
    """Guards the comparison above against a world where most figures are zero."""
    expected = expected_report(world["quarter"])
    totals = expected[None]["totals"]

    empty = [name for name, value in totals.items() if value in (0, None) and name != "behind"]
    assert empty == [], f"figures the world never exercises: {empty}"
    flags = {row["behind"] for row in expected[None]["enterprises"].values()}
    assert flags == {True, False}
    assert {row["behind"] for row in expected[None]["batches"].values()} == {True, False}


def test_scopes_without_any_activity_are_stored_with_zeros(world):
    quarterly_report_compute(quarter=world["quarter"])
    expected = expected_report(world["quarter"])

    quiet = QuarterlyReport.objects.exclude(region_id__in=[s for s in expected if s]).exclude(
        region=None
    )
    report = quiet.first()
    assert report.figures["totals"]["applications"] == 0
    assert report.figures["enterprises"] == {}


def test_a_report_is_stored_for_the_nation_every_province_and_city_and_districts_with_figures(
    world,
):
    quarterly_report_compute(quarter=world["quarter"])

    regions = Region.objects.filter(level__in=("province", "city")).count()
    districts = set(
        QuarterlyReport.objects.filter(region__level="district").values_list("region_id", flat=True)
    )
    assert districts == {"440305", "110105", "440106"}  # the world's districts, and a bureau's
    assert QuarterlyReport.objects.count() == regions + 1 + len(districts)
    assert QuarterlyReport.objects.filter(region=None).count() == 1


def test_a_second_run_replaces_the_report_and_never_duplicates(world):
    quarterly_report_compute(quarter=world["quarter"])
    first = dict(QuarterlyReport.objects.values_list("region_id", "id"))
    QuarterlyReport.objects.filter(region=None).update(figures={"stale": True})

    quarterly_report_compute(quarter=world["quarter"])

    assert dict(QuarterlyReport.objects.values_list("region_id", "id")) == first
    assert "totals" in QuarterlyReport.objects.get(region=None).figures


def test_the_columns_dashboards_read_repeat_the_stored_figures(world):
    quarterly_report_compute(quarter=world["quarter"])

    for report in QuarterlyReport.objects.all():
        table = table_rows(report.overview["enterprise_table"])
        assert report.totals == report.figures["totals"]
        assert report.overview["batches"] == report.figures["batches"]
        assert {str(row["id"]): row["hires"] for row in table} == {
            pk: row["hires"] for pk, row in report.figures["enterprises"].items()
        }


def test_each_enterprise_gets_its_nationwide_row_once_per_quarter(world):
    quarterly_report_compute(quarter=world["quarter"])
    nation = QuarterlyReport.objects.get(region=None).figures["enterprises"]
    gone = EnterpriseQuarter.objects.create(
        year=world["quarter"].year, quarter=world["quarter"].number, enterprise=EnterpriseFactory()
    )

    quarterly_report_compute(quarter=world["quarter"])

    rows = {str(row.enterprise_id): row.figures for row in EnterpriseQuarter.objects.all()}
    assert rows == nation
    assert not EnterpriseQuarter.objects.filter(pk=gone.pk).exists()


STARTUP_FIGURES = (
    "startups_declared",
    "startups_confirmed",
    "startup_jobs",
    "startup_veteran_jobs",
    "mentor_pairs",
    *(
        f"{kind}_{measure}"
        for kind in ("loans", "subsidies")
        for measure in ("assisted", "assisted_amount", "granted", "granted_amount")
    ),
)


def test_the_entrepreneurship_figures_of_every_scope_match_an_independent_count(world):
    quarterly_report_compute(quarter=world["quarter"])
    expected = expected_report(world["quarter"])

    stored = {
        report.region_id: {name: report.totals[name] for name in STARTUP_FIGURES}
        for report in QuarterlyReport.objects.all()
        if report.region_id in expected
    }
    counted = {
        scope: {name: figures["totals"][name] for name in STARTUP_FIGURES}
        for scope, figures in expected.items()
    }
    assert stored == counted
    assert all(counted[None][name] > 0 for name in STARTUP_FIGURES)
