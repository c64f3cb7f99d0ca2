"""How the portal's forms are written out: Django's own templates, except for <select>.

Rendering each <option> through Django's option template was most of the time of the pages
with a long select (a notice list's issuer, a post form's occupations, the search filters'
provinces and industries): about 20 µs an option, hundreds of options a select. The
renderer below writes every plain <select> in Python instead, with the markup Django's
templates write (tests/portal/test_widgets.py compares them)."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: in their order, True bare, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def select_markup(widget: dict) -> str:
    """A select widget's context (Select, SelectMultiple, NullBooleanSelect) as HTML."""
    parts = [format_html('<select name="{}"{}>', widget["name"], attributes(widget["attrs"]))]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(format_html('<optgroup label="{}">', group))
        for option in options:
            # Plain strings and escape() rather than format_html: hundreds of options a page.
            extra = attributes(option["attrs"]) if option["attrs"] else ""
            label = conditional_escape(option["label"])
            parts.append(f'<option value="{escape(option["value"])}"{extra}>{label}</option>')
        if group:
            parts.append("</optgroup>")
    parts.append("</select>")
    return mark_safe("".join(parts))


def _plain(widget: dict) -> bool:
    """A select whose options all use Django's option template (no widget of its own)."""
    return all(
        option["template_name"] == OPTION_TEMPLATE
        for _group, options, _index in widget["optgroups"]
        for option in options
    )


class PortalFormRenderer(DjangoTemplates):
    """FORM_RENDERER: Django's, with plain selects written by `select_markup`."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE and _plain(context["widget"]):
            return select_markup(context["widget"])
        return super().render(template_name, context, request=request)
