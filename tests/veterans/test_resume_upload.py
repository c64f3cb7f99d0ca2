import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.accounts.models import AuditEvent
from tests import pdfs
from veterans.models import Resume
from veterans.services import resume_upload

PDF = pdfs.ONE_PAGE


@pytest.fixture
def storage_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return settings.PRIVATE_STORAGE_ROOT


def stored_files(storage_dir):
    return (
        [path for path in storage_dir.rglob("*") if path.is_file()] if storage_dir.exists() else []
    )


def upload(profile, content: bytes, name: str = "resume.pdf"):
    return resume_upload(
        profile=profile,
        uploaded_file=SimpleUploadedFile(name, content, content_type="application/pdf"),
    )


def test_it_stores_a_pdf_resume_in_private_storage(veteran, storage_dir):
    resume = upload(veteran, PDF)
    assert Resume.objects.get(veteran=veteran).size == len(PDF)
    assert stored_files(storage_dir) == [storage_dir / resume.file.name]
    assert (storage_dir / resume.file.name).read_bytes() == PDF
    assert AuditEvent.objects.for_object(resume).get().action == "resume.uploaded"


def test_it_accepts_a_pdf_of_exactly_the_size_limit(veteran, storage_dir):
    content = pdfs.one_page(size=Resume.MAX_BYTES)
    assert upload(veteran, content).size == Resume.MAX_BYTES


def test_it_keeps_the_original_name_without_path_or_unsafe_characters(veteran, storage_dir):
    resume = upload(veteran, PDF, name="../../etc/张三 <简历>.pdf")
    assert resume.original_name == "张三_简历.pdf"
    assert "张三" not in resume.file.name


REFUSED = {
    "empty": b"",
    "too_large": b"%PDF-1.7\n" + b"0" * Resume.MAX_BYTES + b"\n%%EOF\n",
    "html": b"<!DOCTYPE html><html><script>alert(1)</script></html>\n%%EOF\n",
    "svg": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "elf": b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
    "windows_exe": b"MZ\x90\x00\x03" + b"\x00" * 64 + b"%PDF-1.4\n%%EOF\n",
    "pdf_after_other_bytes": b"GIF89a%PDF-1.4\n%%EOF\n",
    "zip": b"PK\x03\x04" + b"\x00" * 30,
    "truncated_pdf": PDF.replace(b"%%EOF", b""),
}


@pytest.mark.parametrize("content", REFUSED.values(), ids=REFUSED.keys())
def test_it_refuses_a_file_that_is_not_an_acceptable_pdf_and_stores_nothing(
    veteran, storage_dir, content
):
    with pytest.raises(ValidationError):
        upload(veteran, content, name="resume.pdf")
    assert Resume.objects.count() == 0
    assert stored_files(storage_dir) == []
    assert not AuditEvent.objects.exists()


def test_the_refusal_says_why_in_words(veteran, storage_dir):
    with pytest.raises(ValidationError) as refused:
        upload(veteran, REFUSED["html"])
    assert refused.value.code == "not_pdf"
    assert "PDF" in refused.value.messages[0]


def test_a_pdf_that_ends_without_its_end_marker_near_the_end_is_refused(veteran, storage_dir):
    content = PDF + b"0" * 4096
    with pytest.raises(ValidationError):
        upload(veteran, content)
    assert Resume.objects.count() == 0
