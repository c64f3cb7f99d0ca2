import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from portal.accounts.models import AuditEvent
from tests import factories as f
from tests import pdfs
from veterans.models import Resume
from veterans.services import resume_upload

PDF = pdfs.ONE_PAGE


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return settings.PRIVATE_STORAGE_ROOT


@pytest.fixture
def client():
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def resume(veteran):
    return resume_upload(
        profile=veteran, uploaded_file=SimpleUploadedFile("我的简历.pdf", PDF, "application/pdf")
    )


@pytest.fixture
def sent_to_a(resume, veteran, branch_a):
    """The resume went with an application to a post of enterprise A."""
    return f.ApplicationFactory(
        post=f.JobPostFactory(branch=branch_a), veteran=veteran, resume=resume
    )


def download(client, resume):
    return client.get(reverse("veterans:resume_download", args=[resume.pk]))


def stored(storage_dir) -> list:
    return [p for p in storage_dir.rglob("*") if p.is_file()] if storage_dir.exists() else []


# --- upload ------------------------------------------------------------------------------------


def test_a_veteran_uploads_a_pdf_resume(client, veteran, storage_dir):
    client.force_login(veteran.user)
    upload = SimpleUploadedFile("简历.pdf", PDF, "application/pdf")
    response = client.post(reverse("veterans:resume_upload"), {"file": upload})
    assert response["Location"] == reverse("veterans:resume_list")
    resume = Resume.objects.get(veteran=veteran)
    assert (resume.original_name, resume.size) == ("简历.pdf", len(PDF))
    assert stored(storage_dir) == [storage_dir / resume.file.name]


def test_the_resume_is_stored_outside_the_public_media_folder(resume, storage_dir):
    path = storage_dir / resume.file.name
    assert path.exists()
    assert not str(path).startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script></html>", b"MZ\x90\x00" + b"\x00" * 64, b""],
    ids=["html", "executable", "empty"],
)
def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(
    client, veteran, storage_dir, content
):
    client.force_login(veteran.user)
    upload = SimpleUploadedFile("resume.pdf", content, "application/pdf")
    response = client.post(reverse("veterans:resume_upload"), {"file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not Resume.objects.exists()
    assert stored(storage_dir) == []


def test_a_file_over_5_mb_is_refused_with_a_message(client, veteran, storage_dir):
    client.force_login(veteran.user)
    content = b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024) + b"\n%%EOF\n"
    upload = SimpleUploadedFile("big.pdf", content, "application/pdf")
    response = client.post(reverse("veterans:resume_upload"), {"file": upload})
    assert "larger than 5 MB" in response.content.decode()
    assert not Resume.objects.exists()


def test_the_resume_list_says_where_each_resume_was_sent(client, veteran, sent_to_a):
    client.force_login(veteran.user)
    content = client.get(reverse("veterans:resume_list")).content.decode()
    assert sent_to_a.post.branch.enterprise.name in content


# --- download -----------------------------------------------------------------------------------


def test_the_owner_downloads_the_resume_as_an_attachment(client, veteran, resume):
    client.force_login(veteran.user)
    response = download(client, resume)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert not AuditEvent.objects.filter(action="resume.accessed").exists()


def test_another_veteran_gets_404(client, other_veteran, resume):
    client.force_login(other_veteran.user)
    assert download(client, resume).status_code == 404


def test_the_enterprise_it_was_sent_to_downloads_it_and_the_access_is_recorded(
    client, hr_a, resume, sent_to_a
):
    client.force_login(hr_a)
    response = download(client, resume)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    event = AuditEvent.objects.for_object(resume).get(action="resume.accessed")
    assert event.actor == hr_a


def test_another_enterprise_gets_404_and_nothing_is_recorded(client, hr_b, resume, sent_to_a):
    client.force_login(hr_b)
    assert download(client, resume).status_code == 404
    assert not AuditEvent.objects.filter(action="resume.accessed").exists()


def test_an_enterprise_it_was_not_sent_to_gets_404(client, hr_a, resume):
    client.force_login(hr_a)
    assert download(client, resume).status_code == 404


@pytest.mark.parametrize("persona", ["bureau_x", "ministry"], indirect=True)
def test_regulators_get_404(client, persona, resume, sent_to_a):
    client.force_login(persona)
    assert download(client, resume).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, resume):
    assert download(client, resume)["Location"].startswith(reverse("accounts:login"))


# --- delete -------------------------------------------------------------------------------------


def test_the_owner_deletes_the_resume_and_its_file(
    client, veteran, resume, storage_dir, django_capture_on_commit_callbacks
):
    client.force_login(veteran.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("veterans:resume_delete", args=[resume.pk]))
    assert response["Location"] == reverse("veterans:resume_list")
    assert not Resume.objects.exists()
    assert stored(storage_dir) == []
    assert AuditEvent.objects.filter(action="resume.deleted", object_id=str(resume.pk)).exists()


def test_deleting_keeps_the_applications_it_was_sent_with(
    client, veteran, resume, sent_to_a, django_capture_on_commit_callbacks
):
    client.force_login(veteran.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("veterans:resume_delete", args=[resume.pk]))
    sent_to_a.refresh_from_db()
    assert sent_to_a.resume is None


def test_deleting_wants_a_post(client, veteran, resume):
    client.force_login(veteran.user)
    assert client.get(reverse("veterans:resume_delete", args=[resume.pk])).status_code == 405
    assert Resume.objects.exists()


@pytest.mark.parametrize("persona", ["other_veteran", "hr_a"], indirect=True)
def test_no_one_else_can_delete_it(
    client, persona, resume, sent_to_a, storage_dir, django_capture_on_commit_callbacks
):
    client.force_login(persona)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("veterans:resume_delete", args=[resume.pk]))
    assert response.status_code == 404
    assert Resume.objects.filter(pk=resume.pk).exists()
    assert (storage_dir / resume.file.name).exists()
