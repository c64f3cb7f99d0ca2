"""The service directory (#20): veterans' service centres and stations by region, kept by
the bureau of the region; the public listing; a veteran's own station in the footer and on
the profile."""

import pytest
from django.conf import settings
from django.urls import reverse

from portal.accounts.models import AuditAction, AuditEvent
from tests import factories as f
from veterans.models import ServiceStation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FORM = {
    "kind": "station",
    "name": "朝阳区退役军人服务站",
    "address": "北京市朝阳区朝阳路1号",
    "phone": "010-65001234",
    "hours": "周一至周五 9:00–17:00",
    "services": "就业创业\n优待证办理",
}


def test_service_station_public_list_shows_open_stations_of_the_chosen_district(client):
    inside = f.ServiceStationFactory(region=f.region(f.DISTRICT_X), name="朝阳区服务站")
    f.ServiceStationFactory(region=f.region(f.OTHER_DISTRICT_X), name="海淀区服务站")
    f.ServiceStationFactory(
        region=f.region(f.DISTRICT_X), name="已撤销服务站", retired_at="2026-01-01T00:00Z"
    )
    response = client.get(
        reverse("veterans:service_station_list"),
        {"province": f.PROVINCE_X, "city": f.CITY_X, "district": f.DISTRICT_X},
    )
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [inside]


def test_service_station_public_list_of_a_city_holds_its_districts(client):
    stations = [
        f.ServiceStationFactory(region=f.region(f.CITY_X)),
        f.ServiceStationFactory(region=f.region(f.DISTRICT_X)),
    ]
    f.ServiceStationFactory(region=f.region(f.CITY_Y))
    response = client.get(
        reverse("veterans:service_station_list"), {"province": f.PROVINCE_X, "city": f.CITY_X}
    )
    assert set(response.context["page_obj"]) == set(stations)


def test_service_station_cascade_lists_only_the_districts_of_the_chosen_city(client):
    response = client.get(
        reverse("veterans:service_station_list"), {"province": f.PROVINCE_X, "city": f.CITY_X}
    )
    districts = [code for code, _ in response.context["form"].fields["district"].choices]
    assert f.DISTRICT_X in districts
    assert all(code == "" or code.startswith("11") for code in districts)
    assert len(districts) < 40


def test_service_station_cascade_waits_for_its_button_and_never_submits_on_a_change(client):
    """Issue 17: one arrow key on a list must not reload the page; the button sends it."""
    page = client.get(reverse("veterans:service_station_list"), {"province": f.PROVINCE_X})
    html = page.content.decode()
    assert "data-autosubmit" not in html
    assert 'type="submit"' in html
    script = (settings.BASE_DIR / "static" / "js" / "portal.js").read_text()
    assert "requestSubmit" not in script and ".submit()" not in script


def test_service_station_list_ignores_a_city_of_another_province(client):
    f.ServiceStationFactory(region=f.region(f.CITY_Y))
    response = client.get(
        reverse("veterans:service_station_list"), {"province": f.PROVINCE_X, "city": f.CITY_Y}
    )
    assert response.status_code == 200
    assert response.context["region"] is None


def test_service_station_list_reads_the_same_number_of_queries_for_more_rows(
    client, django_assert_max_num_queries
):
    url = reverse("veterans:service_station_list")
    f.ServiceStationFactory(region=f.region(f.DISTRICT_X))
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for _ in range(10):
        f.ServiceStationFactory(region=f.region(f.DISTRICT_X))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_service_station_detail_of_a_retired_station_is_not_found_by_the_public(client):
    station = f.ServiceStationFactory(retired_at="2026-01-01T00:00Z")
    assert (
        client.get(reverse("veterans:service_station_detail", args=[station.pk])).status_code == 404
    )


def test_service_station_detail_of_a_retired_station_is_read_by_its_bureau(browse, bureau_x):
    station = f.ServiceStationFactory(retired_at="2026-01-01T00:00Z")
    response = browse(bureau_x).get(reverse("veterans:service_station_detail", args=[station.pk]))
    assert response.status_code == 200
    assert b"Retired on" in response.content


def test_a_district_officer_creates_a_service_station_in_its_district(browse, bureau_district):
    response = browse(bureau_district).post(
        reverse("veterans:service_station_create"), {**FORM, "region": f.DISTRICT_X}
    )
    station = ServiceStation.objects.get()
    assert response.status_code == 302
    assert station.region_id == f.DISTRICT_X
    assert AuditEvent.objects.filter(action=AuditAction.SERVICE_STATION_CREATED).count() == 1


def test_a_district_officer_may_not_create_a_service_station_in_another_district(
    browse, bureau_district
):
    response = browse(bureau_district).post(
        reverse("veterans:service_station_create"), {**FORM, "region": f.OTHER_DISTRICT_X}
    )
    assert response.status_code == 200
    assert b"Only the bureau of the station&#x27;s region can keep its entry." in response.content
    assert not ServiceStation.objects.exists()


def test_a_district_officer_does_not_find_the_service_station_of_its_city(browse, bureau_district):
    station = f.ServiceStationFactory(region=f.region(f.CITY_X))
    client = browse(bureau_district)
    assert (
        client.get(reverse("veterans:service_station_edit", args=[station.pk])).status_code == 404
    )
    assert (
        client.post(reverse("veterans:service_station_retire", args=[station.pk])).status_code
        == 404
    )
    station.refresh_from_db()
    assert station.retired_at is None


def test_a_city_or_province_bureau_edits_a_service_station_of_a_district_below(browse, bureau_x):
    station = f.ServiceStationFactory(region=f.region(f.DISTRICT_X))
    response = browse(bureau_x).post(
        reverse("veterans:service_station_edit", args=[station.pk]),
        {**FORM, "region": f.DISTRICT_X, "phone": "010-65009999"},
    )
    assert response.status_code == 302
    station.refresh_from_db()
    assert station.phone == "010-65009999"


def test_service_station_edit_with_a_bad_phone_says_so_and_saves_nothing(browse, bureau_x):
    station = f.ServiceStationFactory()
    response = browse(bureau_x).post(
        reverse("veterans:service_station_edit", args=[station.pk]),
        {**FORM, "region": f.CITY_X, "phone": "call us"},
    )
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    station.refresh_from_db()
    assert station.phone == "010-12345678"


def test_another_provinces_bureau_does_not_find_the_service_station(browse, bureau_y):
    station = f.ServiceStationFactory()
    client = browse(bureau_y)
    assert (
        client.get(reverse("veterans:service_station_edit", args=[station.pk])).status_code == 404
    )
    assert (
        client.post(reverse("veterans:service_station_retire", args=[station.pk])).status_code
        == 404
    )


def test_the_bureau_retires_a_service_station_and_it_leaves_the_directory(browse, bureau_x, client):
    station = f.ServiceStationFactory()
    response = browse(bureau_x).post(reverse("veterans:service_station_retire", args=[station.pk]))
    assert response.status_code == 302
    station.refresh_from_db()
    assert station.retired_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.SERVICE_STATION_RETIRED).count() == 1
    assert not ServiceStation.objects.active().exists()


def test_retiring_a_service_station_asks_for_confirmation_first(browse, bureau_x):
    station = f.ServiceStationFactory()
    page = browse(bureau_x).get(reverse("veterans:service_station_detail", args=[station.pk]))
    assert b'data-confirm="Retire this service station?' in page.content


def test_a_retired_service_station_is_not_edited(browse, bureau_x):
    station = f.ServiceStationFactory(retired_at="2026-01-01T00:00Z")
    response = browse(bureau_x).post(
        reverse("veterans:service_station_edit", args=[station.pk]),
        {**FORM, "region": f.CITY_X},
    )
    assert response.status_code == 200
    station.refresh_from_db()
    assert station.name != FORM["name"]


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "ministry"], indirect=True)
def test_only_bureaus_open_the_service_station_form(browse, persona):
    assert browse(persona).get(reverse("veterans:service_station_create")).status_code == 404


def test_the_ministry_reads_the_service_station_directory_but_edits_nothing(browse, ministry):
    station = f.ServiceStationFactory()
    client = browse(ministry)
    assert client.get(reverse("veterans:service_station_manage")).status_code == 200
    assert (
        client.post(reverse("veterans:service_station_retire", args=[station.pk])).status_code
        == 404
    )


def test_the_service_station_manage_page_lists_the_bureaus_own_region_only(browse, bureau_district):
    own = f.ServiceStationFactory(region=f.region(f.DISTRICT_X))
    f.ServiceStationFactory(region=f.region(f.OTHER_DISTRICT_X))
    f.ServiceStationFactory(region=f.region(f.CITY_X))
    response = browse(bureau_district).get(reverse("veterans:service_station_manage"))
    assert list(response.context["page_obj"]) == [own]


def test_the_footer_shows_the_phone_of_the_veterans_own_service_station(browse, veteran):
    veteran.home_region = f.region(f.DISTRICT_X)
    veteran.save(update_fields=["home_region"])
    f.ServiceStationFactory(region=f.region(f.CITY_X), phone="010-11110000")
    f.ServiceStationFactory(region=f.region(f.DISTRICT_X), phone="010-22220000", kind="station")
    page = browse(veteran.user).get(reverse("veterans:profile"))
    assert page.content.count(b">010-22220000<") == 2  # the footer and the profile's card
    assert b"010-11110000" not in page.content


def test_the_veterans_own_service_station_falls_back_to_the_city_above(browse, veteran):
    f.ServiceStationFactory(region=f.region(f.CITY_X), phone="010-11110000")
    page = browse(veteran.user).get(reverse("veterans:profile"))
    assert b"010-11110000" in page.content


def test_a_new_service_station_reaches_the_footer_at_once(
    browse, veteran, bureau_x, django_capture_on_commit_callbacks
):
    client = browse(veteran.user)
    assert b"010-65001234" not in client.get(reverse("home")).content
    with django_capture_on_commit_callbacks(execute=True):
        browse(bureau_x).post(
            reverse("veterans:service_station_create"), {**FORM, "region": f.CITY_X}
        )
    client.force_login(veteran.user)
    assert b"010-65001234" in client.get(reverse("home")).content


def test_the_footer_of_the_service_station_costs_no_query_once_kept(
    browse, veteran, django_assert_max_num_queries
):
    f.ServiceStationFactory()
    client = browse(veteran.user)
    client.get(reverse("veterans:resume_list"))
    with django_assert_max_num_queries(100) as first:
        client.get(reverse("veterans:resume_list"))
    station_queries = [q for q in first.captured_queries if "veterans_servicestation" in q["sql"]]
    assert station_queries == []


def test_visitors_see_a_link_to_the_service_station_directory_in_the_footer(client):
    page = client.get(reverse("veterans:service_station_list"))
    assert reverse("veterans:service_station_list").encode() in page.content
