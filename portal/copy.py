"""Writing many rows at once with PostgreSQL's COPY (text format): for the bulk loads whose
rows Django's bulk_create would build as model instances and bind as parameters one value
at a time (jobs.services.bulk writes 20,000 posts, their skills and their trail so)."""

import datetime
from collections.abc import Iterable, Sequence

from django.db import connection


def copy_text(value) -> str:
    """A value in COPY's text format: NULL as \\N, booleans as t/f, dates and datetimes in
    ISO 8601, and the backslash, tab and line ends escaped."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        text = text.replace("\r", "\\r")
    return text


def copy_line(values: Iterable) -> str:
    return "\t".join(map(copy_text, values)) + "\n"


# Characters handed to the server at a time.
CHUNK = 1 << 16


def copy_rows(table: str, columns: Sequence[str], lines: Iterable[str]) -> None:
    """COPY the lines (copy_line of each row, in the columns' order) into the table, on the
    default connection (in its transaction, if one is open).

    The lines are read as the COPY goes: a generator's next lines are made in Python while
    the server parses the ones it has (on another core). An error raised making a line
    aborts the COPY, and with it the caller's transaction, and is raised as it was (not as
    the server's report of a failed read)."""
    reader = _LineReader(lines)
    with connection.cursor() as cursor:
        try:  # the size positional: Django's debug cursor passes no keywords on
            cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", reader, CHUNK)
        except Exception:
            if reader.error is not None:
                raise reader.error from None  # not the server's report of the failed read
            raise


class _LineReader:
    """A text file's read() over lines made as they are read."""

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)
        self._rest = ""
        self.error = None

    def read(self, size: int = -1) -> str:
        try:
            return self._read(size)
        except Exception as error:
            self.error = error
            raise

    def _read(self, size: int) -> str:
        parts, length = [self._rest], len(self._rest)
        if size < 0 or length < size:
            for line in self._lines:
                parts.append(line)
                length += len(line)
                if 0 <= size <= length:
                    break
        text = "".join(parts)
        if size < 0:
            self._rest = ""
            return text
        self._rest = text[size:]
        return text[:size]
