"""The portal's form renderer writes <select> in Python, with the markup Django's templates
write."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

from portal.widgets import PortalFormRenderer

CHOICES = [
    ("", "不限"),
    ("军人 <退役>", [("1", "一 & 二"), ("2", '"引号"')]),
    ("3", "三"),
    (4, "四"),
]
ATTRS = {"class": "form-select", "data-picker": "search", "form": "post-search", "hidden": False}


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def both(widget: forms.Widget, name: str, value) -> tuple[str, str]:
    """(Django's templates, the portal's renderer) for the same widget and value."""
    attrs = {"id": f"id_{name}", "required": True}
    expected = widget.render(name, value, attrs=attrs, renderer=DjangoTemplates())
    written = widget.render(name, value, attrs=attrs, renderer=PortalFormRenderer())
    return squeeze(expected), squeeze(written)


@pytest.mark.parametrize("value", ["", "2", None, "3", 4, "no-such-choice"])
def test_a_select_is_written_as_djangos_templates_write_it(value):
    expected, written = both(forms.Select(attrs=ATTRS, choices=CHOICES), "city", value)

    assert written == expected


@pytest.mark.parametrize("value", [[], ["1", "3"], ["no-such-choice"]])
def test_a_multiple_select_is_written_as_djangos_templates_write_it(value):
    expected, written = both(forms.SelectMultiple(attrs=ATTRS, choices=CHOICES), "tags", value)

    assert written == expected
    assert " multiple" in written


@pytest.mark.parametrize("value", [None, True, False])
def test_a_yes_no_select_is_written_as_djangos_templates_write_it(value):
    expected, written = both(forms.NullBooleanSelect(), "verified", value)

    assert written == expected


def test_it_escapes_labels_and_marks_the_chosen_option():
    written = forms.Select(choices=CHOICES).render("city", "2", renderer=PortalFormRenderer())

    assert '<optgroup label="军人 &lt;退役&gt;">' in written
    assert '<option value="2" selected>&quot;引号&quot;</option>' in written
    assert "一 &amp; 二" in written


def test_a_select_with_an_option_template_of_its_own_is_left_to_the_templates():
    class Described(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    written = Described(choices=CHOICES).render("city", "3", renderer=PortalFormRenderer())

    assert "<option" not in written  # the other template's markup, not select_markup's


def test_the_portal_renders_its_forms_with_it():
    assert isinstance(get_default_renderer(), PortalFormRenderer)
