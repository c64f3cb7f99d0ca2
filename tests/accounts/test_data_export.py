"""A person downloads everything the portal holds about them (PIPL art. 45), as JSON or
XLSX, on the page or through the API; every model that points at a person is declared."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from portal.accounts import personal_data
from portal.accounts.models import AuditEvent
from tests import factories as f

pytestmark = pytest.mark.django_db

JSON = reverse("accounts:my_data_json")
XLSX = reverse("accounts:my_data_xlsx")


def sections(data: dict) -> dict:
    return {section["model"]: section["rows"] for section in data["holdings"]}


def test_data_export_declares_every_model_that_points_at_a_person():
    """A model added with a foreign key to a user or a veteran profile fails here until its
    app's personal_data.py says what it holds (exported and erased, or out of scope)."""
    assert personal_data.undeclared() == []


def test_data_export_discovers_foreign_keys_through_the_app_registry():
    found = set(personal_data.personal_foreign_keys())

    assert ("veterans.VeteranProfile", "user") in found
    assert ("jobs.Application", "veteran") in found
    assert ("veterans.InstitutionMember", "user") in found


def test_data_export_every_kept_holding_says_why():
    kept = [h for h in personal_data.holdings() if h.erase == personal_data.KEEP]

    assert kept and all(h.reason for h in kept)


def test_data_export_json_holds_the_profile_with_the_full_number(client, veteran, branch_a):
    f.ApplicationFactory(veteran=veteran, post=f.JobPostFactory(branch=branch_a), note="盼复")
    client.force_login(veteran.user)

    response = client.get(JSON)

    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["username"] == "veteran"
    (profile,) = sections(data)["veterans.VeteranProfile"]
    assert profile["full_name"] == veteran.full_name
    assert profile["resident_id"] == veteran.resident_id
    assert [row["note"] for row in sections(data)["jobs.Application"]] == ["盼复"]
    assert sections(data)["veterans.Consent"][0]["purpose"] == "sensitive_data"
    assert "password" not in data["account"]


def test_data_export_holds_nothing_of_another_person(client, veteran, other_veteran):
    client.force_login(veteran.user)

    text = client.get(JSON).content.decode()

    assert other_veteran.full_name not in text
    assert other_veteran.resident_id not in text


def test_data_export_xlsx_has_the_account_and_a_sheet_per_holding(client, veteran):
    client.force_login(veteran.user)

    response = client.get(XLSX)

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "account"
    assert "veterans.VeteranProfile" in workbook.sheetnames
    sheet = workbook["veterans.VeteranProfile"]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["resident_id"] == veteran.resident_id


def test_data_export_keeps_a_typed_formula_as_text(client, veteran):
    f.NotificationFactory(user=veteran.user, title="=HYPERLINK(1)")
    client.force_login(veteran.user)

    workbook = load_workbook(io.BytesIO(client.get(XLSX).content))

    cell = next(
        c
        for row in workbook["accounts.Notification"].iter_rows()
        for c in row
        if c.value == "=HYPERLINK(1)"
    )
    assert cell.data_type == "s"


def test_data_export_is_recorded_as_an_audit_event(client, veteran):
    client.force_login(veteran.user)

    client.get(JSON)

    events = AuditEvent.objects.for_object(veteran.user)
    assert list(events.values_list("action", "actor")) == [
        ("account.data_exported", veteran.user.pk)
    ]


@pytest.mark.parametrize(
    "persona", ["veteran", "hr_a", "bureau_x", "ministry", "institution_staff"]
)
def test_data_export_for_every_role(client, request, persona):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    client.force_login(user)

    page = client.get(reverse("accounts:my_data"))
    download = client.get(JSON)

    assert page.status_code == 200
    assert json.loads(download.content)["account"]["username"] == user.username


def test_data_export_for_the_anonymous_is_the_login_page(client):
    response = client.get(JSON)

    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_data_export_through_the_api_answers_the_same_data(veteran):
    api = APIClient()
    api.force_authenticate(veteran.user)

    response = api.get(reverse("api-my-data"))

    assert response.status_code == 200
    (profile,) = sections(response.json())["veterans.VeteranProfile"]
    assert profile["resident_id"] == veteran.resident_id


def test_data_export_through_the_api_refuses_the_anonymous():
    response = APIClient().get(reverse("api-my-data"))

    assert response.status_code in (401, 403)


def test_data_export_page_lists_what_is_held(client, veteran):
    client.force_login(veteran.user)

    response = client.get(reverse("accounts:my_data"), HTTP_ACCEPT_LANGUAGE="en")

    names = [name for name, _count in response.context["holdings"]]
    assert "veteran profiles" in names and "consents" in names
