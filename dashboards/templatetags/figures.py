"""Template filters for the report's numbers (portal.formatting, which the exports use too)."""

from django import template

from dashboards import columns
from portal import formatting

register = template.Library()

register.filter("thousands", formatting.thousands)
register.filter("percent", formatting.percent)
register.filter("days", formatting.days)


@register.simple_tag
def cell(row: dict, column):
    """One figure of a row, formatted by its column's kind."""
    return columns.format_cell(row, column)
