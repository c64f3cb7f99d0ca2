"""One spelling of numbers (portal.formatting) for pages, e-mails and exports (#17)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from portal import formatting


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_salaries_get_thousands_separators_in_templates_in_both_languages(language):
    template = Template("{% load numbers %}{{ low|thousands }}–{{ high|thousands }}")
    with translation.override(language):
        assert template.render(Context({"low": 8000, "high": 12500})) == "8,000–12,500"


def test_a_cost_keeps_its_fen_and_its_separators():
    template = Template("{% load numbers %}{{ cost|thousands:2 }}")
    assert template.render(Context({"cost": 1234.5})) == "1,234.50"


@pytest.mark.parametrize(
    ("value", "kind", "printed"),
    [
        (290.66, "decimal", "290.7"),
        (0.1831, "share", "18.3%"),
        (12000, "count", "12,000"),
        (4.25, "days", "4.2"),
        (None, "share", "—"),
        ("甲企业", "text", "甲企业"),
    ],
)
def test_a_figure_is_spelt_by_its_kind_one_way_everywhere(value, kind, printed):
    assert formatting.figure(value, kind) == printed
