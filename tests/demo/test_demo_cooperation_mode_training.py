"""The demo's training cooperation (issue 19): a training agreement in force with linked
Beijing programmes, completers given their guaranteed interviews, and the pages that show
them."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from jobs.models import InterviewGuarantee, TrainingAgreementLink
from portal.accounts.models import User

pytestmark = pytest.mark.slow


def test_demo_cooperation_mode_training_links_programmes_and_gives_interviews(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", scale="tiny", seed=1, verbosity=0)
    links = TrainingAgreementLink.objects.select_related("agreement__enterprise")
    assert links.count() == 2
    agreement = links.first().agreement
    given = InterviewGuarantee.objects.filter(agreement=agreement, status="given")
    assert given.exists()
    assert all(g.application.status == "interview" for g in given)

    signer = "demo_bureau" if agreement.region_id else "demo_ministry"
    client = Client()
    client.force_login(User.objects.get(username=signer))
    page = client.get(reverse("enterprises:agreement_detail", args=[agreement.pk]))
    assert page.status_code == 200
    assert given.first().veteran.full_name in page.content.decode()
    upcoming = links.order_by("-programme__starts_on").first().programme
    veteran = Client()
    veteran.force_login(User.objects.get(username="demo_veteran"))
    programme_page = veteran.get(reverse("jobs:training_programme_detail", args=[upcoming.pk]))
    assert agreement.enterprise.name in programme_page.content.decode()
