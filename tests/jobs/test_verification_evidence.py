"""Verification evidence: photos or PDF files attached to a verification (genuine or not),
checked by content, kept in private storage, served only to the regulators over the post."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from jobs import services
from jobs.models import Verification, VerificationEvidence
from portal.storage import private_storage
from tests import images, pdfs
from tests.jobs.conftest import actions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _private_folder(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    # The browser's content type is a lie on purpose: only the bytes count.
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def record(post, user, *files, result="genuine"):
    return services.verification_record(
        post=post,
        bureau_user=user,
        method="site_visit",
        result=result,
        note="实地走访，岗位真实",
        verified_on=datetime.date(2026, 3, 2),
        evidence=list(files),
    )


def test_a_genuine_verification_keeps_a_photo_a_png_and_a_pdf_in_private_storage(bureau_x, post):
    verification = record(
        post,
        bureau_x,
        upload("门岗.jpg", images.JPEG),
        upload("现场.png", images.PNG),
        upload("劳动合同.pdf", pdfs.ONE_PAGE),
    )
    kinds = [e.kind for e in verification.evidence.all()]
    assert kinds == ["jpg", "png", "pdf"]
    for evidence in verification.evidence.all():
        assert private_storage.exists(evidence.file.name)
        assert evidence.file.name.startswith(f"verifications/{post.pk}/")
    assert actions(post) == ["job_post.verified"]


def test_a_not_genuine_verification_keeps_its_evidence_and_takes_the_post_down(bureau_x, post):
    verification = record(post, bureau_x, upload("空厂房.jpg", images.JPEG), result="not_genuine")
    post.refresh_from_db()
    assert post.status == "taken_down"
    assert verification.evidence.count() == 1


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>",
        b"GIF89a....",
        images.PNG[:-6],
        b"\xff\xd8\xff\xe0",
    ],
    ids=["html", "gif", "truncated-png", "truncated-jpeg"],
)
def test_genuine_evidence_is_judged_by_content_and_a_bad_file_keeps_nothing(
    bureau_x, post, content
):
    with pytest.raises(ValidationError) as refused:
        record(post, bureau_x, upload("ok.jpg", images.JPEG), upload("photo.jpg", content))
    assert "evidence" in refused.value.message_dict
    assert not Verification.objects.exists()
    assert not VerificationEvidence.objects.exists()


def test_genuine_evidence_over_the_size_limit_is_refused(bureau_x, post, settings):
    settings.VERIFICATION_EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError):
        record(post, bureau_x, upload("big.png", images.png(40, 40)))
    assert not Verification.objects.exists()


def test_genuine_evidence_with_too_many_files_is_refused(bureau_x, post, settings):
    settings.VERIFICATION_EVIDENCE_MAX_FILES = 1
    with pytest.raises(ValidationError):
        record(post, bureau_x, upload("a.png", images.PNG), upload("b.png", images.PNG))


def test_a_refused_verification_leaves_no_file_behind(bureau_y, post):
    from portal.workflow import NotAllowed

    with pytest.raises(NotAllowed):
        record(post, bureau_y, upload("a.png", images.PNG))
    root = (
        private_storage.path("verifications") if private_storage.exists("verifications") else None
    )
    assert root is None or not any(private_storage.listdir("verifications")[1])


@pytest.fixture
def evidence(bureau_x, post):
    return record(post, bureau_x, upload("现场.png", images.PNG)).evidence.get()


@pytest.mark.parametrize("persona", ["bureau_x", "ministry"], indirect=True)
def test_genuine_evidence_is_served_to_the_regulators_over_the_post(client, persona, evidence):
    client.force_login(persona)
    response = client.get(reverse("jobs:verification_evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == images.PNG


@pytest.mark.parametrize("persona", ["bureau_y"], indirect=True)
def test_genuine_evidence_is_404_to_the_bureau_of_another_province(client, persona, evidence):
    client.force_login(persona)
    assert client.get(reverse("jobs:verification_evidence", args=[evidence.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_genuine_evidence_is_refused_to_the_enterprise_and_veterans(client, persona, evidence):
    client.force_login(persona)
    assert client.get(reverse("jobs:verification_evidence", args=[evidence.pk])).status_code == 404


def test_genuine_evidence_has_no_public_url(evidence, settings):
    with pytest.raises(ValueError):
        evidence.file.url  # noqa: B018 (the private storage has no base URL)


def test_the_verification_form_uploads_genuine_evidence(client, bureau_x, post):
    client.force_login(bureau_x)
    client.post(
        reverse("jobs:post_verify", args=[post.pk]),
        {
            "method": "site_visit",
            "result": "genuine",
            "verified_on": "2026-03-02",
            "note": "",
            "evidence": [upload("门岗.jpg", images.JPEG), upload("合同.pdf", pdfs.ONE_PAGE)],
        },
    )
    verification = Verification.objects.get()
    assert verification.evidence.count() == 2
    page = client.get(reverse("jobs:post_review", args=[post.pk])).content.decode()
    assert reverse("jobs:verification_evidence", args=[verification.evidence.first().pk]) in page


# --- the API -------------------------------------------------------------------------------


def api_as(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_genuine_evidence_is_attached_through_the_api(bureau_x, post):
    verification = record(post, bureau_x)
    answer = api_as(bureau_x).post(
        f"/api/v1/verifications/{verification.pk}/evidence/",
        {"files": [upload("现场.png", images.PNG)]},
        format="multipart",
    )
    assert answer.status_code == 201, answer.content
    assert [e["kind"] for e in answer.json()["evidence"]] == ["png"]
    assert actions(verification) == ["verification.evidence_added"]


def test_genuine_evidence_attach_api_refuses_a_fake_image(bureau_x, post):
    verification = record(post, bureau_x)
    answer = api_as(bureau_x).post(
        f"/api/v1/verifications/{verification.pk}/evidence/",
        {"files": [upload("x.png", b"<svg onload=alert(1)>")]},
        format="multipart",
    )
    assert answer.status_code == 400
    assert not VerificationEvidence.objects.exists()


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_y", "ministry"], indirect=True)
def test_genuine_evidence_attach_api_is_refused_to_others(persona, bureau_x, post):
    verification = record(post, bureau_x)
    answer = api_as(persona).post(
        f"/api/v1/verifications/{verification.pk}/evidence/",
        {"files": [upload("x.png", images.PNG)]},
        format="multipart",
    )
    assert answer.status_code in (403, 404)
    assert not VerificationEvidence.objects.exists()


def test_genuine_evidence_file_api_serves_the_regulators_only(ministry, hr_a, bureau_y, evidence):
    url = f"/api/v1/verifications/evidence/{evidence.pk}/"
    assert api_as(ministry).get(url).status_code == 200
    assert api_as(bureau_y).get(url).status_code == 404
    assert api_as(hr_a).get(url).status_code == 403
