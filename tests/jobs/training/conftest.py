import pytest

from tests import factories as f


@pytest.fixture
def programme(db):
    """A programme in city X (governed by bureau_x) that teaches two skills."""
    programme = f.TrainingProgrammeFactory(seats=3)
    programme.skills.set([f.SkillFactory(code="low-voltage"), f.SkillFactory(code="safety")])
    return programme


@pytest.fixture
def enrolment(programme, veteran):
    return f.EnrolmentFactory(programme=programme, veteran=veteran)
