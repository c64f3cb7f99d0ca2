"""The quarterly report split by cooperation mode (figures, dashboard, printable page and
exports), and industry cooperation's pledges by industry."""

import datetime

import pytest
from django.urls import reverse

from dashboards.models import QuarterlyReport
from dashboards.services import quarterly_report_compute
from enterprises.models import Agreement
from tests import factories as f

pytestmark = pytest.mark.django_db
MODE = Agreement.CooperationMode


@pytest.fixture
def modes_reported(enterprise_a, enterprise_b, quarter):
    f.AgreementFactory(enterprise=enterprise_a, cooperation_mode=MODE.TRAINING, pledged_posts=40)
    f.AgreementFactory(enterprise=enterprise_a, cooperation_mode=MODE.INDUSTRY, pledged_posts=30)
    f.AgreementFactory(enterprise=enterprise_b, cooperation_mode=MODE.INDUSTRY, pledged_posts=20)
    f.AgreementFactory(enterprise=enterprise_b, cooperation_mode=MODE.REGIONAL, pledged_posts=5)
    quarterly_report_compute(quarter=quarter)
    return quarter


def _nation(quarter) -> dict:
    return QuarterlyReport.objects.get(
        region=None, year=quarter.year, quarter=quarter.number
    ).figures


def test_cooperation_mode_report_splits_the_pledges_by_mode(modes_reported):
    modes = _nation(modes_reported)["modes"]

    assert {mode: row["pledged"] for mode, row in modes.items()} == {
        "training": 40,
        "industry": 50,
        "regional": 5,
    }
    assert (
        sum(row["pledged"] for row in modes.values())
        == _nation(modes_reported)["totals"]["pledged"]
    )


def test_cooperation_mode_industry_cooperation_is_counted_by_industry(
    modes_reported, enterprise_a, enterprise_b
):
    industries = _nation(modes_reported)["industries"]

    expected = {}
    for enterprise, pledged in ((enterprise_a, 30), (enterprise_b, 20)):
        expected[enterprise.industry_id] = expected.get(enterprise.industry_id, 0) + pledged
    assert {code: row["pledged"] for code, row in industries.items()} == expected


def test_cooperation_mode_table_is_on_the_ministrys_dashboard_and_printable_report(
    modes_reported, client, ministry
):
    client.force_login(ministry)

    dashboard = client.get(
        reverse("dashboards:nation"), {"quarter": str(modes_reported)}
    ).content.decode()
    printed = client.get(
        reverse(
            "dashboards:report_print", kwargs={"quarter": str(modes_reported), "scope": "nation"}
        )
    ).content.decode()

    for page in (dashboard, printed):
        assert "By cooperation mode" in page
        assert "Training cooperation" in page and "Regional cooperation" in page
        assert "Industry cooperation by industry" in page


def test_cooperation_mode_table_is_in_the_csv_export(modes_reported, client, ministry):
    client.force_login(ministry)

    response = client.get(
        reverse("dashboards:report_csv", kwargs={"quarter": str(modes_reported), "scope": "nation"})
    )

    text = response.content.decode("utf-8-sig")
    assert "Cooperation modes" in text and "Training cooperation,40" in text


def test_cooperation_mode_bureau_sees_only_its_own_scopes_split(modes_reported, client, bureau_y):
    client.force_login(bureau_y)

    response = client.get(
        reverse(
            "dashboards:report_print", kwargs={"quarter": str(modes_reported), "scope": "nation"}
        )
    )

    assert response.status_code == 404


def test_cooperation_mode_training_counts_interview_guarantees(
    enterprise_a, quarter, client, ministry
):
    """Training cooperation's row counts the interviews its linked training guaranteed by
    the quarter's end, and how many of them were still owed then."""
    from jobs.models import InterviewGuarantee

    training = f.AgreementFactory(enterprise=enterprise_a, cooperation_mode=MODE.TRAINING)
    f.AgreementFactory(enterprise=enterprise_a, cooperation_mode=MODE.INDUSTRY)
    moment = quarter.starts_at + datetime.timedelta(days=10)
    for status in ("given", "given", "owed"):
        enrolment = f.EnrolmentFactory(status="completed", completed_on=moment.date())
        InterviewGuarantee.objects.create(
            agreement=training,
            enrolment=enrolment,
            veteran=enrolment.veteran,
            status=status,
            created_at=moment,
            given_at=moment if status == "given" else None,
        )
    quarterly_report_compute(quarter=quarter)
    modes = _nation(quarter)["modes"]
    assert (modes["training"]["interviews_guaranteed"], modes["training"]["interviews_owed"]) == (
        3,
        1,
    )
    assert "interviews_guaranteed" not in modes["industry"]
    client.force_login(ministry)
    page = client.get(reverse("dashboards:nation"), {"quarter": str(quarter)}).content.decode()
    assert "Interviews guaranteed by linked training" in page


def test_cooperation_mode_training_interview_guarantee_lapsed_after_the_quarter_was_owed_in_it(
    enterprise_a, quarter
):
    """A guarantee that lapsed with its agreement after the quarter's end was still owed at
    that end; one that lapsed within the quarter was owed no more."""
    from jobs.models import InterviewGuarantee

    training = f.AgreementFactory(enterprise=enterprise_a, cooperation_mode=MODE.TRAINING)
    moment = quarter.starts_at + datetime.timedelta(days=10)
    for lapsed_at in (moment + datetime.timedelta(days=1), quarter.ends_at):
        enrolment = f.EnrolmentFactory(status="completed", completed_on=moment.date())
        InterviewGuarantee.objects.create(
            agreement=training,
            enrolment=enrolment,
            veteran=enrolment.veteran,
            status="lapsed",
            created_at=moment,
            lapsed_at=lapsed_at,
        )
    quarterly_report_compute(quarter=quarter)
    training_row = _nation(quarter)["modes"]["training"]
    assert (training_row["interviews_guaranteed"], training_row["interviews_owed"]) == (2, 1)
