"""veterans.pdf reads a PDF with pypdf: what a keyword search over the bytes misses is
found, and ordinary PDFs (compressed objects, links) pass."""

import pytest

from tests import pdfs
from veterans.pdf import ActiveContent, Encrypted, NotAPdf, inspect_pdf

CATALOG = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"


def test_a_one_page_pdf_made_by_a_real_writer_passes():
    inspect_pdf(pdfs.ONE_PAGE)


def test_a_pdf_with_an_object_stream_and_a_link_passes():
    inspect_pdf(pdfs.with_object_stream(CATALOG, b"<< /S /URI /URI (https://example.org/) >>"))


def test_a_pdf_with_javascript_only_inside_a_compressed_object_stream_is_refused():
    content = pdfs.with_object_stream(CATALOG, b"<< /S /JavaScript /JS (app.alert(1)) >>")
    assert b"JavaScript" not in content

    with pytest.raises(ActiveContent):
        inspect_pdf(content)


def test_a_pdf_with_an_escaped_name_hidden_in_an_object_stream_is_refused():
    hidden = b"<< /S /URI /URI (x) /Next << /S /J#61vaScript /J#53 (app.alert(1)) >> >>"

    with pytest.raises(ActiveContent):
        inspect_pdf(pdfs.with_object_stream(CATALOG, hidden))


@pytest.mark.parametrize(
    "catalog",
    [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (x) >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /L#61unch /F (cmd.exe) >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /Names << /E#6dbeddedFiles [] >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /X#46A 4 0 R >> >>",
    ],
    ids=["javascript", "launch", "embedded_files", "xfa"],
)
def test_a_pdf_with_an_escaped_active_name_is_refused(catalog):
    with pytest.raises(ActiveContent):
        inspect_pdf(pdfs.hand_made(catalog, b"<< >>"))


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n%%EOF\n",
        pdfs.hand_made(
            b"<< /Type /Catalog /Pages 4 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"
        ),
        b"%PDF-1.4\n" + b"\x00garbage" * 100 + b"\n%%EOF\n",
    ],
    ids=["header_and_eof_only", "empty_page_tree", "garbage"],
)
def test_a_pdf_without_a_page_or_unreadable_is_refused(content):
    with pytest.raises(NotAPdf):
        inspect_pdf(content)


def test_a_password_protected_pdf_is_refused(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(_as_file(tmp_path, pdfs.ONE_PAGE)))
    writer.encrypt(user_password="secret", algorithm="AES-128")
    writer.write(tmp_path / "locked.pdf")

    with pytest.raises(Encrypted):
        inspect_pdf((tmp_path / "locked.pdf").read_bytes())


def _as_file(tmp_path, content: bytes):
    path = tmp_path / "in.pdf"
    path.write_bytes(content)
    return path
