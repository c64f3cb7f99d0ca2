"""Numbers as the ministry's reports print them, in every language: groups of three digits
with commas (124,000). Django's zh-hans format leaves numbers ungrouped, and intcomma
follows it, so the dashboards use these instead."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def thousands(value, decimals: int = 0) -> str:
    """124000 -> "124,000"; with decimals, 1234.56|thousands:1 -> "1,234.6"; none -> "—"."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    decimals = int(decimals)
    return f"{number:,.{decimals}f}" if decimals else f"{round(number):,}"


@register.filter
def percent(value, decimals: int = 1) -> str:
    """0.1234 -> "12.3%"; none (nothing to divide by) -> "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:,.{int(decimals)}f}%"


@register.filter
def days(value) -> str:
    if value is None:
        return "—"
    return _("%(days)s days") % {"days": f"{float(value):,.1f}"}


@register.simple_tag
def cell(row: dict, column):
    """A table cell of the report, formatted by its column's kind."""
    value = column.value(row)
    if column.kind == "text":
        return value or ""
    if column.kind == "flag":
        if value:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("Behind"))
        return ""
    if column.kind == "share":
        return percent(value)
    if column.kind == "days":
        return thousands(value, 1)
    return thousands(value)


@register.simple_tag(takes_context=True)
def sort_link(context, column, current: str, param: str = "sort"):
    """A column header that sorts the table by it (descending first for figures), and
    turns the order round when it is already sorted by it."""
    request = context["request"]
    first = column.key if column.kind == "text" else f"-{column.key}"
    if current.lstrip("-") == column.key:
        target = column.key if current.startswith("-") else f"-{column.key}"
        arrow = " ▼" if current.startswith("-") else " ▲"
    else:
        target, arrow = first, ""
    query = request.GET.copy()
    query[param] = target
    query.pop("page", None)
    return format_html('<a href="?{}">{}{}</a>', query.urlencode(), column.label, arrow)
