"""What an uploaded PDF holds, read with pypdf (README "Uploads").

A keyword search over the raw bytes misses what a PDF reader still understands: names may
be written with #xx escapes (/J#61vaScript is /JavaScript) and objects may sit compressed
in object streams. So the file is parsed: every object the cross-reference tables list and
every object reachable from the trailer is visited with its names decoded, and every object
stream is decompressed and searched as well (objects hidden there without an entry in the
tables are still read by some readers).
"""

import io
import re
from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.generic import IndirectObject, NameObject, StreamObject

# Names that make a PDF run code, open other programs or carry other files.
ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/GoToE",
        "/ImportData",
    }
)
ACTIVE_NAME_BYTES = re.compile(
    rb"/(?:" + b"|".join(re.escape(name[1:].encode()) for name in ACTIVE_NAMES) + rb")(?![\w#])"
)
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


class NotAPdf(Exception):
    """pypdf cannot read it, or it has no page."""


class Encrypted(Exception):
    """Protected by a password: its content cannot be checked."""


class ActiveContent(Exception):
    """JavaScript, a launch action, an embedded file or the like, wherever it was found."""


def inspect_pdf(content: bytes) -> None:
    """Raises one of the exceptions above, or returns for a PDF with pages and nothing
    active in it."""
    if ACTIVE_NAME_BYTES.search(_unescaped(content)):
        raise ActiveContent
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Encrypted
        pages = len(reader.pages)
        names = set(_names(reader))
    except (Encrypted, ActiveContent):
        raise
    except Exception as error:
        # Whatever a malformed file makes the parser raise (it raises many kinds), the
        # answer is the same: not a PDF the portal accepts.
        raise NotAPdf from error
    if names & ACTIVE_NAMES:
        raise ActiveContent
    if not pages:
        raise NotAPdf


def _unescaped(data: bytes) -> bytes:
    return NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), data)


def _names(reader: PdfReader) -> Iterator[str]:
    """Every name used as a key or a value anywhere in the file, decoded."""
    stack = [reader.trailer]
    stack += [
        IndirectObject(number, generation, reader)
        for generation, numbers in reader.xref.items()
        for number in numbers
    ]
    stack += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    seen = set()
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, NameObject):
            yield str(item)
        elif isinstance(item, dict):
            yield from (str(key) for key in item)
            stack.extend(item.values())
            if isinstance(item, StreamObject) and item.get("/Type") == "/ObjStm":
                yield from _names_in_object_stream(item)
        elif isinstance(item, list):
            stack.extend(item)


def _names_in_object_stream(stream: StreamObject) -> Iterator[str]:
    for match in ACTIVE_NAME_BYTES.finditer(_unescaped(stream.get_data())):
        yield match.group().decode()
