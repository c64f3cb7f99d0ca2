"""PostgreSQL binary COPY, both ways, as numpy arrays.

Reading: every selected column must be a NOT NULL int2/int4/int8/float8 (COALESCE in the
query), so each row has the same width and the whole answer parses as one structured array.
Writing: a structured array in the wire format goes to the server in one stream.
"""

import io

import numpy as np

SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
HEADER = SIGNATURE + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
TRAILER = b"\xff\xff"
WIRE = {"i2": ">i2", "i4": ">i4", "i8": ">i8", "f8": ">f8"}


def _row_dtype(columns: list[tuple[str, str]]) -> np.dtype:
    fields = [("_n", ">i2")]
    for name, kind in columns:
        fields += [(f"_{name}_len", ">i4"), (name, WIRE[kind])]
    return np.dtype(fields)


def read(cursor, query: str, params, columns: list[tuple[str, str]]) -> dict[str, np.ndarray]:
    """Run `query` with COPY ... TO STDOUT (FORMAT binary); one native array per column."""
    sql = cursor.mogrify(query, params).decode()
    buffer = io.BytesIO()
    cursor.copy_expert(f"COPY ({sql}) TO STDOUT WITH (FORMAT binary)", buffer)
    data = buffer.getbuffer()
    extension = int.from_bytes(data[15:19], "big")
    body = data[19 + extension : len(data) - len(TRAILER)]
    rows = np.frombuffer(body, dtype=_row_dtype(columns))
    return {name: rows[name].astype(kind) for name, kind in columns}


def write(cursor, table: str, columns: list[tuple[str, str]], values: dict) -> int:
    """COPY the rows (one array per column, all the same length) into `table`."""
    n = len(next(iter(values.values())))
    rows = np.empty(n, dtype=_row_dtype(columns))
    rows["_n"] = len(columns)
    for name, kind in columns:
        rows[f"_{name}_len"] = np.dtype(kind).itemsize
        rows[name] = values[name]
    stream = io.BytesIO(HEADER + rows.tobytes() + TRAILER)
    names = ", ".join(name for name, _ in columns)
    cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT binary)", stream)
    return n
