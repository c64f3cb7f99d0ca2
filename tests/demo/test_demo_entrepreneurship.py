"""The demo shows entrepreneurship: policies with rules, bases, confirmed start-ups and a
declaration waiting in each demo bureau's region, and demo_veteran's own start-up with the
policies it is eligible for."""

import pytest
from django.core.management import call_command
from django.test import Client

from portal.accounts.models import User
from startups.models import (
    CaseFollowUp,
    EntrepreneurCase,
    MentorPair,
    MentorRequest,
    StartUp,
    SupportApplication,
    SupportBase,
    SupportPolicy,
)

pytestmark = pytest.mark.slow
DEMO_REGIONS = ("11", "4403")


def test_the_demo_shows_startups_policies_and_bases_in_each_demo_region(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", scale="tiny", seed=1, verbosity=0)
        call_command("seed_demo", scale="tiny", seed=1, verbosity=0)

    for prefix in DEMO_REGIONS:
        startups = StartUp.objects.filter(region__code__startswith=prefix)
        assert startups.filter(status="confirmed").exists(), prefix
        assert startups.filter(status="declared").exists(), prefix
        assert SupportPolicy.objects.filter(region__code__startswith=prefix).count() == 4
        assert SupportBase.objects.filter(region__code__startswith=prefix).exists()
        assert MentorRequest.objects.filter(region__code__startswith=prefix, status="open").exists()
        applications = SupportApplication.objects.filter(case__region__code__startswith=prefix)
        assert applications.exists(), prefix
        due = CaseFollowUp.objects.filter(case__region__code__startswith=prefix, status="due")
        assert due.exists(), prefix
    assert MentorPair.objects.get().request.veteran.user.username == "demo_veteran"
    own = StartUp.objects.get(founder__user__username="demo_veteran")
    assert own.status == "confirmed"
    assert own.enterprise.members.get().user.username == "demo_startup_hr"
    client = Client()
    client.force_login(User.objects.get(username="demo_veteran"))
    assert EntrepreneurCase.objects.filter(veteran=own.founder).exists()
    outcomes = set(SupportApplication.objects.values_list("status", flat=True))
    assert outcomes == {"applied", "granted", "refused"}
    assert "创业政策咨询" in client.get("/startups/mine/case/").content.decode()
    page = client.get("/startups/eligibility/").content.decode()
    assert page.count('data-eligible="yes"') == 3 and page.count('data-eligible="no"') == 1
