"""Verification evidence: photos (JPEG, PNG) or PDF files, judged by their content, never by
their name or the browser's content type (README "Bureau work lists")."""

import re
import struct
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from jobs.models import VerificationEvidence
from veterans.services import check_pdf_content

Kind = VerificationEvidence.Kind
JPEG_START, JPEG_END = b"\xff\xd8\xff", b"\xff\xd9"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _refuse_kind():
    raise ValidationError(
        _("Evidence must be a photo (JPEG or PNG) or a PDF file, and this file is neither."),
        code="evidence_kind",
    )


def _check_png(content: bytes) -> None:
    """Every chunk's length and CRC hold, from IHDR to an IEND that ends the file."""
    at, first = len(PNG_SIGNATURE), True
    while at + 12 <= len(content):
        (length,) = struct.unpack(">I", content[at : at + 4])
        kind, data = content[at + 4 : at + 8], content[at + 8 : at + 8 + length]
        crc = content[at + 8 + length : at + 12 + length]
        if len(data) != length or len(crc) != 4 or zlib.crc32(kind + data) != int.from_bytes(crc):
            _refuse_kind()
        if first and kind != b"IHDR":
            _refuse_kind()
        at, first = at + 12 + length, False
        if kind == b"IEND":
            if content[at:].strip(b"\x00"):
                _refuse_kind()  # another file riding behind the image
            return
    _refuse_kind()


def _check_jpeg(content: bytes) -> None:
    """The segments before the image data are well formed and the file ends with EOI."""
    at = 2
    while at + 4 <= len(content):
        if content[at] != 0xFF:
            _refuse_kind()
        marker = content[at + 1]
        if marker == 0xDA:  # start of scan: entropy-coded data up to the end marker
            if not content.rstrip(b"\x00").endswith(JPEG_END):
                _refuse_kind()
            return
        (length,) = struct.unpack(">H", content[at + 2 : at + 4])
        if length < 2:
            _refuse_kind()
        at += 2 + length
    _refuse_kind()


def evidence_kind(uploaded_file: UploadedFile) -> str:
    """The file's kind by its content, or a ValidationError saying what is wrong."""
    limit = settings.VERIFICATION_EVIDENCE_MAX_BYTES
    if not uploaded_file.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded_file.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.") % {"limit": limit // 2**20},
            code="too_large",
        )
    uploaded_file.seek(0)
    content = uploaded_file.read(limit + 1)
    uploaded_file.seek(0)
    if content.startswith(JPEG_START):
        _check_jpeg(content)
        return Kind.JPEG
    if content.startswith(PNG_SIGNATURE):
        _check_png(content)
        return Kind.PNG
    if content.startswith(b"%PDF-"):
        check_pdf_content(content)
        return Kind.PDF
    return _refuse_kind()


def display_name(name: str, kind: str) -> str:
    """The uploaded name, for display only: no path or control characters, the extension
    its content earned."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = UNSAFE_NAME.sub("", base.rsplit(".", 1)[0]).strip(". ")[:120]
    return f"{stem or 'evidence'}.{kind}"


def check_evidence(files) -> list[tuple[UploadedFile, str]]:
    """Each file with its kind; the first bad file refuses them all (nothing is kept)."""
    if len(files) > settings.VERIFICATION_EVIDENCE_MAX_FILES:
        raise ValidationError(
            _("Attach at most %(count)d files to one verification.")
            % {"count": settings.VERIFICATION_EVIDENCE_MAX_FILES},
            code="too_many_files",
        )
    checked = []
    for uploaded in files:
        try:
            checked.append((uploaded, evidence_kind(uploaded)))
        except ValidationError as error:
            message = " ".join(error.messages)
            raise ValidationError(
                {"evidence": f"{display_name(uploaded.name, '')[:-1]}: {message}"},
                code=error.code,
            ) from None
    return checked
