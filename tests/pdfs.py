"""PDF files for the tests: a real one-page PDF made with pypdf, and files written by hand
the way an attacker would write them (correct cross-reference tables, so that a reader takes
them as they are)."""

import io
import zlib

from pypdf import PdfWriter

PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"


def one_page(size: int | None = None) -> bytes:
    """A blank A-page PDF; with `size`, padded (in its metadata) to exactly that many bytes."""
    padding = 0
    while True:
        writer = PdfWriter()
        writer.add_blank_page(width=200, height=200)
        if size is not None:
            writer.add_metadata({"/Producer": "x" * padding})
        buffer = io.BytesIO()
        writer.write(buffer)
        content = buffer.getvalue()
        if size is None or len(content) == size:
            return content
        padding += size - len(content)


ONE_PAGE = one_page()


def hand_made(catalog: bytes, *extra: bytes) -> bytes:
    """Catalog (object 1), pages (2), one page (3), then `extra` objects from 4 on."""
    return _with_xref_table([catalog, PAGES, PAGE, *extra])


def _with_xref_table(bodies: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(out)


def with_object_stream(catalog: bytes, hidden: bytes) -> bytes:
    """PDF 1.5: catalog, pages and page in the clear, object 4 (`hidden`) compressed inside
    an object stream (5), and a cross-reference stream (6) instead of a table."""
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}
    packed = zlib.compress(b"4 0 " + hidden)
    objects = {
        1: catalog,
        2: PAGES,
        3: PAGE,
        5: b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (len(packed), packed),
    }
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    offsets[6] = len(out)
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    for number in range(1, 7):
        if number == 4:
            rows.append(b"\x02" + (5).to_bytes(4, "big") + (0).to_bytes(2, "big"))
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n%s\nendstream\nendobj\n"
        % (len(table), table)
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[6]
    return bytes(out)
