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
    """COPY the rows (one array per column, all the same length) into `table`.

    The rows are encoded in chunks as the server asks for them, so that this process
    encodes the next chunk while the database writes the last one."""
    names = ", ".join(name for name, _ in columns)
    stream = _Encoder(columns, values)
    sql = f"COPY {table} ({names}) FROM STDIN WITH (FORMAT binary)"
    # The size goes by position: Django's debug cursor (DEBUG on) passes no keywords on.
    cursor.copy_expert(sql, stream, 1 << 20)
    return stream.total


class _Encoder(io.RawIOBase):
    CHUNK_ROWS = 65_536

    def __init__(self, columns, values):
        self.columns, self.values = columns, values
        self.total = len(next(iter(values.values())))
        self.dtype = _row_dtype(columns)
        self.done, self.chunk, self.offset = 0, HEADER, 0

    def readable(self) -> bool:
        return True

    def read(self, size=-1) -> bytes:
        if self.offset >= len(self.chunk):
            if self.done > self.total:
                return b""
            self.chunk, self.offset = self._next_chunk(), 0
        size = len(self.chunk) if size < 0 else size
        answer = self.chunk[self.offset : self.offset + size]
        self.offset += len(answer)
        return answer

    def _next_chunk(self) -> bytes:
        if self.done == self.total:
            self.done += 1
            return TRAILER
        stop = min(self.done + self.CHUNK_ROWS, self.total)
        rows = np.empty(stop - self.done, dtype=self.dtype)
        rows["_n"] = len(self.columns)
        for name, kind in self.columns:
            rows[f"_{name}_len"] = np.dtype(kind).itemsize
            rows[name] = self.values[name][self.done : stop]
        self.done = stop
        return rows.tobytes()
