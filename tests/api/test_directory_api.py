"""The public directory, an enterprise's public page and a released batch through the API,
the quarterly report of a scope the caller may see, and the commendation lists with the
ministry's decisions: the same selectors and services, and the same refusals, as the pages."""

import datetime

import pytest
from django.utils import timezone

from dashboards.quarters import Quarter
from dashboards.services import quarterly_report_compute
from enterprises.models import Agreement, Commendation
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def released(db):
    return f.BatchFactory(number=3, released_on=TODAY() - datetime.timedelta(days=1))


@pytest.fixture
def unreleased(db):
    return f.BatchFactory(number=4, released_on=TODAY() + datetime.timedelta(days=1))


@pytest.fixture
def cooperative(enterprise_a, released):
    f.AgreementFactory(
        enterprise=enterprise_a,
        batch=released,
        pledged_posts=80,
        cooperation_mode=Agreement.CooperationMode.TRAINING,
    )
    return enterprise_a


def commendation(enterprise, kind="commendation", status="confirmed") -> Commendation:
    return Commendation.objects.create(
        enterprise=enterprise,
        kind=kind,
        status=status,
        year=2025,
        quarter=4,
        period_ends_on=datetime.date(2025, 12, 31),
        note="" if status == "proposed" else "成效突出",
    )


# --- the public directory -----------------------------------------------------------------


def test_anyone_lists_the_directory_of_cooperative_enterprises(
    api, cooperative, enterprise_b, unreleased
):
    f.AgreementFactory(enterprise=enterprise_b, batch=unreleased)
    commendation(cooperative)
    commendation(cooperative, kind="warning")
    answer = api().get("/api/v1/cooperation/enterprises/")
    assert answer.status_code == 200
    [row] = answer.json()["results"]
    assert (row["id"], row["batches"], row["cooperation_modes"]) == (
        cooperative.pk,
        [3],
        ["training"],
    )
    assert [c["period"] for c in row["commendations"]] == ["2025Q4"]


def test_the_directory_api_filters_as_the_page_does(api, cooperative, enterprise_b, released):
    f.AgreementFactory(enterprise=enterprise_b, batch=released, cooperation_mode="regional")
    url = "/api/v1/cooperation/enterprises/"

    def ids(**params):
        return [row["id"] for row in api().get(url, params).json()["results"]]

    assert ids(mode="regional") == [enterprise_b.pk]
    assert ids(province=f.PROVINCE_X) == [cooperative.pk]
    assert set(ids(batch=released.pk)) == {cooperative.pk, enterprise_b.pk}
    answer = api().get(url, {"batch": 999})
    assert answer.status_code == 400


def test_the_directory_api_reads_an_enterprise_public_page(api, cooperative, veteran):
    branch = f.BranchFactory(enterprise=cooperative, name="北京分公司")
    f.JobPostFactory(branch=branch, title="安保主管")
    answer = api(veteran).get(f"/api/v1/cooperation/enterprises/{cooperative.pk}/")
    assert answer.status_code == 200
    body = answer.json()
    assert [b["name"] for b in body["branches"]] == ["北京分公司"]
    assert [p["title"] for p in body["open_posts"]] == ["安保主管"]
    assert (body["posts_published"], body["posts_verified_genuine"]) == (1, 0)


def test_the_directory_api_does_not_find_an_enterprise_of_an_unreleased_batch(
    api, enterprise_b, unreleased
):
    f.AgreementFactory(enterprise=enterprise_b, batch=unreleased)
    assert api().get(f"/api/v1/cooperation/enterprises/{enterprise_b.pk}/").status_code == 404


def test_the_directory_api_reads_a_released_batch_and_not_an_unreleased_one(
    api, cooperative, released, unreleased, ministry
):
    body = api().get(f"/api/v1/cooperation/batches/{released.number}/").json()
    assert [p["enterprise"] for p in body["pledges"]] == [cooperative.pk]
    assert body["by_province"] == [{"code": f.PROVINCE_X, "pledged_posts": 80}]
    assert body["by_industry"] == [{"code": "I", "pledged_posts": 80}]
    for client in (api(), api(ministry)):
        answer = client.get(f"/api/v1/cooperation/batches/{unreleased.number}/")
        assert answer.status_code == 404


def test_the_batch_list_shows_the_public_only_released_batches(
    api, released, unreleased, ministry, veteran
):
    def numbers(client):
        return [row["number"] for row in client.get("/api/v1/batches/").json()["results"]]

    assert numbers(api()) == numbers(api(veteran)) == [3]
    assert numbers(api(ministry)) == [3, 4]


# --- the quarterly report -----------------------------------------------------------------


@pytest.fixture
def report(enterprise_a):
    quarter = Quarter.current().previous
    f.AgreementFactory(enterprise=enterprise_a, batch=f.BatchFactory(number=5))
    quarterly_report_compute(quarter=quarter)
    return quarter


def test_the_ministry_reads_the_nation_quarterly_report_in_json(api, ministry, report):
    answer = api(ministry).get(f"/api/v1/reports/{report}/nation/")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["quarter"], body["scope"]) == (str(report), "nation")
    assert body["figures"]["totals"]["pledged"] == 100


def test_a_bureau_reads_the_quarterly_report_of_its_province_only(api, bureau_x, report):
    assert api(bureau_x).get(f"/api/v1/reports/{report}/{f.PROVINCE_X}/").status_code == 200
    assert api(bureau_x).get(f"/api/v1/reports/{report}/{f.CITY_X}/").status_code == 200
    assert api(bureau_x).get(f"/api/v1/reports/{report}/{f.PROVINCE_Y}/").status_code == 404
    assert api(bureau_x).get(f"/api/v1/reports/{report}/nation/").status_code == 404


def test_a_quarterly_report_not_computed_or_garbled_is_not_found(api, ministry, report):
    assert api(ministry).get(f"/api/v1/reports/{report.next}/nation/").status_code == 404
    assert api(ministry).get("/api/v1/reports/2026Q9/nation/").status_code == 404


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_the_quarterly_report_api_refuses_veterans_and_enterprises(api, persona, report):
    assert api(persona).get(f"/api/v1/reports/{report}/nation/").status_code == 403


def test_the_quarterly_report_api_refuses_the_anonymous(api, report):
    assert api().get(f"/api/v1/reports/{report}/nation/").status_code == 403


# --- commendations ------------------------------------------------------------------------


def test_the_ministry_lists_every_commendation_entry_by_period_and_kind(
    api, ministry, enterprise_a, enterprise_b
):
    commendation(enterprise_a, status="proposed")
    commendation(enterprise_b, kind="warning", status="proposed")
    rows = api(ministry).get("/api/v1/commendations/", {"period": "2025Q4"}).json()["results"]
    assert len(rows) == 2
    warnings = api(ministry).get("/api/v1/commendations/", {"kind": "warning"}).json()
    assert [row["enterprise"] for row in warnings["results"]] == [enterprise_b.pk]
    assert api(ministry).get("/api/v1/commendations/", {"period": "2024"}).json()["results"] == []


def test_a_bureau_lists_only_the_confirmed_commendation_entries_of_its_region(
    api, bureau_x, enterprise_a, enterprise_b
):
    mine = commendation(enterprise_a, kind="warning")
    commendation(enterprise_b, kind="warning")
    commendation(enterprise_a, status="proposed")
    rows = api(bureau_x).get("/api/v1/commendations/").json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_the_commendation_list_api_refuses_veterans_and_enterprises(api, persona):
    assert api(persona).get("/api/v1/commendations/").status_code == 403


def test_the_ministry_confirms_and_dismisses_a_commendation_through_the_api(
    api, ministry, enterprise_a
):
    entry = commendation(enterprise_a, status="proposed")
    answer = api(ministry).post(
        f"/api/v1/commendations/{entry.pk}/confirm/", {"note": "成效突出"}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["status"] == "confirmed"
    answer = api(ministry).post(
        f"/api/v1/commendations/{entry.pk}/dismiss/", {"note": "复核撤销"}, format="json"
    )
    assert answer.json()["status"] == "dismissed"
    answer = api(ministry).post(
        f"/api/v1/commendations/{entry.pk}/dismiss/", {"note": "再次"}, format="json"
    )
    assert answer.status_code == 409
    entry.refresh_from_db()
    assert (entry.status, entry.note) == ("dismissed", "复核撤销")


def test_a_commendation_decision_without_a_note_is_refused_through_the_api(
    api, ministry, enterprise_a
):
    entry = commendation(enterprise_a, status="proposed")
    answer = api(ministry).post(f"/api/v1/commendations/{entry.pk}/confirm/", {}, format="json")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "note"
    entry.refresh_from_db()
    assert entry.status == "proposed"


@pytest.mark.parametrize(
    "persona, code", [("veteran", 403), ("hr_a", 403), ("bureau_x", 404)], indirect=["persona"]
)
def test_a_commendation_decision_through_the_api_is_refused_to_all_but_the_ministry(
    api, persona, code, enterprise_a
):
    entry = commendation(enterprise_a, status="proposed")
    answer = api(persona).post(
        f"/api/v1/commendations/{entry.pk}/confirm/", {"note": "确认"}, format="json"
    )
    assert answer.status_code == code
    entry.refresh_from_db()
    assert entry.status == "proposed"


def test_the_ministry_adds_a_commendation_through_the_api(api, ministry, enterprise_b):
    data = {
        "kind": "commendation",
        "period": "2025",
        "credit_code": enterprise_b.credit_code,
        "note": "年度表现突出",
    }
    answer = api(ministry).post("/api/v1/commendations/add/", data, format="json")
    assert answer.status_code == 201
    assert (answer.json()["period"], answer.json()["quarter"]) == ("2025", None)
    answer = api(ministry).post("/api/v1/commendations/add/", data, format="json")
    assert answer.status_code == 409
    bad = api(ministry).post(
        "/api/v1/commendations/add/", {**data, "credit_code": "X"}, format="json"
    )
    assert bad.status_code == 400
    assert Commendation.objects.count() == 1
