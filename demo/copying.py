"""Bulk loading with PostgreSQL COPY: a model and its columns in, rows streamed in chunks.

A column is a numpy array, a list, or a `Const`. In numpy integer columns a negative value
stands for NULL (every id and count here is positive); NaT does in date and time columns.
Columns left out take the model field's default, so a field added later with a default
does not break the loader.
"""

import io
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from django.core.management.color import no_style
from django.db import connection

CHUNK_ROWS = 100_000
NULL = "\\N"
ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


@dataclass(frozen=True)
class Const:
    value: object


def text_of(value) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list | tuple):
        return array_literal(value).translate(ESCAPES)
    return str(value).translate(ESCAPES)


def array_literal(values) -> str:
    """A PostgreSQL array literal (an ArrayField's value, e.g. its default `[]`): `{}`,
    `{"a","b"}`; Python's `[]` is not one."""
    items = (
        "NULL" if v is None else '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'
        for v in values
    )
    return "{" + ",".join(items) + "}"


def numpy_text(part: np.ndarray) -> list[str]:
    kind = part.dtype.kind
    if kind == "b":
        return np.where(part, "t", "f").tolist()
    if kind == "M":
        utc = "UTC" if part.dtype == np.dtype("datetime64[s]") else None
        text = np.datetime_as_string(part, timezone=utc) if utc else np.datetime_as_string(part)
        return np.where(np.isnat(part), NULL, text).tolist()
    if kind in "iu":
        return np.where(part < 0, NULL, part.astype(str)).tolist()
    if kind == "f":
        return part.astype(str).tolist()
    return list_text(part.tolist())


def list_text(part: list) -> list:
    """Strings needing no escapes pass as they are (checked in one pass); else each value."""
    try:
        joined = "\x1f".join(part)
    except TypeError:  # None or a number among them
        joined = "\\"
    if any(special in joined for special in "\\\t\n\r"):
        return [text_of(v) for v in part]
    return part


def column_text(values, start: int, stop: int) -> list[str] | str:
    if isinstance(values, Const):
        return text_of(values.value)
    part = values[start:stop]
    return numpy_text(part) if isinstance(part, np.ndarray) else list_text(list(part))


def with_defaults(model, columns: dict) -> dict:
    """Fill the columns the caller left out from the fields' defaults (NULL if nullable)."""
    filled = dict(columns)
    for field in model._meta.concrete_fields:
        if field.column in filled or field.primary_key:
            continue
        if field.has_default():
            filled[field.column] = Const(field.get_default())
        elif not field.null:
            raise ValueError(f"{model._meta.label}.{field.name} needs a value for COPY")
    return filled


def chunk_lines(texts: list, rows: int) -> io.StringIO:
    columns = [[t] * rows if isinstance(t, str) else t for t in texts]
    return io.StringIO("".join(f"{line}\n" for line in map("\t".join, zip(*columns))))


def copy_model(model, columns: dict) -> int:
    """COPY the rows into the model's table; returns how many."""
    columns = with_defaults(model, columns)
    rows = max(len(v) for v in columns.values() if not isinstance(v, Const))
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    )
    with connection.cursor() as cursor:
        for start in range(0, rows, CHUNK_ROWS):
            stop = min(start + CHUNK_ROWS, rows)
            texts = [column_text(v, start, stop) for v in columns.values()]
            cursor.copy_expert(sql, chunk_lines(texts, stop - start))
    return rows


def analyze(models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def reset_sequences(models) -> None:
    """After COPY with explicit ids, move each id sequence past the highest id."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


# Foreign keys first, then unique constraints: dropped in this order, added back reversed.
CONSTRAINTS_SQL = """
    SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
    WHERE contype IN ('f', 'u') AND conrelid = ANY(%s::regclass[]) ORDER BY contype, 1, 2
"""
# Indexes of their own: not a primary key's or a unique constraint's.
INDEXES_SQL = """
    SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i
    WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary AND NOT EXISTS (
        SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u')
    ) ORDER BY 1
"""


@contextmanager
def keys_and_indexes_built_at_end(models):
    """Drop the tables' foreign keys, unique constraints and indexes; build them again at
    the end, in the same transaction.

    Building an index sorts the table once, and adding a foreign key checks it in one join;
    kept in place, they cost a random index write or a deferred check per row, which at the
    large scale's ten million rows takes several times longer than the load itself.
    """
    tables = [model._meta.db_table for model in models]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(CONSTRAINTS_SQL, [tables])
        constraints = cursor.fetchall()
        cursor.execute(INDEXES_SQL, [tables])
        indexes = cursor.fetchall()
        for table, name, _ in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in reversed(constraints):
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
