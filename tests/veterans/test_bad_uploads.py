"""A corpus of bad files, made here, sent through the resume page and the API: each is
refused with a message in the reader's language and leaves no row and no file behind.

The multipart bodies are written by hand so the file names reach the server exactly as an
attacker would send them (the test client would clean them first).
"""

import json
import uuid

import pytest
from django.urls import reverse

from tests import pdfs
from veterans.models import Resume

pytestmark = pytest.mark.django_db

PDF = pdfs.ONE_PAGE
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x00\x00" + b"\x00" * 20 + b"PK\x05\x06" + b"\x00" * 18


def _bad_contents() -> dict[str, bytes]:
    return {
        "over_the_limit": b"%PDF-1.7\n" + b"0" * (Resume.MAX_BYTES + 1) + b"\n%%EOF\n",
        "empty": b"",
        "elf_renamed": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120,
        "pe_renamed": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"PE\x00\x00" + b"\x00" * 64,
        "zip_renamed": ZIP,
        "html_as_pdf": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        "svg_as_pdf": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "pdf_header_then_html": b"%PDF-1.4\n<html><script>alert(document.cookie)</script>\n%%EOF\n",
        "pdf_with_javascript": pdfs.hand_made(
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
        ),
        "pdf_with_embedded_file": pdfs.hand_made(
            b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>", b"<< >>"
        ),
        "pdf_with_zip_appended": PDF + ZIP,
        "pdf_header_only": b"%PDF-1.4\n",
        **PARSED_CORPUS,
    }


# What only a PDF parser sees: names written with #xx escapes, objects compressed in an
# object stream, a file without a page.
PARSED_CORPUS = {
    "pdf_with_escaped_javascript_name": pdfs.hand_made(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> >>"
    ),
    "pdf_with_escaped_launch_name": pdfs.hand_made(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /L#61unch /F (cmd.exe) >> >>"
    ),
    "pdf_with_escaped_embedded_files_name": pdfs.hand_made(
        b"<< /Type /Catalog /Pages 2 0 R /Names << /E#6dbeddedFiles 4 0 R >> >>",
        b"<< /Names [(a.exe) 5 0 R] >>",
        b"<< /Type /Filespec /F (a.exe) >>",
    ),
    "pdf_with_javascript_in_an_object_stream": pdfs.with_object_stream(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /S /JavaScript /JS (app.alert(1)) >>",
    ),
    "pdf_with_an_unreferenced_launch_action": pdfs.hand_made(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /S /Launch /Win << /F (cmd.exe) >> >>",
    ),
    "pdf_without_a_page": b"%PDF-1.4\n%%EOF\n",
    "pdf_with_no_pages_in_its_tree": pdfs.hand_made(
        b"<< /Type /Catalog /Pages 4 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"
    ),
}


# Names refused whatever the content (a valid PDF is sent with each).
BAD_NAMES = {
    "right_to_left_override": "\u202efdp.exe",
    "very_long": "简" * 300 + ".pdf",
    "only_dots": "....",
    "not_pdf": "resume.exe",
}


REFUSALS_IN_CHINESE = (
    "文件内容为空",
    "提交的是空文件",  # Django's own form checks come first
    "这个字段是必填项",  # an empty part: Django's parser drops it
    "文件大小超过",
    "仅支持上传PDF文件",
    "该PDF文件包含脚本",
    "文件名不符合要求",
)


def multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), boundary


@pytest.fixture
def storage_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return settings.PRIVATE_STORAGE_ROOT


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def post_file(client, url: str, name: str, content: bytes, language: str):
    body, boundary = multipart(name, content)
    return client.generic(
        "POST",
        url,
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        HTTP_ACCEPT_LANGUAGE=language,
    )


CASES = [(key, "resume.pdf", content) for key, content in _bad_contents().items()]
CASES += [(key, name, PDF) for key, name in BAD_NAMES.items()]


@pytest.mark.parametrize(("case", "name", "content"), CASES, ids=[case[0] for case in CASES])
def test_the_resume_page_refuses_a_bad_file_in_chinese_and_stores_nothing(
    client, veteran, storage_dir, case, name, content
):
    client.force_login(veteran.user)

    response = post_file(client, reverse("veterans:resume_upload"), name, content, "zh-hans")

    assert response.status_code == 400
    assert any(message in response.content.decode() for message in REFUSALS_IN_CHINESE)
    assert (Resume.objects.count(), stored_files(storage_dir)) == (0, [])


@pytest.mark.parametrize(("case", "name", "content"), CASES, ids=[case[0] for case in CASES])
def test_the_api_refuses_a_bad_file_with_a_message_and_stores_nothing(
    client, veteran, storage_dir, case, name, content
):
    client.force_login(veteran.user)

    response = post_file(client, "/api/v1/me/resumes/upload/", name, content, "en")

    assert response.status_code == 400
    assert json.loads(response.content)  # a message, field by field
    assert (Resume.objects.count(), stored_files(storage_dir)) == (0, [])


@pytest.mark.parametrize("name", ["../../x.pdf", "..\\..\\x.pdf", "a\x00b.pdf"])
def test_a_path_or_nul_in_the_name_never_reaches_the_disk(client, veteran, storage_dir, name):
    """Django keeps only the last path part and drops unprintable characters before the
    portal sees the name; the file is then stored under a name the portal makes."""
    client.force_login(veteran.user)

    post_file(client, reverse("veterans:resume_upload"), name, PDF, "en")

    resume = Resume.objects.get()
    assert "/" not in resume.original_name and "\x00" not in resume.original_name
    assert stored_files(storage_dir) == [storage_dir / resume.file.name]
    assert resume.file.name.startswith(f"resumes/{veteran.pk}/")
