from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation


def test_intcomma_groups_thousands_with_commas_in_chinese():
    with translation.override("zh-hans"):
        assert intcomma(124000) == "124,000"


def test_intcomma_groups_thousands_with_commas_in_english():
    with translation.override("en"):
        assert intcomma(1234567) == "1,234,567"
