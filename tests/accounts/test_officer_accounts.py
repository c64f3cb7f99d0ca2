"""A managing officer of a bureau creates and deactivates the accounts of its region's
officers in the portal (not in Django's admin); pages and API alike."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from portal.accounts.models import AuditEvent, User
from tests import factories as f

pytestmark = pytest.mark.django_db

NEW = {"username": "wang_officer", "email": "wang@bureau.example", "first_name": "王芳"}


@pytest.fixture
def manager(db):
    return f.BureauUserFactory(
        username="manager_x", region=f.region(f.PROVINCE_X), manages_officers=True
    )


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_managing_officer_creates_an_officer_of_a_city_below(
    client, manager, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:officer_create"), {**NEW, "region": f.CITY_X})

    assert response.status_code == 302
    officer = User.objects.get(username="wang_officer")
    assert (officer.role, officer.region_id, officer.has_usable_password()) == (
        "bureau",
        f.CITY_X,
        False,
    )
    assert AuditEvent.objects.for_object(officer).get().action == "account.officer_created"
    assert "/accounts/reset/" in mail.outbox[-1].body


def test_a_managing_officer_cannot_create_an_officer_of_another_province(client, manager):
    client.force_login(manager)

    response = client.post(reverse("accounts:officer_create"), {**NEW, "region": f.CITY_Y})

    assert response.status_code == 200
    assert not User.objects.filter(username="wang_officer").exists()


def test_an_officer_who_manages_none_does_not_find_the_pages(client, bureau_x):
    client.force_login(bureau_x)

    assert client.get(reverse("accounts:officer_list")).status_code == 404
    assert (
        client.post(reverse("accounts:officer_create"), {**NEW, "region": f.CITY_X}).status_code
        == 404
    )
    assert not User.objects.filter(username="wang_officer").exists()


def test_the_officer_list_shows_the_region_subtree_only(client, manager, bureau_x, bureau_y):
    client.force_login(manager)

    response = client.get(reverse("accounts:officer_list"))

    assert set(response.context["page_obj"]) == {manager, bureau_x}


def test_a_managing_officer_deactivates_an_officer(client, manager, bureau_x):
    client.force_login(manager)

    client.post(reverse("accounts:officer_deactivate", args=[bureau_x.pk]))

    bureau_x.refresh_from_db()
    assert not bureau_x.is_active
    assert AuditEvent.objects.for_object(bureau_x).get().action == "account.deactivated"


def test_an_officer_of_another_province_is_not_found(client, manager, bureau_y):
    client.force_login(manager)

    response = client.post(reverse("accounts:officer_deactivate", args=[bureau_y.pk]))

    assert response.status_code == 404
    bureau_y.refresh_from_db()
    assert bureau_y.is_active


def test_a_managing_officer_cannot_deactivate_itself(client, manager):
    client.force_login(manager)

    client.post(reverse("accounts:officer_deactivate", args=[manager.pk]))

    manager.refresh_from_db()
    assert manager.is_active


def test_officers_through_the_api(manager, bureau_x):
    created = api(manager).post(
        reverse("api-officer-create"), {**NEW, "region": f.CITY_X}, format="json"
    )
    listed = api(manager).get(reverse("api-officer-list"))
    deactivated = api(manager).post(reverse("api-officer-deactivate", args=[bureau_x.pk]))

    assert created.status_code == 201
    assert {row["username"] for row in listed.json()["results"]} == {
        "manager_x",
        "bureau_x",
        "wang_officer",
    }
    assert deactivated.json()["is_active"] is False


def test_officers_through_the_api_refused_to_an_officer_who_manages_none(bureau_x):
    response = api(bureau_x).post(
        reverse("api-officer-create"), {**NEW, "region": f.CITY_X}, format="json"
    )

    assert response.status_code == 403
    assert not User.objects.filter(username="wang_officer").exists()


def test_officers_through_the_api_refused_to_other_roles(hr_a, veteran):
    for user in (hr_a, veteran.user):
        assert api(user).get(reverse("api-officer-list")).status_code == 403
