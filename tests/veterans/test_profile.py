import datetime

import pytest
from django.core.exceptions import ValidationError

from demo.identifiers import make_resident_id
from portal.accounts.models import AuditEvent, User
from portal.reference.models import MilitarySpecialty
from portal.workflow import Conflict, NotAllowed
from tests import factories as f
from veterans.models import VeteranProfile, VeteranSkill
from veterans.services import veteran_profile_create, veteran_profile_update, veteran_skills_set


@pytest.fixture
def specialty(db):
    specialty = MilitarySpecialty.objects.create(
        code="test-driver", name="汽车驾驶员", name_en="Driver", branch="army"
    )
    specialty.skills.set([f.SkillFactory(code="driving"), f.SkillFactory(code="vehicle-repair")])
    return specialty


def profile_fields(**overrides):
    return {
        "full_name": "李四",
        "resident_id": make_resident_id("110105", datetime.date(1992, 3, 4), 8),
        "home_region": f.region(f.CITY_X),
        **overrides,
    }


def consenting_user():
    """A new veteran account that has given the consent a profile needs."""
    return f.ConsentFactory(user=f.UserFactory()).user


def links(profile):
    return {(link.skill.code, link.source, link.verified) for link in profile.skill_links.all()}


def test_it_creates_a_profile_for_a_veteran(db):
    user = consenting_user()
    profile = veteran_profile_create(user=user, **profile_fields())
    assert VeteranProfile.objects.get(user=user).full_name == "李四"
    assert AuditEvent.objects.for_object(profile).get().action == "veteran_profile.created"


def test_it_sets_preferred_regions_on_creation(db):
    user = consenting_user()
    profile = veteran_profile_create(
        user=user, **profile_fields(preferred_regions=[f.region(f.CITY_Y)])
    )
    assert list(profile.preferred_regions.values_list("code", flat=True)) == [f.CITY_Y]


def test_it_refuses_an_invalid_resident_id_and_stores_nothing(db):
    valid = profile_fields()["resident_id"]
    wrong_check = valid[:-1] + ("1" if valid[-1] == "0" else "0")
    with pytest.raises(ValidationError):
        veteran_profile_create(user=consenting_user(), **profile_fields(resident_id=wrong_check))
    assert not VeteranProfile.objects.exists()


def test_it_refuses_a_profile_without_the_consent_and_stores_nothing(db):
    with pytest.raises(NotAllowed, match="consent"):
        veteran_profile_create(user=f.UserFactory(), **profile_fields())
    assert not VeteranProfile.objects.exists()


def test_it_refuses_to_change_a_profile_whose_consent_was_withdrawn(db):
    veteran = f.VeteranProfileFactory(consented=False, desired_salary=5000)
    with pytest.raises(NotAllowed, match="consent"):
        veteran_profile_update(profile=veteran, desired_salary=9000)
    veteran.refresh_from_db()
    assert veteran.desired_salary == 5000
    assert not AuditEvent.objects.exists()


def test_a_number_taken_between_the_check_and_the_insert_is_refused_as_taken(veteran, monkeypatch):
    """Two sign-ups at once with one number both pass full_clean's uniqueness check; the
    unique digest decides and the second one gets the same reason, not a database error."""
    monkeypatch.setattr(VeteranProfile, "validate_unique", lambda self, exclude=None: None)
    user = consenting_user()
    with pytest.raises(ValidationError) as refused:
        veteran_profile_create(user=user, **profile_fields(resident_id=veteran.resident_id.lower()))
    assert refused.value.message_dict == {
        "resident_id": ["A profile with this resident ID number already exists."]
    }
    assert not VeteranProfile.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(actor=user).exists()


@pytest.mark.parametrize("role", [User.Role.ENTERPRISE, User.Role.MINISTRY])
def test_it_refuses_a_profile_for_a_user_who_is_not_a_veteran(db, role):
    with pytest.raises(NotAllowed):
        veteran_profile_create(user=f.UserFactory(role=role), **profile_fields())
    assert not VeteranProfile.objects.exists()


def test_it_refuses_a_second_profile(veteran):
    with pytest.raises(Conflict):
        veteran_profile_create(user=veteran.user, **profile_fields())
    assert VeteranProfile.objects.filter(user=veteran.user).count() == 1


def test_it_adds_the_military_specialty_skills_on_creation(specialty):
    profile = veteran_profile_create(
        user=consenting_user(), **profile_fields(military_specialty=specialty)
    )
    assert links(profile) == {
        ("driving", "specialty", False),
        ("vehicle-repair", "specialty", False),
    }


def test_it_updates_the_profile_and_records_the_changed_fields(veteran):
    veteran_profile_update(profile=veteran, desired_salary=8000, willing_to_relocate=True)
    veteran.refresh_from_db()
    assert (veteran.desired_salary, veteran.willing_to_relocate) == (8000, True)
    event = AuditEvent.objects.for_object(veteran).get(action="veteran_profile.updated")
    assert event.data["fields"] == ["desired_salary", "willing_to_relocate"]


def test_it_refuses_an_update_with_implausible_years_of_service(veteran):
    with pytest.raises(ValidationError):
        veteran_profile_update(profile=veteran, years_of_service=60)
    veteran.refresh_from_db()
    assert veteran.years_of_service == 5


def test_it_refuses_to_update_a_field_the_veteran_does_not_own(veteran):
    with pytest.raises(TypeError):
        veteran_profile_update(profile=veteran, user=f.UserFactory())


def test_a_new_specialty_replaces_the_specialty_skills_but_keeps_declared_ones(veteran, specialty):
    veteran_profile_update(profile=veteran, military_specialty=specialty)
    veteran_skills_set(profile=veteran, skills=[f.SkillFactory(code="cooking")])
    cook = MilitarySpecialty.objects.create(
        code="test-cook", name="炊事员", name_en="Cook", branch="army"
    )
    cook.skills.set([f.SkillFactory(code="catering")])
    veteran_profile_update(profile=veteran, military_specialty=cook)
    assert links(veteran) == {("cooking", "declared", False), ("catering", "specialty", False)}


def test_it_sets_the_declared_skills(veteran):
    first, second, third = (f.SkillFactory(code=code) for code in ("a-1", "a-2", "a-3"))
    veteran_skills_set(profile=veteran, skills=[first, second])
    veteran_skills_set(profile=veteran, skills=[second, third])
    assert links(veteran) == {("a-2", "declared", False), ("a-3", "declared", False)}


def test_setting_declared_skills_keeps_training_and_specialty_skills(veteran):
    trained, from_specialty = f.SkillFactory(code="trained"), f.SkillFactory(code="military")
    VeteranSkill.objects.create(veteran=veteran, skill=trained, source="training", verified=True)
    VeteranSkill.objects.create(veteran=veteran, skill=from_specialty, source="specialty")
    veteran_skills_set(profile=veteran, skills=[])
    assert links(veteran) == {("trained", "training", True), ("military", "specialty", False)}


def test_declaring_a_skill_already_held_from_training_leaves_it_verified(veteran):
    trained = f.SkillFactory(code="trained")
    VeteranSkill.objects.create(veteran=veteran, skill=trained, source="training", verified=True)
    veteran_skills_set(profile=veteran, skills=[trained])
    assert links(veteran) == {("trained", "training", True)}
