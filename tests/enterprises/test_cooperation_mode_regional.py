"""Regional cooperation: an agreement names the provinces whose veterans its posts aim at.
The service decides (regional mode only, provinces only, whoever may act on the agreement,
not once it is over); the form and the API refuse the same."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from enterprises.models import Agreement
from enterprises.services import agreement_create, agreement_set_target_provinces
from portal.workflow import Conflict, NotAllowed
from tests import factories as f
from tests.enterprises.conftest import actions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HENAN, SHANDONG, ZHENGZHOU = "410000", "370000", "410100"


@pytest.fixture
def api(db):
    """api(user) -> an APIClient signed in as the user, asking for English."""

    def make(user) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


@pytest.fixture
def create(enterprise_a, batch):
    def call(creator, **fields):
        arguments = {
            "batch": batch,
            "enterprise": enterprise_a,
            "cooperation_mode": "regional",
            "pledged_posts": 300,
            "starts_on": datetime.date(2026, 1, 1),
            "ends_on": datetime.date(2027, 12, 31),
            **fields,
        }
        return agreement_create(creator=creator, **arguments)

    return call


@pytest.fixture
def regional(enterprise_a, batch):
    """An agreement in force that the bureau of province X signed."""
    return f.AgreementFactory(
        batch=batch,
        enterprise=enterprise_a,
        cooperation_mode="regional",
        signatory_level="province",
        region=f.region(f.PROVINCE_X),
    )


def form_data(batch, enterprise, **fields) -> dict:
    return {
        "batch": batch.pk,
        "enterprise": enterprise.pk,
        "signatory_level": "ministry",
        "region": "",
        "cooperation_mode": "regional",
        "pledged_posts": 300,
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        **fields,
    }


def api_data(batch, enterprise, **fields) -> dict:
    return {**form_data(batch, enterprise), "region": None, **fields}


# The service


def test_cooperation_mode_regional_agreement_keeps_its_target_provinces(create, ministry):
    agreement = create(ministry, target_provinces=[f.region(SHANDONG), HENAN])
    assert Agreement.objects.get(pk=agreement.pk).target_provinces == [SHANDONG, HENAN]


def test_cooperation_mode_other_than_regional_refuses_target_provinces(create, ministry):
    with pytest.raises(ValidationError) as refusal:
        create(ministry, cooperation_mode="industry", target_provinces=[HENAN])
    assert "target_provinces" in refusal.value.message_dict
    assert not Agreement.objects.exists()


def test_cooperation_mode_regional_refuses_a_city_as_a_target(create, ministry):
    with pytest.raises(ValidationError, match="Not a province: 410100"):
        create(ministry, target_provinces=[ZHENGZHOU])
    assert not Agreement.objects.exists()


def test_cooperation_mode_regional_targets_changed_by_the_signing_bureau(regional, bureau_x):
    agreement_set_target_provinces(agreement=regional, actor=bureau_x, target_provinces=[HENAN])
    regional.refresh_from_db()
    assert regional.target_provinces == [HENAN]
    assert actions(regional)[-1] == "agreement.targets_set"


@pytest.mark.parametrize("persona", ["ministry", "bureau_y", "hr_a"], indirect=True)
def test_cooperation_mode_regional_targets_refused_to_others(regional, persona):
    with pytest.raises(NotAllowed):
        agreement_set_target_provinces(agreement=regional, actor=persona, target_provinces=[HENAN])
    regional.refresh_from_db()
    assert regional.target_provinces == []


def test_cooperation_mode_regional_targets_stay_once_the_agreement_is_over(regional, bureau_x):
    Agreement.objects.filter(pk=regional.pk).update(status="expired")
    with pytest.raises(Conflict):
        agreement_set_target_provinces(agreement=regional, actor=bureau_x, target_provinces=[HENAN])
    regional.refresh_from_db()
    assert regional.target_provinces == []


def test_cooperation_mode_regional_renewal_keeps_the_targets(regional, bureau_x):
    from enterprises.services import agreement_renew

    Agreement.objects.filter(pk=regional.pk).update(status="expired", target_provinces=[HENAN])
    regional.refresh_from_db()
    renewal = agreement_renew(
        agreement=regional,
        actor=bureau_x,
        starts_on=datetime.date(2027, 7, 1),
        ends_on=datetime.date(2029, 6, 30),
        pledged_posts=100,
    )
    assert renewal.target_provinces == [HENAN]


# The web


def test_cooperation_mode_regional_form_records_the_targets(client, ministry, batch, enterprise_a):
    client.force_login(ministry)
    data = form_data(batch, enterprise_a, target_provinces=[HENAN, SHANDONG])
    response = client.post(reverse("enterprises:agreement_create"), data)
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert agreement.target_provinces == [SHANDONG, HENAN]


def test_cooperation_mode_form_refuses_targets_for_another_mode(
    client, ministry, batch, enterprise_a
):
    client.force_login(ministry)
    data = form_data(batch, enterprise_a, cooperation_mode="training", target_provinces=[HENAN])
    response = client.post(reverse("enterprises:agreement_create"), data)
    assert response.status_code == 200
    assert "Only a regional cooperation agreement targets provinces." in response.text
    assert not Agreement.objects.exists()


def test_cooperation_mode_form_offers_no_city_as_a_target(client, ministry, batch, enterprise_a):
    client.force_login(ministry)
    data = form_data(batch, enterprise_a, target_provinces=[ZHENGZHOU])
    response = client.post(reverse("enterprises:agreement_create"), data)
    assert response.status_code == 200
    assert not Agreement.objects.exists()


def test_cooperation_mode_regional_targets_page_saves_and_shows_them(client, regional, bureau_x):
    client.force_login(bureau_x)
    url = reverse("enterprises:agreement_target_provinces", args=[regional.pk])
    response = client.post(url, {"target_provinces": [HENAN]})
    assert response["Location"] == reverse("enterprises:agreement_detail", args=[regional.pk])
    regional.refresh_from_db()
    assert regional.target_provinces == [HENAN]
    detail = client.get(response["Location"])
    assert "Henan" in detail.text or "河南" in detail.text


def test_cooperation_mode_targets_page_says_why_not_for_another_mode(
    client, enterprise_a, batch, bureau_x
):
    industry = f.AgreementFactory(
        batch=batch, enterprise=enterprise_a, signatory_level="province",
        region=f.region(f.PROVINCE_X),
    )  # fmt: skip
    client.force_login(bureau_x)
    url = reverse("enterprises:agreement_target_provinces", args=[industry.pk])
    assert "Only a regional cooperation agreement" in client.get(url).text
    response = client.post(url, {"target_provinces": [HENAN]})
    assert "Only a regional cooperation agreement targets provinces." in response.text
    industry.refresh_from_db()
    assert industry.target_provinces == []


def test_cooperation_mode_targets_page_is_not_found_for_another_province(
    client, regional, bureau_y
):
    client.force_login(bureau_y)
    url = reverse("enterprises:agreement_target_provinces", args=[regional.pk])
    assert client.post(url, {"target_provinces": [HENAN]}).status_code == 404


# The API refuses what the web refuses


def test_cooperation_mode_api_creates_a_regional_agreement_with_targets(
    api, ministry, batch, enterprise_a
):
    response = api(ministry).post(
        reverse("api-agreement-create"),
        api_data(batch, enterprise_a, target_provinces=[HENAN]),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["target_provinces"] == [HENAN]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"cooperation_mode": "industry", "target_provinces": [HENAN]}, "Only a regional"),
        ({"target_provinces": [ZHENGZHOU]}, "Not a province: 410100"),
    ],
)
def test_cooperation_mode_api_refuses_what_the_form_refuses(
    api, ministry, batch, enterprise_a, fields, message
):
    response = api(ministry).post(
        reverse("api-agreement-create"), api_data(batch, enterprise_a, **fields), format="json"
    )
    assert response.status_code == 400
    assert message in str(response.json())
    assert not Agreement.objects.exists()


def test_cooperation_mode_api_sets_the_targets(api, regional, bureau_x):
    url = reverse("api-agreement-target-provinces", args=[regional.pk])
    response = api(bureau_x).post(url, {"target_provinces": [HENAN]}, format="json")
    assert response.status_code == 200
    regional.refresh_from_db()
    assert regional.target_provinces == [HENAN]


@pytest.mark.parametrize(
    "persona_name, status", [("ministry", 403), ("bureau_y", 404), ("hr_a", 403)]
)
def test_cooperation_mode_api_refuses_the_targets_to_others(
    request, api, regional, persona_name, status
):
    user = request.getfixturevalue(persona_name)
    url = reverse("api-agreement-target-provinces", args=[regional.pk])
    response = api(user).post(url, {"target_provinces": [HENAN]}, format="json")
    assert response.status_code == status
    regional.refresh_from_db()
    assert regional.target_provinces == []


def test_cooperation_mode_api_refuses_targets_once_the_agreement_is_over(api, regional, bureau_x):
    Agreement.objects.filter(pk=regional.pk).update(status="terminated")
    url = reverse("api-agreement-target-provinces", args=[regional.pk])
    response = api(bureau_x).post(url, {"target_provinces": [HENAN]}, format="json")
    assert response.status_code == 409
