"""Every view of a veteran's full profile by someone else writes an AuditEvent (#8)."""

import pytest
from django.urls import reverse

from portal.accounts.models import AuditEvent
from tests import pdfs
from veterans.services import veteran_profiles_viewed

pytestmark = pytest.mark.django_db


def views_of(profile):
    return AuditEvent.objects.for_object(profile).filter(action="veteran_profile.viewed")


def test_the_applicant_page_records_that_the_enterprise_saw_the_profile(client, hr_a, application):
    client.force_login(hr_a)
    assert client.get(reverse("jobs:applicant_detail", args=[application.pk])).status_code == 200
    event = views_of(application.veteran).get()
    assert (event.actor, event.data) == (hr_a, {"via": "applicant_detail"})


def test_each_visit_is_recorded(client, hr_a, application):
    client.force_login(hr_a)
    url = reverse("jobs:applicant_detail", args=[application.pk])
    client.get(url)
    client.get(url)
    assert views_of(application.veteran).count() == 2


def test_the_pipeline_api_records_every_profile_it_shows(client, hr_a, application):
    client.force_login(hr_a)
    assert client.get("/api/v1/pipeline/").status_code == 200
    assert views_of(application.veteran).get().data == {"via": "api-pipeline"}


def test_a_page_of_refused_applicants_records_nothing(client, hr_b, application):
    client.force_login(hr_b)
    assert client.get(reverse("jobs:applicant_detail", args=[application.pk])).status_code == 404
    assert not views_of(application.veteran).exists()


def test_the_owner_looking_at_their_own_profile_is_not_recorded(veteran):
    veteran_profiles_viewed(profiles=[veteran], actor=veteran.user, via="test")
    assert not views_of(veteran).exists()


def test_a_resume_download_by_the_enterprise_is_recorded(
    client, hr_a, application, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from veterans.services import resume_upload

    settings.PRIVATE_STORAGE_ROOT = tmp_path
    pdf = pdfs.ONE_PAGE
    resume = resume_upload(
        profile=application.veteran,
        uploaded_file=SimpleUploadedFile("cv.pdf", pdf, "application/pdf"),
    )
    application.resume = resume
    application.save(update_fields=["resume"])
    client.force_login(hr_a)
    response = client.get(reverse("jobs:applicant_resume", args=[application.pk]))
    b"".join(response.streaming_content)
    assert (
        AuditEvent.objects.for_object(resume).filter(action="resume.accessed", actor=hr_a).exists()
    )
