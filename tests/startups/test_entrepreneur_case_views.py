"""The case record's pages: the bureau of the entrepreneur's region works them, another
bureau finds nothing (404), the veteran reads their own record without the bureau's
internal notes and follow-ups; lists cost the same queries however many rows they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from startups import cases
from startups.models import CaseContact, EntrepreneurCase, SupportApplication
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def startup(veteran):
    return f.StartUpFactory(founder=veteran)


@pytest.fixture
def case(startup, bureau_x):
    return cases.case_open(startup=startup, officer=bureau_x)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_bureau_starts_an_entrepreneur_case_from_the_startup_page(browse, startup, bureau_x):
    client = browse(bureau_x)
    assert "Start a case record" in client.get(f"/startups/{startup.pk}/").content.decode()
    response = client.post(f"/startups/{startup.pk}/case/")
    case = EntrepreneurCase.objects.get()
    assert response.status_code == 302 and response.url == f"/startups/cases/{case.pk}/"


def test_starting_an_entrepreneur_case_again_shows_the_one_kept(browse, case, startup, bureau_x):
    response = browse(bureau_x).post(f"/startups/{startup.pk}/case/")
    assert response.url == f"/startups/cases/{case.pk}/"
    assert EntrepreneurCase.objects.count() == 1


@pytest.mark.parametrize("persona", ["bureau_y", "ministry", "veteran", "hr_a"], indirect=True)
def test_only_the_entrepreneurs_bureau_opens_the_case_page(browse, case, persona):
    response = browse(persona).get(f"/startups/cases/{case.pk}/")
    assert response.status_code in (403, 404)


def test_another_bureau_finds_no_entrepreneur_case(browse, case, bureau_y):
    assert browse(bureau_y).get(f"/startups/cases/{case.pk}/").status_code == 404
    response = browse(bureau_y).post(
        f"/startups/cases/{case.pk}/contacts/",
        {"contact-kind": "consultation", "contact-held_on": "2026-03-02", "contact-topic": "x"},
    )
    assert response.status_code == 404 and not CaseContact.objects.exists()


def test_the_bureau_records_an_entrepreneur_consultation_on_the_page(browse, case, bureau_x):
    response = browse(bureau_x).post(
        f"/startups/cases/{case.pk}/contacts/",
        {
            "contact-kind": "consultation",
            "contact-held_on": "2026-03-02",
            "contact-topic": "创业担保贷款怎么申请",
            "contact-internal_note": "资料不全，下次带齐",
        },
    )
    assert response.status_code == 302
    assert case.contacts.get().internal_note == "资料不全，下次带齐"


def test_a_bad_entrepreneur_consultation_is_said_at_its_field_and_saves_nothing(
    browse, case, bureau_x
):
    response = browse(bureau_x).post(
        f"/startups/cases/{case.pk}/contacts/",
        {"contact-kind": "consultation", "contact-held_on": "2099-01-01", "contact-topic": "x"},
    )
    assert response.status_code == 200
    assert "held_on" in response.context["contact_form"].errors
    assert not CaseContact.objects.exists()


def test_the_bureau_records_an_entrepreneur_loan_and_its_grant_on_the_page(browse, case, bureau_x):
    policy = f.SupportPolicyFactory()
    client = browse(bureau_x)
    client.post(
        f"/startups/cases/{case.pk}/applications/",
        {
            "application-policy": policy.pk,
            "application-applied_on": "2026-01-10",
            "application-amount_applied": "300000",
        },
    )
    application = SupportApplication.objects.get()
    response = client.post(
        f"/startups/cases/applications/{application.pk}/outcome/",
        {"outcome-outcome": "granted", "outcome-decided_on": "2026-02-01"},
    )
    application.refresh_from_db()
    assert response.status_code == 302 and application.status == "applied"
    client.post(
        f"/startups/cases/applications/{application.pk}/outcome/",
        {
            "outcome-outcome": "granted",
            "outcome-decided_on": "2026-02-01",
            "outcome-amount_granted": "200000",
        },
    )
    application.refresh_from_db()
    assert (application.status, application.amount_granted) == ("granted", 200_000)


def test_the_veteran_reads_their_entrepreneur_case_without_internal_notes(
    browse, case, veteran, bureau_x
):
    cases.case_contact_record(
        case=case,
        officer=bureau_x,
        kind="consultation",
        held_on=TODAY,
        topic="融资对接",
        internal_note="内部备注不给本人看",
    )
    page = browse(veteran.user).get("/startups/mine/case/").content.decode()
    assert "融资对接" in page
    assert "内部备注不给本人看" not in page and "follow-up" not in page.lower()


def test_a_veteran_without_an_entrepreneur_case_is_told_so(browse, other_veteran):
    page = browse(other_veteran.user).get("/startups/mine/case/").content.decode()
    assert "The bureau keeps no record of support for you yet." in page


def test_the_bureau_records_an_entrepreneur_follow_up_on_the_page(browse, case, bureau_x):
    follow_up = case.follow_ups.get(month=6)
    response = browse(bureau_x).post(
        f"/startups/cases/follow-ups/{follow_up.pk}/", {"outcome": "trading", "employees": "9"}
    )
    follow_up.refresh_from_db()
    assert response.status_code == 302 and follow_up.employees == 9


def test_another_bureau_finds_no_entrepreneur_follow_up(browse, case, bureau_y):
    follow_up = case.follow_ups.get(month=6)
    url = f"/startups/cases/follow-ups/{follow_up.pk}/"
    assert browse(bureau_y).post(url, {"outcome": "closed"}).status_code == 404


def _cases(n, bureau):
    for _ in range(n):
        case = cases.case_open(startup=f.StartUpFactory(), officer=bureau)
        case.follow_ups.update(status="due")


def test_the_entrepreneur_case_lists_cost_the_same_queries_for_2_or_8_rows(
    browse, bureau_x, django_assert_max_num_queries
):
    _cases(2, bureau_x)
    client = browse(bureau_x)
    first = {
        url: _queries(client, url) for url in ("/startups/cases/", "/startups/cases/follow-ups/")
    }
    _cases(6, bureau_x)
    for url, count in first.items():
        with django_assert_max_num_queries(count):
            client.get(url)


def test_the_entrepreneur_case_page_costs_the_same_queries_for_more_entries(
    browse, case, bureau_x, django_assert_max_num_queries
):
    def entries():
        cases.case_contact_record(
            case=case, officer=bureau_x, kind="training", held_on=TODAY, topic="财务"
        )
        cases.support_application_record(
            case=case,
            officer=bureau_x,
            policy=f.SupportPolicyFactory(),
            applied_on=TODAY,
            amount_applied=10_000,
        )
        cases.incubation_record(
            case=case, officer=bureau_x, base=f.SupportBaseFactory(), started_on=TODAY
        )

    entries()
    client = browse(bureau_x)
    first = _queries(client, f"/startups/cases/{case.pk}/")
    for _ in range(4):
        entries()
    with django_assert_max_num_queries(first):
        client.get(f"/startups/cases/{case.pk}/")
