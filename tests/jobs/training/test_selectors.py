import pytest

from jobs.training.selectors import enrolments_visible_to, programmes_visible_to
from tests import factories as f


@pytest.mark.parametrize(
    "persona, visible",
    [
        ("veteran", True),
        ("hr_a", True),
        ("bureau_x", True),
        ("bureau_y", False),
        ("ministry", True),
    ],
    indirect=["persona"],
)
def test_a_programme_is_public_but_a_bureau_works_on_its_own_region(persona, visible):
    programme = f.TrainingProgrammeFactory()
    assert (programme in programmes_visible_to(persona)) is visible


@pytest.mark.parametrize(
    "persona, visible",
    [
        ("veteran", True),
        ("other_veteran", False),
        ("hr_a", False),
        ("bureau_x", True),
        ("bureau_y", False),
        ("ministry", True),
    ],
    indirect=["persona"],
)
def test_an_enrolment_is_visible_to_its_veteran_the_programme_bureau_and_the_ministry(
    veteran, persona, visible
):
    enrolment = f.EnrolmentFactory(veteran=veteran)
    assert (enrolment in enrolments_visible_to(persona)) is visible
