"""demo.copying's COPY text of a value: an ArrayField's list is a PostgreSQL array literal."""

import pytest

from demo.copying import Const, copy_model, text_of
from enterprises.models import Agreement
from tests import factories as f


def test_a_list_is_written_as_an_array_literal():
    assert text_of([]) == "{}"
    assert text_of(["11", "31"]) == '{"11","31"}'
    # Quotes and backslashes escaped inside the literal, then for COPY's text format.
    assert text_of(['a"b', "c\\d", None]) == '{"a\\\\"b","c\\\\\\\\d",NULL}'


@pytest.mark.django_db
def test_copy_fills_an_array_field_from_its_default():
    agreement = f.AgreementFactory()
    values = Agreement.objects.filter(pk=agreement.pk).values().get()
    values.pop("id")
    columns = {
        Agreement._meta.get_field(name).column: Const(value)
        for name, value in values.items()
        if name != "target_provinces"
    }
    columns["status"] = ["terminated"]  # beside the live one: not unique

    copy_model(Agreement, columns)

    assert Agreement.objects.exclude(pk=agreement.pk).get().target_provinces == []
