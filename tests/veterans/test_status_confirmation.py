"""Veteran status confirmation (#20 item 6): the bureau of the home region confirms a
veteran's status, by an officer who checked the discharge certificate or by importing the
bureau's register (XLSX, matched through the resident ID's keyed digest); enterprises and
the veteran see the mark. Through the pages and the API alike."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook
from rest_framework.test import APIClient

from demo.identifiers import make_resident_id
from portal.accounts.models import AuditAction, AuditEvent
from tests import factories as f
from veterans.models import StatusConfirmation

pytestmark = pytest.mark.django_db

CERTIFICATE = {"certificate_number": "退字第2024001号", "certificate_date": "2024-09-01"}


def _page(user) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _register(
    rows, header=("公民身份号码", "姓名", "退役证件编号", "发证日期")
) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile(
        "register.xlsx",
        content.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _row(profile, number="退字第1号", date=datetime.date(2024, 6, 30)) -> tuple:
    return (profile.resident_id, profile.full_name, number, date)


@pytest.fixture
def veteran_y(db):
    return f.VeteranProfileFactory(home_region=f.region(f.CITY_Y), user__username="veteran_y")


# --- one veteran, by the officer who checked the certificate ---------------------------------


def test_status_confirm_by_an_officer_of_the_home_region_records_the_certificate(bureau_x, veteran):
    response = _page(bureau_x).post(
        reverse("veterans:status_confirm", args=[veteran.pk]), CERTIFICATE
    )
    assert response.status_code == 302
    confirmation = StatusConfirmation.objects.get(profile=veteran)
    assert confirmation.method == StatusConfirmation.Method.CERTIFICATE
    assert confirmation.certificate_number == "退字第2024001号"
    assert confirmation.certificate_date == datetime.date(2024, 9, 1)
    assert confirmation.confirmed_by == bureau_x and confirmation.region_id == f.PROVINCE_X
    assert AuditEvent.objects.filter(
        action=AuditAction.VETERAN_STATUS_CONFIRMED, object_id=str(veteran.pk)
    ).exists()


def test_status_confirm_through_the_api_answers_the_confirmation(bureau_x, veteran):
    response = _api(bureau_x).post(
        reverse("api-status-confirm", args=[veteran.pk]), CERTIFICATE, format="json"
    )
    assert response.status_code == 201
    assert response.json()["method"] == "certificate"
    assert StatusConfirmation.objects.filter(profile=veteran).exists()


def test_status_confirm_by_an_officer_of_another_region_is_not_found(bureau_y, veteran):
    url = reverse("veterans:status_confirm", args=[veteran.pk])
    assert _page(bureau_y).get(url).status_code == 404
    assert _page(bureau_y).post(url, CERTIFICATE).status_code == 404
    api_url = reverse("api-status-confirm", args=[veteran.pk])
    assert _api(bureau_y).post(api_url, CERTIFICATE, format="json").status_code == 404
    assert not StatusConfirmation.objects.exists()


@pytest.mark.parametrize("persona", ["hr_a", "veteran", "ministry"])
def test_status_confirm_is_refused_to_anyone_but_bureau_officers(request, persona, veteran):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    page = _page(user).post(reverse("veterans:status_confirm", args=[veteran.pk]), CERTIFICATE)
    assert page.status_code == 404  # pages hide what a role may not reach
    api = _api(user).post(
        reverse("api-status-confirm", args=[veteran.pk]), CERTIFICATE, format="json"
    )
    assert api.status_code == 403
    assert not StatusConfirmation.objects.exists()


def test_status_confirm_twice_is_refused_on_the_page_and_in_the_api(bureau_x, veteran):
    _page(bureau_x).post(reverse("veterans:status_confirm", args=[veteran.pk]), CERTIFICATE)
    again = {"certificate_number": "另一号", "certificate_date": "2024-01-01"}
    page = _page(bureau_x).post(reverse("veterans:status_confirm", args=[veteran.pk]), again)
    assert page.status_code == 200
    assert "already confirmed" in page.content.decode()
    api = _api(bureau_x).post(
        reverse("api-status-confirm", args=[veteran.pk]), again, format="json"
    )
    assert api.status_code == 409
    assert StatusConfirmation.objects.get(profile=veteran).certificate_number == "退字第2024001号"


def test_status_confirm_refuses_a_certificate_date_in_the_future(bureau_x, veteran):
    future = {"certificate_number": "退字第1号", "certificate_date": "2999-01-01"}
    page = _page(bureau_x).post(reverse("veterans:status_confirm", args=[veteran.pk]), future)
    assert page.status_code == 400
    api = _api(bureau_x).post(
        reverse("api-status-confirm", args=[veteran.pk]), future, format="json"
    )
    assert api.status_code == 400
    assert not StatusConfirmation.objects.exists()


def test_status_confirm_queue_lists_the_unconfirmed_veterans_of_the_region_only(
    bureau_x, veteran, other_veteran, veteran_y, django_assert_max_num_queries
):
    StatusConfirmation.objects.create(
        profile=other_veteran,
        method=StatusConfirmation.Method.CERTIFICATE,
        certificate_number="1",
        certificate_date=datetime.date(2024, 1, 1),
        region=bureau_x.region,
    )
    client = _page(bureau_x)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("veterans:status_queue")).content.decode()
    assert veteran.full_name in page
    assert other_veteran.full_name not in page and veteran_y.full_name not in page
    listed = _api(bureau_x).get(reverse("api-status-queue")).json()["results"]
    assert [row["id"] for row in listed] == [veteran.pk]
    assert listed[0]["resident_id"] == veteran.masked_resident_id


@pytest.mark.parametrize("persona", ["hr_a", "veteran", "ministry"])
def test_status_confirm_queue_is_refused_to_anyone_but_bureau_officers(request, persona):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    assert _page(user).get(reverse("veterans:status_queue")).status_code == 404
    assert _api(user).get(reverse("api-status-queue")).status_code == 403


# --- the register ----------------------------------------------------------------------------


def test_status_confirm_by_register_confirms_the_listed_veterans_of_the_region(
    bureau_x, veteran, other_veteran, veteran_y
):
    outsider = make_resident_id("110105", datetime.date(1980, 5, 5), 321)
    rows = [_row(veteran), _row(veteran_y), (outsider, "某人", "退字第9号", "2023-03-03")]
    response = _page(bureau_x).post(
        reverse("veterans:status_register"), {"register": _register(rows)}
    )
    assert response.status_code == 200
    confirmed = StatusConfirmation.objects.get()
    assert confirmed.profile == veteran and confirmed.method == "register"
    assert confirmed.certificate_date == datetime.date(2024, 6, 30)
    text = response.content.decode()
    assert "Confirmed: 1. Already confirmed: 0. Not found among your region" in text
    assert veteran.resident_id not in text  # shown masked


def test_status_confirm_by_register_through_the_api_reports_every_row(bureau_x, veteran):
    StatusConfirmation.objects.create(
        profile=veteran,
        method=StatusConfirmation.Method.CERTIFICATE,
        certificate_number="1",
        certificate_date=datetime.date(2024, 1, 1),
        region=bureau_x.region,
    )
    other = f.VeteranProfileFactory()
    register = _register([_row(veteran), _row(other)])
    response = _api(bureau_x).post(
        reverse("api-status-register"), {"register": register}, format="multipart"
    )
    assert response.status_code == 200
    body = response.json()
    assert [row["outcome"] for row in body["rows"]] == ["already", "confirmed"]
    assert StatusConfirmation.objects.filter(profile=other, method="register").exists()


def test_status_confirm_by_register_with_bad_rows_writes_nothing_and_names_them(bureau_x, veteran):
    rows = [
        _row(veteran),
        ("110105199001011234", "错号", "退字第2号", "2024-01-01"),
        (veteran.resident_id, "重复", "退字第3号", "2024-01-01"),
        (make_resident_id("110105", datetime.date(1985, 1, 1), 5), "缺号", "", "不是日期"),
    ]
    page = _page(bureau_x).post(reverse("veterans:status_register"), {"register": _register(rows)})
    assert page.status_code == 400
    text = page.content.decode()
    assert "3 rows are wrong. Nothing was confirmed" in text
    assert "This is not a valid resident ID number." in text
    assert "This resident ID number is listed twice." in text
    assert "The discharge certificate number is missing." in text
    assert "not a date" in text
    api = _api(bureau_x).post(
        reverse("api-status-register"), {"register": _register(rows)}, format="multipart"
    )
    assert api.status_code == 400
    fields = {error["field"] for error in api.json()["errors"]}
    assert fields == {"rows.3", "rows.4", "rows.5"}
    assert not StatusConfirmation.objects.exists()


def test_status_confirm_by_register_refuses_a_file_that_is_not_a_register(bureau_x, veteran):
    not_xlsx = SimpleUploadedFile("register.xlsx", b"PK\x03\x04 not really")
    page = _page(bureau_x).post(reverse("veterans:status_register"), {"register": not_xlsx})
    assert page.status_code == 400
    assert "could not be read as an XLSX workbook" in page.content.decode()
    headers = _register([_row(veteran)], header=("身份证", "编号"))
    api = _api(bureau_x).post(
        reverse("api-status-register"), {"register": headers}, format="multipart"
    )
    assert api.status_code == 400
    assert not StatusConfirmation.objects.exists()


@pytest.mark.parametrize("persona", ["hr_a", "veteran", "ministry"])
def test_status_confirm_by_register_is_refused_to_anyone_but_bureau_officers(
    request, persona, veteran
):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    page = _page(user).post(
        reverse("veterans:status_register"), {"register": _register([_row(veteran)])}
    )
    assert page.status_code == 404
    api = _api(user).post(
        reverse("api-status-register"),
        {"register": _register([_row(veteran)])},
        format="multipart",
    )
    assert api.status_code == 403
    assert not StatusConfirmation.objects.exists()


# --- the mark ----------------------------------------------------------------------------------


def test_status_confirm_mark_is_shown_to_the_veteran_on_the_profile(veteran):
    page = _page(veteran.user).get(reverse("veterans:profile")).content.decode()
    assert "Veteran status not yet confirmed" in page
    StatusConfirmation.objects.create(
        profile=veteran,
        method=StatusConfirmation.Method.REGISTER,
        certificate_number="1",
        certificate_date=datetime.date(2024, 1, 1),
        region=f.region(f.PROVINCE_X),
    )
    page = _page(veteran.user).get(reverse("veterans:profile")).content.decode()
    assert "Veteran status confirmed" in page
    profile = _api(veteran.user).get(reverse("api-profile")).json()
    assert profile["status_confirmed"] is True


def test_status_confirm_mark_is_shown_to_the_enterprise_on_applicants(hr_a, veteran, branch_a):
    application = f.ApplicationFactory(veteran=veteran, post=f.JobPostFactory(branch=branch_a))
    detail = reverse("jobs:applicant_detail", args=[application.pk])
    assert "Veteran status not yet confirmed" in _page(hr_a).get(detail).content.decode()
    StatusConfirmation.objects.create(
        profile=veteran,
        method=StatusConfirmation.Method.CERTIFICATE,
        certificate_number="1",
        certificate_date=datetime.date(2024, 1, 1),
        region=f.region(f.PROVINCE_X),
    )
    assert "Veteran status confirmed" in _page(hr_a).get(detail).content.decode()
    assert "Veteran status confirmed" in _page(hr_a).get(reverse("jobs:pipeline")).content.decode()
    pipeline = _api(hr_a).get(reverse("api-pipeline")).json()["results"]
    assert pipeline[0]["applicant"]["status_confirmed"] is True


def test_status_confirm_mark_is_shown_on_the_bureaus_referral_candidates(bureau_x, veteran):
    f.referral_consent(veteran)
    url = reverse("jobs:referral_candidate_list")
    assert "Veteran status not yet confirmed" in _page(bureau_x).get(url).content.decode()
    _page(bureau_x).post(reverse("veterans:status_confirm", args=[veteran.pk]), CERTIFICATE)
    assert "Veteran status confirmed" in _page(bureau_x).get(url).content.decode()
