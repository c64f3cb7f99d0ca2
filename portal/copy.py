"""Writing many rows at once with PostgreSQL's COPY (text format): for the bulk loads whose
rows Django's bulk_create would build as model instances and bind as parameters one value
at a time (jobs.services.bulk writes 20,000 posts, their skills and their trail so)."""

import datetime
import io
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


def copy_rows(table: str, columns: Sequence[str], lines: Iterable[str]) -> None:
    """COPY the lines (copy_line of each row, in the columns' order) into the table, on the
    default connection (in its transaction, if one is open)."""
    buffer = io.StringIO("".join(lines))
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
