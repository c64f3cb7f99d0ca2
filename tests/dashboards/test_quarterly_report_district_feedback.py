"""The quarterly report at district level and the veterans' feedback in it (#20): a district
with figures gets its own stored report, counted from its own records (a city's own-level
records count in the city and in no district); the quarter's feedback is stored with every
scope's report (counts and means, no comment, no person) and read from there by the pages
and the exports; each role sees its own scopes only, on the web and in the API."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from dashboards.models import QuarterlyNotice, QuarterlyReport
from dashboards.services import quarterly_report_compute
from dashboards.tasks import quarterly_report
from jobs.models import Feedback
from tests import factories as f

pytestmark = pytest.mark.django_db

QUIET_DISTRICT = "110106"  # 丰台区: nothing happens there
COMMENT = "张三：工资按时发放，领导很照顾"


@pytest.fixture
def city_bureau(db):
    return f.BureauUserFactory(username="bureau_city", region=f.region(f.CITY_X))


@pytest.fixture
def district_quarter(quarter, enterprise_a, monkeypatch):
    """In the quarter: enterprise A's posts in district X (3 applications, a hire), at
    city X's own code (2 applications) and in the other district (1 application); veterans
    in district X and at city level; feedback about a job, a training and an event in
    district X and a job at city level. Then the report is computed."""
    moment = quarter.starts_at + datetime.timedelta(days=20)

    def post_in(code: str, applicants: int):
        post = f.JobPostFactory(
            branch=f.BranchFactory(enterprise=enterprise_a, region=f.region(code)),
            published_at=moment,
            submitted_at=moment - datetime.timedelta(days=1),
        )
        veterans = [
            f.VeteranProfileFactory(home_region=f.region(code), created_at=moment)
            for _ in range(applicants)
        ]
        for veteran in veterans:
            f.ApplicationFactory(post=post, veteran=veteran, created_at=moment)
        return post, veterans

    district_post, district_veterans = post_in(f.DISTRICT_X, 3)
    city_post, city_veterans = post_in(f.CITY_X, 2)
    post_in(f.OTHER_DISTRICT_X, 1)

    def hire_of(post, veteran, when=moment):
        return f.PlacementFactory(
            application=None, post=post, veteran=veteran, created_at=when, channel="direct"
        )

    hire = hire_of(district_post, district_veterans[0])
    city_hire = hire_of(city_post, city_veterans[0])
    answered = {"status": Feedback.Status.ANSWERED, "answered_at": moment}
    f.FeedbackFactory(placement=hire, score_1=5, score_2=4, comment=COMMENT, **answered)
    f.FeedbackFactory(placement=city_hire, score_1=1, score_2=2, **answered)
    institution = f.TrainingInstitutionFactory(
        name="朝阳职业培训学校", region=f.region(f.DISTRICT_X)
    )
    programme = f.TrainingProgrammeFactory(institution=institution, region=f.region(f.DISTRICT_X))
    enrolment = f.EnrolmentFactory(
        programme=programme,
        veteran=district_veterans[1],
        status="completed",
        completed_on=moment.date(),
    )
    Feedback.objects.create(
        veteran=enrolment.veteran, subject="training", enrolment=enrolment,
        institution=institution, region_id=f.DISTRICT_X, score_1=3, score_2=4, **answered,
    )  # fmt: skip
    event = f.RecruitmentEventFactory(title="朝阳区专场招聘会", region=f.region(f.DISTRICT_X))
    for veteran, score in ((district_veterans[1], 4), (district_veterans[2], 2)):
        Feedback.objects.create(
            veteran=veteran, subject="event", event=event, region_id=f.DISTRICT_X,
            score_1=score, score_2=score, **answered,
        )  # fmt: skip
    # A question still waiting, and one declined, count nowhere.
    earlier = hire_of(
        district_post, district_veterans[2], quarter.starts_at - datetime.timedelta(days=9)
    )
    f.FeedbackFactory(placement=earlier)
    quarterly_report_compute(quarter=quarter)
    return quarter


def _report(code, quarter) -> QuarterlyReport:
    return QuarterlyReport.objects.get(region_id=code, year=quarter.year, quarter=quarter.number)


# --- the figures ---------------------------------------------------------------------------


def test_quarterly_report_at_district_level_counts_the_districts_records_not_the_citys_own(
    district_quarter,
):
    district = _report(f.DISTRICT_X, district_quarter).figures["totals"]
    other = _report(f.OTHER_DISTRICT_X, district_quarter).figures["totals"]
    city = _report(f.CITY_X, district_quarter).figures["totals"]

    assert (district["applications"], district["posts_published"], district["veterans"]) == (
        3,
        1,
        3,
    )
    assert other["applications"] == 1
    # The city counts its districts' records and its own-level ones.
    assert city["applications"] == 3 + 2 + 1
    assert city["veterans"] == 6


def test_quarterly_report_district_enterprise_rows_are_the_districts_own(district_quarter):
    figures = _report(f.DISTRICT_X, district_quarter).figures
    (row,) = figures["enterprises"].values()
    assert row["name"] == "甲企业集团有限公司"
    assert row["applications"] == 3


def test_quarterly_report_stores_no_row_for_a_district_without_figures(district_quarter):
    assert not QuarterlyReport.objects.filter(region_id=QUIET_DISTRICT).exists()
    # A district's rows are only those with figures: never thousands of empty ones.
    districts = QuarterlyReport.objects.filter(region__level="district")
    assert set(districts.values_list("region_id", flat=True)) == {
        f.DISTRICT_X,
        f.OTHER_DISTRICT_X,
    }


def test_quarterly_report_district_feedback_is_counted_and_averaged_per_subject(
    district_quarter,
):
    feedback = _report(f.DISTRICT_X, district_quarter).figures["feedback"]

    assert feedback["answers"] == 4
    assert feedback["subjects"]["placement"] == {"answers": 1, "score_1": 5, "score_2": 4}
    assert feedback["subjects"]["training"] == {"answers": 1, "score_1": 3, "score_2": 4}
    assert feedback["subjects"]["event"] == {"answers": 2, "score_1": 3, "score_2": 3}
    assert [(row["name"], row["answers"]) for row in feedback["enterprises"]] == [
        ("甲企业集团有限公司", 1)
    ]
    assert [row["name"] for row in feedback["institutions"]] == ["朝阳职业培训学校"]
    assert [(row["name"], row["answers"]) for row in feedback["events"]] == [
        ("朝阳区专场招聘会", 2)
    ]
    assert feedback["regions"] == []  # nothing below a district


def test_quarterly_report_city_feedback_counts_its_own_level_and_lists_its_districts(
    district_quarter,
):
    feedback = _report(f.CITY_X, district_quarter).figures["feedback"]

    assert feedback["subjects"]["placement"] == {"answers": 2, "score_1": 3, "score_2": 3}
    (district,) = feedback["regions"]  # the city's own answer counts in no district
    assert district["code"] == f.DISTRICT_X
    assert district["answers"] == 4
    nation = _report(None, district_quarter).figures["feedback"]
    assert nation["answers"] == 5
    assert [row["code"] for row in nation["regions"]] == [f.PROVINCE_X]


def test_quarterly_report_feedback_keeps_no_comment_and_no_person(district_quarter, veteran):
    stored = json.dumps(
        list(QuarterlyReport.objects.values_list("figures", "overview")), ensure_ascii=False
    )
    assert "工资按时发放" not in stored
    assert "张三" not in stored
    assert '"veteran' not in stored.replace('"veterans', "")
    assert '"comment' not in stored


# --- the pages and the API, per role -------------------------------------------------------


def _district_page(quarter, code=f.DISTRICT_X) -> str:
    return f"{reverse('dashboards:region', kwargs={'code': code})}?quarter={quarter}"


def _export(name: str, quarter, scope: str) -> str:
    return reverse(f"dashboards:{name}", kwargs={"quarter": str(quarter), "scope": scope})


REGULATORS_OF_DISTRICT_X = ("ministry", "bureau_x", "city_bureau", "bureau_district")


@pytest.mark.parametrize("role", REGULATORS_OF_DISTRICT_X)
def test_quarterly_report_of_a_district_is_shown_to_the_regulators_above_it_and_its_own(
    role, request, browse, district_quarter
):
    client = browse(request.getfixturevalue(role))
    page = client.get(_district_page(district_quarter))

    assert page.status_code == 200
    assert page.context["report"]["totals"]["applications"] == 3
    html = page.content.decode()
    assert "朝阳职业培训学校" in html and "朝阳区专场招聘会" in html
    assert COMMENT not in html
    for name in ("report_xlsx", "report_csv", "report_print"):
        assert client.get(_export(name, district_quarter, f.DISTRICT_X)).status_code == 200
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_login(request.getfixturevalue(role))
    answer = api.get(
        reverse("api-quarterly-report", kwargs={"quarter": str(district_quarter),
                                                "scope": f.DISTRICT_X})
    )  # fmt: skip
    assert answer.status_code == 200
    assert answer.json()["figures"]["feedback"]["answers"] == 4


@pytest.mark.parametrize(
    ("role", "web", "api"),
    [
        ("bureau_y", 404, 404),  # another province's bureau
        ("hr_a", 404, 403),  # the API's role gate answers 403, as for every report
        ("veteran", 404, 403),
    ],
)
def test_quarterly_report_of_a_district_is_not_found_by_other_roles(
    role, web, api, request, browse, district_quarter
):
    user = request.getfixturevalue(role)
    user = getattr(user, "user", user)
    client = browse(user)
    assert client.get(_district_page(district_quarter)).status_code == web
    for name in ("report_xlsx", "report_csv", "report_print"):
        assert client.get(_export(name, district_quarter, f.DISTRICT_X)).status_code == web
    api_client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api_client.force_login(user)
    url = reverse(
        "api-quarterly-report", kwargs={"quarter": str(district_quarter), "scope": f.DISTRICT_X}
    )
    assert api_client.get(url).status_code == api


def test_quarterly_report_of_a_district_sends_the_anonymous_to_sign_in(client, district_quarter):
    page = client.get(_district_page(district_quarter))
    assert page.status_code == 302 and "login" in page["Location"]
    url = reverse(
        "api-quarterly-report", kwargs={"quarter": str(district_quarter), "scope": f.DISTRICT_X}
    )
    assert APIClient().get(url).status_code in (401, 403)


@pytest.mark.parametrize("scope", [f.OTHER_DISTRICT_X, f.CITY_X, f.PROVINCE_X, "nation", f.CITY_Y])
def test_quarterly_report_a_district_officer_finds_nothing_outside_its_district(
    scope, browse, bureau_district, district_quarter
):
    client = browse(bureau_district)
    for name in ("report_xlsx", "report_csv", "report_print"):
        assert client.get(_export(name, district_quarter, scope)).status_code == 404
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_login(bureau_district)
    url = reverse("api-quarterly-report", kwargs={"quarter": str(district_quarter), "scope": scope})
    assert api.get(url).status_code == 404
    if scope != "nation":
        assert client.get(_district_page(district_quarter, scope)).status_code == 404


def test_quarterly_report_a_district_officer_lands_on_its_districts_report(
    browse, bureau_district, district_quarter
):
    page = browse(bureau_district).get(reverse("dashboards:home"), follow=True)
    assert page.context["scope"].region.code == f.DISTRICT_X
    assert page.context["report"]["totals"]["applications"] == 3


def test_quarterly_report_a_quiet_district_says_nothing_was_recorded(
    browse, city_bureau, district_quarter
):
    page = browse(city_bureau).get(_district_page(district_quarter, QUIET_DISTRICT))
    assert page.status_code == 200
    assert page.context["report"] is None if "report" in page.context else True
    assert "Nothing was recorded in this district" in page.content.decode()
    export = browse(city_bureau).get(
        _export("report_csv", district_quarter, QUIET_DISTRICT), follow=True
    )
    assert "Nothing was recorded in" in export.content.decode()


def test_quarterly_report_the_city_drilldown_shows_the_districts_quarter(
    browse, city_bureau, district_quarter
):
    page = browse(city_bureau).get(_district_page(district_quarter, f.CITY_X))
    rows = {row["code"]: row for row in page.context["districts"]}
    assert (rows[f.DISTRICT_X]["posts_published"], rows[f.DISTRICT_X]["hires"]) == (1, 1)
    assert rows[QUIET_DISTRICT]["reported"] is False
    children = {row["code"]: row for row in page.context["children"]}
    assert set(children) == {f.DISTRICT_X, f.OTHER_DISTRICT_X}
    assert children[f.DISTRICT_X]["applications"] == 3


# --- the exports ---------------------------------------------------------------------------


def test_quarterly_report_district_xlsx_export_has_the_feedback_tables(
    browse, bureau_district, district_quarter
):
    response = browse(bureau_district).get(_export("report_xlsx", district_quarter, f.DISTRICT_X))
    workbook = load_workbook(io.BytesIO(response.content))

    assert {"Feedback", "Feedback by enterprise", "Feedback by institution"} <= set(
        workbook.sheetnames
    )
    subjects = workbook["Feedback"]
    assert [cell.value for cell in subjects[1]][:2] == ["About", "Answers"]
    assert [row[1].value for row in subjects.iter_rows(min_row=2)] == [1, 1, 2]
    events = workbook["Feedback by event"]
    assert [[cell.value for cell in row] for row in events.iter_rows(min_row=2)] == [
        ["朝阳区专场招聘会", 2, 3, 3]
    ]
    text = " ".join(
        str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
    )
    assert "工资按时发放" not in text


def test_quarterly_report_city_csv_export_has_the_district_and_feedback_tables(
    browse, city_bureau, district_quarter
):
    response = browse(city_bureau).get(_export("report_csv", district_quarter, f.CITY_X))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = [row[0] for row, before in zip(rows[1:], rows) if row and not before]
    assert "Districts and counties" in titles
    assert {"Feedback", "Feedback by region"} <= set(titles)
    start = rows.index(["Districts and counties"])
    assert rows[start + 2][0] == "Chaoyang District" and rows[start + 2][3] == "3"
    region = rows.index(["Feedback by region"])
    assert rows[region + 2][:2] == ["Chaoyang District", "4"]
    assert "工资按时发放" not in response.content.decode("utf-8-sig")


def test_quarterly_report_export_in_chinese_names_the_district_and_feedback_sheets(
    client, bureau_district, district_quarter
):
    client.force_login(bureau_district)
    response = client.get(
        _export("report_xlsx", district_quarter, f.DISTRICT_X), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"区县", "评价汇总", "评价（按招聘会）"} & set(workbook.sheetnames) == {
        "评价汇总",
        "评价（按招聘会）",
    }
    assert (
        "朝阳区" in response["Content-Disposition"]
        or "%E6%9C%9D" in response["Content-Disposition"]
    )


# --- the notices ---------------------------------------------------------------------------


def test_quarterly_notices_reach_a_district_bureau_once_when_the_task_runs_twice(
    quarter, enterprise_a, bureau_district, city_bureau, bureau_x, ministry, settings
):
    quiet_officer = f.BureauUserFactory(region=f.region(QUIET_DISTRICT))
    f.JobPostFactory(
        branch=f.BranchFactory(enterprise=enterprise_a, region=f.region(f.DISTRICT_X)),
        published_at=quarter.starts_at + datetime.timedelta(days=3),
    )
    quarterly_report.delay(str(quarter))
    quarterly_report.delay(str(quarter))

    notices = QuarterlyNotice.objects.filter(audience="bureau")
    per_region = {code: notices.filter(region_id=code).count() for code in
                  (f.DISTRICT_X, QUIET_DISTRICT, f.CITY_X, f.PROVINCE_X)}  # fmt: skip
    assert per_region == {f.DISTRICT_X: 1, QUIET_DISTRICT: 1, f.CITY_X: 1, f.PROVINCE_X: 1}
    district = notices.get(region_id=f.DISTRICT_X)
    assert district.figures["current"]["posts_published"] == 1
    # A district with no figures is told so, with zeros, ranked among the city's districts.
    quiet = notices.get(region_id=QUIET_DISTRICT)
    assert quiet.figures["current"]["posts_published"] == 0
    assert quiet.figures["peers"] == 2
    inbox = bureau_district.notifications.filter(kind="quarterly_notice")
    assert inbox.count() == 1
    assert quiet_officer.notifications.filter(kind="quarterly_notice").count() == 1


def test_quarterly_notices_of_a_district_are_its_officers_own(
    quarter, enterprise_a, bureau_district, city_bureau, browse
):
    f.JobPostFactory(
        branch=f.BranchFactory(enterprise=enterprise_a, region=f.region(f.DISTRICT_X)),
        published_at=quarter.starts_at + datetime.timedelta(days=3),
    )
    quarterly_report_compute(quarter=quarter)
    mine = QuarterlyNotice.objects.get(audience="bureau", region_id=f.DISTRICT_X)
    citys = QuarterlyNotice.objects.get(audience="bureau", region_id=f.CITY_X)

    client = browse(bureau_district)
    assert client.get(reverse("dashboards:notice_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("dashboards:notice_detail", args=[citys.pk])).status_code == 404
    city_client = browse(city_bureau)
    assert city_client.get(reverse("dashboards:notice_detail", args=[mine.pk])).status_code == 404
