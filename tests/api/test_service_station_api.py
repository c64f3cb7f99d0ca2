"""The service directory's API (#20): the public list by region, and the bureau's create,
update and retire, refused as the pages refuse them."""

import pytest

from portal.accounts.models import AuditAction, AuditEvent
from tests import factories as f
from tests.api.conftest import field_errors
from veterans.models import ServiceStation

pytestmark = pytest.mark.django_db

BODY = {
    "kind": "station",
    "name": "朝阳区退役军人服务站",
    "address": "北京市朝阳区朝阳路1号",
    "phone": "010-65001234",
    "hours": "周一至周五 9:00–17:00",
    "services": "就业创业\n优待证办理",
}


def test_service_station_list_is_public_and_filters_by_district(api):
    inside = f.ServiceStationFactory(region=f.region(f.DISTRICT_X))
    f.ServiceStationFactory(region=f.region(f.OTHER_DISTRICT_X))
    f.ServiceStationFactory(region=f.region(f.DISTRICT_X), retired_at="2026-01-01T00:00Z")
    answer = api().get("/api/v1/service-stations/", {"region": f.DISTRICT_X})
    assert answer.status_code == 200
    assert [row["id"] for row in answer.json()["results"]] == [inside.pk]
    assert answer.json()["results"][0]["services"] == ["就业创业服务", "优待证办理", "政策咨询"]


def test_service_station_list_of_a_city_holds_its_districts(api):
    f.ServiceStationFactory(region=f.region(f.CITY_X))
    f.ServiceStationFactory(region=f.region(f.DISTRICT_X))
    f.ServiceStationFactory(region=f.region(f.CITY_Y))
    answer = api().get("/api/v1/service-stations/", {"region": f.CITY_X})
    assert len(answer.json()["results"]) == 2


def test_service_station_list_refuses_an_unknown_region(api):
    answer = api().get("/api/v1/service-stations/", {"region": "999999"})
    assert answer.status_code == 400
    assert "region" in field_errors(answer)


def test_a_district_officer_creates_a_service_station_through_the_api(as_, bureau_district):
    answer = as_("bureau_district").post(
        "/api/v1/service-stations/create/", {**BODY, "region": f.DISTRICT_X}, format="json"
    )
    assert answer.status_code == 201
    assert ServiceStation.objects.get().region_id == f.DISTRICT_X


def test_a_district_officer_is_refused_a_service_station_in_another_district(as_, bureau_district):
    answer = as_("bureau_district").post(
        "/api/v1/service-stations/create/", {**BODY, "region": f.OTHER_DISTRICT_X}, format="json"
    )
    assert answer.status_code == 403
    assert not ServiceStation.objects.exists()


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "ministry"])
def test_only_bureaus_create_a_service_station_through_the_api(as_, persona):
    answer = as_(persona).post(
        "/api/v1/service-stations/create/", {**BODY, "region": f.CITY_X}, format="json"
    )
    assert answer.status_code == 403
    assert not ServiceStation.objects.exists()


def test_the_bureau_updates_a_service_station_through_the_api(as_, bureau_x):
    station = f.ServiceStationFactory()
    answer = as_("bureau_x").patch(
        f"/api/v1/service-stations/{station.pk}/update/",
        {"hours": "每天 8:30–18:00"},
        format="json",
    )
    assert answer.status_code == 200
    station.refresh_from_db()
    assert station.hours == "每天 8:30–18:00"
    assert AuditEvent.objects.filter(action=AuditAction.SERVICE_STATION_UPDATED).exists()


def test_a_service_station_update_with_a_bad_phone_answers_400(as_, bureau_x):
    station = f.ServiceStationFactory()
    answer = as_("bureau_x").patch(
        f"/api/v1/service-stations/{station.pk}/update/", {"phone": "call us"}, format="json"
    )
    assert answer.status_code == 400
    assert "phone" in field_errors(answer)


def test_a_service_station_of_another_region_is_not_found_through_the_api(
    as_, bureau_y, bureau_district
):
    station = f.ServiceStationFactory(region=f.region(f.CITY_X))
    for name in ("bureau_y", "bureau_district"):
        client = as_(name)
        update = client.patch(
            f"/api/v1/service-stations/{station.pk}/update/", {"name": "改"}, format="json"
        )
        retire = client.post(f"/api/v1/service-stations/{station.pk}/retire/")
        assert (update.status_code, retire.status_code) == (404, 404)
    station.refresh_from_db()
    assert station.retired_at is None


def test_the_bureau_retires_a_service_station_through_the_api_once(as_, bureau_x):
    station = f.ServiceStationFactory()
    client = as_("bureau_x")
    first = client.post(f"/api/v1/service-stations/{station.pk}/retire/")
    again = client.post(f"/api/v1/service-stations/{station.pk}/retire/")
    assert (first.status_code, again.status_code) == (200, 409)
    assert first.json()["retired_at"] is not None
