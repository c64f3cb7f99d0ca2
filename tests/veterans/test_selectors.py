import pytest
from django.contrib.auth.models import AnonymousUser

from portal.reference.models import MilitarySpecialty, SpecialtyOccupation
from tests import factories as f
from tests.jobs.conftest import seen_by
from veterans.models import Consent
from veterans.selectors import (
    has_consent,
    profile_of,
    profiles_visible_to,
    resumes_visible_to,
    specialty_skill_suggestions,
)

ALL = ["veteran", "other_veteran", "hr_a", "hr_b", "bureau_x", "bureau_y", "ministry"]


@pytest.fixture
def resume(veteran):
    return veteran.resumes.create(original_name="简历.pdf", size=10, file="resumes/x.pdf")


@pytest.fixture
def application(veteran, resume, branch_a):
    """The veteran (home region in X) applied to a post of enterprise A with the resume."""
    return f.ApplicationFactory(
        veteran=veteran, resume=resume, post=f.JobPostFactory(branch=branch_a)
    )


def sees(persona, selector) -> bool:
    return selector(persona).exists()


@pytest.mark.parametrize(
    "persona, visible",
    seen_by("veteran", "hr_a", "bureau_x", "ministry", anonymous=False),
    indirect=["persona"],
)
def test_a_profile_is_visible_to_its_owner_its_employers_its_bureau_and_the_ministry(
    application, persona, visible
):
    assert (application.veteran in profiles_visible_to(persona)) is visible


def test_enterprise_staff_see_no_veteran_who_did_not_apply_to_them(veteran, hr_a):
    assert not profiles_visible_to(hr_a).exists()


def test_enterprise_staff_see_an_applicant_once_however_many_posts_they_applied_to(
    application, branch_a, hr_a
):
    f.ApplicationFactory(veteran=application.veteran, post=f.JobPostFactory(branch=branch_a))
    assert profiles_visible_to(hr_a).count() == 1


def test_an_anonymous_visitor_sees_no_profile(veteran):
    assert not profiles_visible_to(AnonymousUser()).exists()


@pytest.mark.parametrize(
    "persona, visible",
    seen_by("veteran", "hr_a", anonymous=False),
    indirect=["persona"],
)
def test_a_resume_is_visible_to_its_owner_and_the_employer_it_was_sent_to(
    application, resume, persona, visible
):
    assert (resume in resumes_visible_to(persona)) is visible


def test_enterprise_staff_do_not_see_a_resume_that_was_not_attached(application, hr_a):
    unsent = application.veteran.resumes.create(original_name="b.pdf", size=10, file="b.pdf")
    assert list(resumes_visible_to(hr_a)) == [application.resume]
    assert unsent in resumes_visible_to(application.veteran.user)


def test_profile_of_finds_the_users_profile(veteran, hr_a):
    assert profile_of(veteran.user) == veteran
    assert profile_of(hr_a) is None
    assert profile_of(AnonymousUser()) is None


def test_has_consent_ignores_a_withdrawn_consent(db):
    veteran = f.VeteranProfileFactory(consented=False)
    f.ConsentFactory(user=veteran.user, withdrawn_at="2030-01-01T00:00:00Z")
    assert not has_consent(veteran.user, Consent.Purpose.SENSITIVE_DATA)
    f.ConsentFactory(user=veteran.user)
    assert has_consent(veteran.user, Consent.Purpose.SENSITIVE_DATA)


def test_specialty_suggestions_come_from_the_specialty_and_its_primary_occupations(db):
    specialty = MilitarySpecialty.objects.create(
        code="test-radar", name="雷达操纵员", name_en="Radar operator", branch="air_force"
    )
    specialty.skills.set([f.SkillFactory(code="radar")])
    primary, secondary = f.occupation("6-31-01-01"), f.occupation("6-31-01-02")
    primary.skills.set([f.SkillFactory(code="electronics")])
    secondary.skills.set([f.SkillFactory(code="welding")])
    SpecialtyOccupation.objects.create(specialty=specialty, occupation=primary)
    SpecialtyOccupation.objects.create(specialty=specialty, occupation=secondary, fit="secondary")
    codes = set(specialty_skill_suggestions(specialty).values_list("code", flat=True))
    assert codes == {"radar", "electronics"}
    assert not specialty_skill_suggestions(None).exists()
