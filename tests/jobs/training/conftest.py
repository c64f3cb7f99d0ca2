"""Fixtures of the training-cooperation tests: a programme under way and a training
agreement linking it."""

import datetime

import pytest
from django.utils import timezone

from enterprises.models import Agreement
from jobs.training.cooperation import agreement_programme_link
from tests import factories as f


@pytest.fixture
def started(programme):
    """The programme (city X) has started, so a completion can be recorded today."""
    programme.starts_on = timezone.localdate() - datetime.timedelta(days=20)
    programme.ends_on = timezone.localdate()
    programme.save()
    return programme


@pytest.fixture
def training_agreement(started, bureau_x):
    """training_agreement(enterprise) -> a training-cooperation agreement of the enterprise
    in force, signed at province X's level, linking the programme (bureau X links it)."""

    def make(enterprise):
        agreement = f.AgreementFactory(
            enterprise=enterprise,
            cooperation_mode=Agreement.CooperationMode.TRAINING,
            signatory_level=Agreement.SignatoryLevel.PROVINCE,
            region=f.region(f.PROVINCE_X),
        )
        agreement_programme_link(agreement=agreement, programme=started, actor=bureau_x)
        return agreement

    return make


@pytest.fixture
def linked(training_agreement, enterprise_a):
    """Enterprise A's training-cooperation agreement linking the programme."""
    return training_agreement(enterprise_a)
