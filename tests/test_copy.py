"""portal.copy: COPY's text format, and lines streamed to the server as they are made."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from portal.copy import CHUNK, _LineReader, copy_line, copy_rows


def test_values_take_copy_s_text_format():
    line = copy_line([None, True, False, datetime.date(2026, 12, 7), 'a\tb\\c\nd\re "甲"', 3])

    assert line == '\\N\tt\tf\t2026-12-07\ta\\tb\\\\c\\nd\\re "甲"\t3\n'


@pytest.mark.parametrize("size", [1, 7, 64, CHUNK])
def test_the_reader_gives_the_lines_back_whole_in_pieces_of_the_size_asked(size):
    lines = [f"{number}\t{'甲' * (number % 97)}\n" for number in range(3000)]
    reader = _LineReader(line for line in lines)

    pieces = []
    while piece := reader.read(size):
        assert len(piece) <= size
        pieces.append(piece)

    assert "".join(pieces) == "".join(lines)
    assert all(len(piece) == size for piece in pieces[:-1])


def test_the_reader_reads_everything_at_once_when_no_size_is_given():
    reader = _LineReader(iter(["a\n", "b\n"]))

    assert reader.read(1) == "a"
    assert reader.read() == "\nb\n"
    assert reader.read() == ""


@pytest.fixture
def scratch():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE copy_scratch (n integer, label text, data jsonb)")
    yield "copy_scratch"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE copy_scratch")


@pytest.mark.django_db
def test_lines_made_while_the_copy_goes_all_arrive(scratch):
    made = []

    def lines():
        for number in range(20000):
            made.append(number)
            yield copy_line([number, f"第{number}行\t", '{"k": "\\u7532", "n": %d}' % number])

    copy_rows(scratch, ["n", "label", "data"], lines())

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), sum(n), min(label), max((data->>'n')::int) FROM {scratch}"
        )
        assert cursor.fetchone() == (20000, sum(range(20000)), "第0行\t", 19999)
    assert len(made) == 20000


@pytest.mark.django_db
def test_an_error_making_a_line_aborts_the_copy_and_leaves_no_row(scratch):
    def lines():
        for number in range(10000):
            if number == 9000:
                raise ValueError("a figure that cannot be written")
            yield copy_line([number, "x", "{}"])

    with pytest.raises(ValueError, match="cannot be written"), transaction.atomic():
        copy_rows(scratch, ["n", "label", "data"], lines())

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {scratch}")
        assert cursor.fetchone() == (0,)


@pytest.mark.django_db
def test_the_copy_runs_through_django_s_debug_cursor_too(scratch):
    with CaptureQueriesContext(connection) as queries:
        copy_rows(scratch, ["n", "label", "data"], iter([copy_line([1, "一", "{}"])]))

    assert any("COPY copy_scratch" in query["sql"] for query in queries.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT n, label FROM {scratch}")
        assert cursor.fetchall() == [(1, "一")]
