"""QuickSelect writes the markup Django's Select writes from its templates."""

import re

import pytest
from django import forms

from portal.widgets import QuickSelect

CHOICES = [
    ("", "不限"),
    ("军人 <退役>", [("1", "一 & 二"), ("2", '"引号"')]),
    ("3", "三"),
    (4, "四"),
]
ATTRS = {"class": "form-select", "data-autosubmit": "", "form": "post-search", "hidden": False}


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", ["", "2", None, "3", 4, "no-such-choice"])
def test_it_writes_what_djangos_select_writes(value):
    django_select = forms.Select(attrs=ATTRS, choices=CHOICES)
    quick_select = QuickSelect(attrs=ATTRS, choices=CHOICES)

    expected = django_select.render("city", value, attrs={"id": "id_city", "required": True})
    written = quick_select.render("city", value, attrs={"id": "id_city", "required": True})

    assert squeeze(written) == squeeze(expected)


def test_it_escapes_labels_and_marks_the_chosen_option():
    written = QuickSelect(choices=CHOICES).render("city", "2")

    assert '<optgroup label="军人 &lt;退役&gt;">' in written
    assert '<option value="2" selected>&quot;引号&quot;</option>' in written
    assert "一 &amp; 二" in written
