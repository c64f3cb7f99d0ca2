"""Freshness: a profile saved during a run keeps its recommendations until the run ends;
a new profile, or a change to what the matching reads, gets the veteran a small run of its
own (queued a few seconds later; eager in the tests)."""

import datetime

import pytest
from django.utils import timezone

from demo.identifiers import make_resident_id
from jobs import services
from jobs.matching import shards
from jobs.models import Recommendation
from tests import factories as f
from veterans.models import Consent, VeteranProfile
from veterans.services import veteran_profile_create, veteran_profile_update

pytestmark = pytest.mark.django_db


def _posts_of(veteran, run) -> set[int]:
    return set(
        Recommendation.objects.filter(run=run, veteran=veteran).values_list("post_id", flat=True)
    )


def test_a_profile_saved_during_a_run_keeps_its_recommendations_until_the_run_ends(
    population, run_now, django_capture_on_commit_callbacks
):
    first = run_now()
    veteran = next(v for v in population["veterans"] if _posts_of(v, first))
    before = _posts_of(veteran, first)
    second = services.matching_run_start(enqueue=lambda run_id, number: None)
    # Saved while the second run is running: that run does not read the profile.
    VeteranProfile.objects.filter(pk=veteran.pk).update(updated_at=timezone.now())
    for number in range(second.shards_total):
        services.matching_shard_run(run_id=second.pk, number=number)
    second.refresh_from_db()
    assert second.is_current
    assert _posts_of(veteran, second) == before


def test_a_new_profile_gets_recommendations_from_a_small_run_of_its_own(
    population, run_now, django_capture_on_commit_callbacks, settings
):
    settings.MATCHING_EXPOSURE_PER_OPENING = 50  # room left for one more veteran
    run = run_now()
    user = f.UserFactory(username="newcomer")
    f.ConsentFactory(user=user, purpose=Consent.Purpose.SENSITIVE_DATA)
    with django_capture_on_commit_callbacks(execute=True):
        profile = veteran_profile_create(
            user=user,
            full_name="王五",
            resident_id=make_resident_id("110101", datetime.date(1985, 5, 1), 7),
            home_region=population["veterans"][0].home_region,
            education=4,
            willing_to_relocate=True,
        )
    assert _posts_of(profile, run)
    assert Recommendation.objects.filter(run=run, veteran=profile).count() <= 5


def test_a_material_change_remakes_the_veterans_recommendations(
    population, run_now, django_capture_on_commit_callbacks, settings
):
    settings.MATCHING_EXPOSURE_PER_OPENING = 50
    run = run_now()
    veteran = next(v for v in population["veterans"] if not v.willing_to_relocate)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        veteran_profile_update(profile=veteran, willing_to_relocate=True, education=4)
    assert queued  # the small run was queued after the commit
    after = Recommendation.objects.filter(run=run, veteran=veteran)
    assert after.exists()
    assert after.count() == len(set(after.values_list("post_id", flat=True)))


def test_a_change_the_matching_does_not_read_queues_nothing(
    population, run_now, django_capture_on_commit_callbacks, monkeypatch
):
    run_now()
    called = []
    monkeypatch.setattr(shards, "rematch_veteran", lambda *args: called.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        veteran_profile_update(profile=population["veterans"][0], phone="13900139000")
    assert called == []
