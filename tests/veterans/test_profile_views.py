import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from demo.identifiers import make_resident_id
from portal.accounts import crypto
from portal.accounts.models import AuditEvent
from portal.reference.models import MilitarySpecialty, Skill
from tests import factories as f
from tests.resident_ids import (
    FULL_WIDTH,
    LATER_DISTRICT_IDS,
    TAKEN,
    near_misses,
    typed_variants,
    with_check_x,
)
from veterans.models import Consent, VeteranProfile, VeteranSkill
from veterans.services import consent_give

RESIDENT_ID = make_resident_id("110105", datetime.date(1988, 3, 1), 7)
WRONG_CHECK_DIGIT = RESIDENT_ID[:-1] + ("1" if RESIDENT_ID[-1] == "0" else "0")
IDENTITY = {
    "full_name": "王强",
    "resident_id": RESIDENT_ID,
    "phone": "13912345678",
    "province": "110000",
    "home_region": "110100",
}


def step_url(step: str) -> str:
    return reverse("veterans:profile_step", args=[step])


@pytest.fixture
def client():
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def newcomer(db):
    """A veteran's account without a profile, who has given the sensitive-data consent."""
    user = f.UserFactory(username="newcomer")
    consent_give(user=user, purpose=Consent.Purpose.SENSITIVE_DATA, version="2026-01")
    return user


@pytest.fixture
def newcomer_client(client, newcomer):
    client.force_login(newcomer)
    return client


@pytest.fixture
def veteran_client(client, veteran):
    consent_give(user=veteran.user, purpose=Consent.Purpose.SENSITIVE_DATA, version="2026-01")
    client.force_login(veteran.user)
    return client


# --- consent first ---------------------------------------------------------------------------


def test_the_identity_step_asks_for_consent_before_anything(client, db):
    client.force_login(f.UserFactory())
    response = client.get(step_url("identity"))
    assert response.context["consented"] is False
    assert b'name="resident_id"' not in response.content
    assert b"I agree" in response.content


def test_without_consent_no_identity_is_saved(client, db):
    user = f.UserFactory()
    client.force_login(user)
    response = client.post(step_url("identity"), IDENTITY)
    assert response.status_code == 302
    assert not VeteranProfile.objects.exists()


def test_agreeing_records_the_consent_and_returns_to_the_step(client, db):
    user = f.UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("veterans:consent_give"),
        {"purpose": "sensitive_data", "next": step_url("identity")},
    )
    assert response["Location"] == step_url("identity")
    consent = Consent.objects.get(user=user)
    assert (consent.purpose, consent.version, consent.withdrawn_at) == (
        "sensitive_data",
        "2026-01",
        None,
    )


def test_the_consent_page_does_not_send_the_veteran_to_another_site(client, db):
    client.force_login(f.UserFactory())
    response = client.post(
        reverse("veterans:consent_give"),
        {"purpose": "sensitive_data", "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("veterans:consent_list")


def test_a_consent_is_withdrawn_and_stays_on_record(veteran_client, veteran):
    veteran_client.post(reverse("veterans:consent_withdraw"), {"purpose": "sensitive_data"})
    consent = Consent.objects.get(user=veteran.user)
    assert consent.withdrawn_at is not None
    assert AuditEvent.objects.for_object(consent).filter(action="consent.withdrawn").exists()


def test_after_withdrawal_the_wizard_saves_nothing(veteran_client, veteran):
    veteran_client.post(reverse("veterans:consent_withdraw"), {"purpose": "sensitive_data"})
    veteran_client.post(step_url("education"), {"education": "5"})
    veteran.refresh_from_db()
    assert veteran.education != 5


def test_the_consent_page_lists_each_purpose_with_its_state(veteran_client):
    response = veteran_client.get(reverse("veterans:consent_list"))
    purposes = {p["value"]: p["live"] for p in response.context["purposes"]}
    assert purposes["sensitive_data"] is not None
    assert purposes["discoverable"] is None


# --- identity ----------------------------------------------------------------------------------


def test_the_identity_step_creates_the_profile(newcomer_client, newcomer):
    response = newcomer_client.post(step_url("identity"), IDENTITY)
    assert response["Location"] == step_url("service")
    profile = VeteranProfile.objects.get(user=newcomer)
    assert (profile.full_name, profile.resident_id, profile.home_region_id) == (
        "王强",
        RESIDENT_ID,
        "110100",
    )
    assert AuditEvent.objects.for_object(profile).get().action == "veteran_profile.created"


def test_a_lower_case_check_letter_is_accepted_as_upper_case(newcomer_client, newcomer):
    for serial in range(1000):
        candidate = make_resident_id("110105", datetime.date(1988, 3, 1), serial)
        if candidate.endswith("X"):
            break
    newcomer_client.post(step_url("identity"), {**IDENTITY, "resident_id": candidate.lower()})
    assert VeteranProfile.objects.get(user=newcomer).resident_id == candidate


@pytest.mark.parametrize(
    "resident_id",
    [WRONG_CHECK_DIGIT, "123", "11010519881301007X"],
    ids=["wrong_check_digit", "too_short", "no_such_date"],
)
def test_an_invalid_id_number_is_refused_with_a_message_and_nothing_saved(
    newcomer_client, resident_id
):
    response = newcomer_client.post(step_url("identity"), {**IDENTITY, "resident_id": resident_id})
    assert response.status_code == 200
    assert response.context["form"].errors["resident_id"]
    assert not VeteranProfile.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="veteran_profile").exists()


def test_the_invalid_id_message_tells_the_veteran_what_to_check(newcomer_client):
    data = {**IDENTITY, "resident_id": WRONG_CHECK_DIGIT}
    response = newcomer_client.post(step_url("identity"), data)
    assert "The resident ID number is not valid" in response.content.decode()


def test_an_id_number_already_registered_is_refused(newcomer_client, other_veteran):
    data = {**IDENTITY, "resident_id": other_veteran.resident_id}
    response = newcomer_client.post(step_url("identity"), data)
    assert response.context["form"].errors["resident_id"]
    assert VeteranProfile.objects.count() == 1


# --- resident ID numbers as people hold and type them (#13) ---------------------------------

LONGGANG_ID = LATER_DISTRICT_IDS["深圳市龙岗区"]
X_ID = with_check_x("440306", datetime.date(1972, 6, 1))


@pytest.mark.parametrize("district", LATER_DISTRICT_IDS)
def test_a_number_from_a_district_created_after_its_holders_birth_is_accepted(
    newcomer_client, newcomer, district
):
    number = LATER_DISTRICT_IDS[district]
    response = newcomer_client.post(step_url("identity"), {**IDENTITY, "resident_id": number})
    assert response["Location"] == step_url("service")
    assert VeteranProfile.objects.get(user=newcomer).resident_id == number


@pytest.mark.parametrize("mistake", near_misses(LONGGANG_ID))
def test_a_near_miss_is_refused_with_its_reason_and_nothing_saved(newcomer_client, mistake):
    typed, reason = near_misses(LONGGANG_ID)[mistake]
    response = newcomer_client.post(step_url("identity"), {**IDENTITY, "resident_id": typed})
    assert response.status_code == 200
    assert response.context["form"].errors["resident_id"] == [reason]
    assert not VeteranProfile.objects.exists()


@pytest.mark.parametrize("variant", typed_variants(X_ID))
def test_a_number_is_stored_in_the_standard_form_however_it_was_typed(
    newcomer_client, newcomer, variant
):
    typed = typed_variants(X_ID)[variant]
    newcomer_client.post(step_url("identity"), {**IDENTITY, "resident_id": typed})
    profile = VeteranProfile.objects.get(user=newcomer)
    assert (profile.resident_id, profile.resident_id_hash) == (X_ID, crypto.digest(X_ID))


@pytest.mark.parametrize("variant", typed_variants(X_ID))
def test_another_spelling_of_a_taken_number_is_refused_as_taken(newcomer_client, variant):
    f.VeteranProfileFactory(resident_id=X_ID)
    typed = typed_variants(X_ID)[variant]
    response = newcomer_client.post(step_url("identity"), {**IDENTITY, "resident_id": typed})
    assert response.context["form"].errors["resident_id"] == [TAKEN]
    assert VeteranProfile.objects.count() == 1
    assert not AuditEvent.objects.filter(action__startswith="veteran_profile").exists()


def test_a_veteran_changing_to_another_spelling_of_someone_elses_number_is_refused(
    veteran_client, veteran, other_veteran
):
    typed = other_veteran.resident_id.translate(FULL_WIDTH)
    response = veteran_client.post(step_url("identity"), {**IDENTITY, "resident_id": typed})
    assert response.context["form"].errors["resident_id"] == [TAKEN]
    assert VeteranProfile.objects.get(pk=veteran.pk).resident_id_hash == veteran.resident_id_hash


def test_a_veteran_typing_their_own_number_differently_keeps_it(veteran_client, veteran):
    typed = f"{veteran.resident_id[:6]} {veteran.resident_id[6:]}".translate(FULL_WIDTH)
    response = veteran_client.post(step_url("identity"), {**IDENTITY, "resident_id": typed})
    assert response["Location"] == step_url("service")
    assert VeteranProfile.objects.get(pk=veteran.pk).resident_id == veteran.resident_id


def test_the_refusal_reads_in_chinese_for_a_chinese_speaker(newcomer):
    client = Client(headers={"Accept-Language": "zh-hans"})
    client.force_login(newcomer)
    typed, _reason = near_misses(LONGGANG_ID)["february_30th"]
    response = client.post(step_url("identity"), {**IDENTITY, "resident_id": typed})
    assert "公民身份号码中的出生日期（第7至14位）不存在。" in response.content.decode()
    assert not VeteranProfile.objects.exists()


def test_a_city_outside_the_chosen_province_is_refused(newcomer_client):
    response = newcomer_client.post(step_url("identity"), {**IDENTITY, "home_region": "310100"})
    assert response.context["form"].errors["home_region"]
    assert not VeteranProfile.objects.exists()


def test_the_identity_step_updates_an_existing_profile(veteran_client, veteran):
    data = {**IDENTITY, "resident_id": veteran.resident_id, "full_name": "张改名"}
    veteran_client.post(step_url("identity"), data)
    veteran.refresh_from_db()
    assert veteran.full_name == "张改名"
    assert VeteranProfile.objects.count() == 1


def test_the_cities_of_a_province_are_offered_for_the_chosen_province(client, db):
    response = client.get(reverse("veterans:region_cities"), {"province": "130000"})
    codes = [code for code, _name in response.context["cities"]]
    assert "130100" in codes
    assert all(code.startswith("13") for code in codes)


# --- later steps --------------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["service", "education", "skills", "preferences"])
def test_later_steps_start_with_identity_when_there_is_no_profile(newcomer_client, step):
    assert newcomer_client.get(step_url(step))["Location"] == step_url("identity")


def test_an_unknown_step_is_not_found(veteran_client):
    assert veteran_client.get(step_url("hobbies")).status_code == 404


def test_the_service_record_is_saved(veteran_client, veteran):
    specialty = MilitarySpecialty.objects.get(code="vehicle-driving")
    data = {
        "service_branch": "navy",
        "rank_category": "officer",
        "years_of_service": "12",
        "discharge_date": "2023-10-01",
        "military_specialty": specialty.pk,
    }
    response = veteran_client.post(step_url("service"), data)
    assert response["Location"] == step_url("education")
    veteran.refresh_from_db()
    assert (veteran.service_branch, veteran.years_of_service, veteran.military_specialty) == (
        "navy",
        12,
        specialty,
    )


def test_a_future_discharge_date_is_refused_and_nothing_changes(veteran_client, veteran):
    future = timezone.localdate() + datetime.timedelta(days=3)
    data = {
        "service_branch": "navy",
        "rank_category": "officer",
        "years_of_service": "12",
        "discharge_date": future.isoformat(),
    }
    response = veteran_client.post(step_url("service"), data)
    assert response.context["form"].errors["discharge_date"]
    veteran.refresh_from_db()
    assert (veteran.service_branch, veteran.years_of_service) == ("army", 5)


def test_the_education_step_saves_and_goes_on_to_skills(veteran_client, veteran):
    response = veteran_client.post(step_url("education"), {"education": "4"})
    assert response["Location"] == step_url("skills")
    veteran.refresh_from_db()
    assert veteran.education == 4


def test_the_skills_step_suggests_skills_of_the_military_specialty(veteran_client, veteran):
    VeteranProfile.objects.filter(pk=veteran.pk).update(
        military_specialty=MilitarySpecialty.objects.get(code="vehicle-driving")
    )
    response = veteran_client.get(step_url("skills"))
    suggested = {entry["skill"].code for entry in response.context["form"].suggestion_entries()}
    assert "drive-b2" in suggested


def test_the_skills_step_keeps_declared_skills(veteran_client, veteran):
    skills = list(Skill.objects.order_by("code")[:2])
    response = veteran_client.post(step_url("skills"), {"skills": [s.pk for s in skills]})
    assert response["Location"] == step_url("preferences")
    assert set(veteran.skill_links.values_list("skill_id", flat=True)) == {s.pk for s in skills}


def test_skills_from_training_stay_when_the_veteran_unticks_everything(veteran_client, veteran):
    trained = Skill.objects.order_by("code").first()
    VeteranSkill.objects.create(veteran=veteran, skill=trained, source="training", verified=True)
    veteran_client.post(step_url("skills"), {})
    assert list(veteran.skill_links.values_list("skill_id", flat=True)) == [trained.pk]


def test_the_preferences_are_saved_and_the_wizard_ends_on_the_profile(veteran_client, veteran):
    data = {
        "preferred_regions": ["110000", "310100"],
        "preferred_industries": ["G", "I"],
        "desired_salary": "8000",
        "willing_to_relocate": "on",
        "seeking_status": "seeking",
    }
    response = veteran_client.post(step_url("preferences"), data)
    assert response["Location"] == reverse("veterans:profile")
    veteran.refresh_from_db()
    assert set(veteran.preferred_regions.values_list("code", flat=True)) == {"110000", "310100"}
    assert set(veteran.preferred_industries.values_list("code", flat=True)) == {"G", "I"}
    assert (veteran.desired_salary, veteran.willing_to_relocate) == (8000, True)


# --- the profile page and who reaches it ------------------------------------------------------


def test_the_profile_shows_the_id_number_masked(veteran_client, veteran):
    content = veteran_client.get(reverse("veterans:profile")).content.decode()
    assert veteran.masked_resident_id in content
    assert veteran.resident_id not in content


def test_the_owner_sees_their_own_resident_id_in_full_on_asking_and_the_display_is_audited(
    veteran_client, veteran
):
    from portal.accounts.models import AuditAction, AuditEvent

    response = veteran_client.get(reverse("veterans:profile"), {"show": "resident_id"})
    assert veteran.resident_id in response.content.decode()
    shown = AuditEvent.objects.for_object(veteran).get()
    assert (shown.action, shown.actor, shown.data) == (
        AuditAction.VETERAN_RESIDENT_ID_SHOWN,
        veteran.user,
        {"via": "veterans:profile"},
    )


def test_the_masked_profile_page_records_no_display_of_the_resident_id(veteran_client, veteran):
    from portal.accounts.models import AuditEvent

    veteran_client.get(reverse("veterans:profile"))
    assert not AuditEvent.objects.for_object(veteran).exists()


def test_each_veteran_sees_only_their_own_profile(client, veteran, other_veteran):
    client.force_login(other_veteran.user)
    content = client.get(reverse("veterans:profile")).content.decode()
    assert other_veteran.full_name in content
    assert veteran.full_name not in content


@pytest.mark.parametrize("persona", ["hr_a", "bureau_x", "ministry"], indirect=True)
@pytest.mark.parametrize("name", ["profile", "consent_list", "resume_list"])
def test_other_roles_do_not_find_the_veteran_pages(client, persona, name):
    client.force_login(persona)
    assert client.get(reverse(f"veterans:{name}")).status_code == 404


@pytest.mark.parametrize("persona", ["hr_a", "bureau_x", "ministry"], indirect=True)
def test_other_roles_cannot_post_a_profile_step(client, persona):
    client.force_login(persona)
    assert client.post(step_url("identity"), IDENTITY).status_code == 404
    assert not VeteranProfile.objects.filter(resident_id=RESIDENT_ID).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("veterans:profile"))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_profile_prints_the_desired_salary_with_thousands_separators(veteran_client, veteran):
    veteran.desired_salary = 12500
    veteran.save(update_fields=["desired_salary"])
    content = veteran_client.get(reverse("veterans:profile")).content.decode()
    assert "12,500" in content


def test_the_preferences_offer_a_municipality_as_the_whole_city_not_a_province(
    veteran_client, veteran
):
    content = veteran_client.get(step_url("preferences"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = content.content.decode()
    assert "北京市全市" in text and "北京市全省" not in text
    assert "广东省全省" in text


def test_the_preferences_name_provinces_and_cities_in_english_on_english_pages(
    veteran_client, veteran
):
    text = veteran_client.get(step_url("preferences"), HTTP_ACCEPT_LANGUAGE="en").content
    assert "Anywhere in Guangdong" in text.decode() and "Shenzhen" in text.decode()


def test_the_preferences_take_a_district_and_show_it_chosen(veteran_client, veteran):
    data = {
        "preferred_regions": [f.DISTRICT_X],
        "desired_salary": 6000,
        "seeking_status": "seeking",
    }
    veteran_client.post(step_url("preferences"), data)
    assert list(veteran.preferred_regions.values_list("code", flat=True)) == [f.DISTRICT_X]
    page = veteran_client.get(step_url("preferences")).content.decode()
    assert f'value="{f.DISTRICT_X}" id="region-{f.DISTRICT_X}" checked' in page
    assert 'value="110108"' not in page  # the other districts load when the list is opened


def test_the_district_list_of_a_city_leaves_out_the_districts_already_shown(client, db):
    url = reverse("veterans:region_districts", args=[f.CITY_X])
    page = client.get(url, {"chosen": [f.DISTRICT_X]}).content.decode()
    assert 'value="110108"' in page and f'value="{f.DISTRICT_X}"' not in page
