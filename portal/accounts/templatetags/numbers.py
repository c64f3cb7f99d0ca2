"""Template filters for every number a page prints outside the reports (salaries, costs,
counts): portal.formatting, the one spelling the reports and their exports use too."""

from django import template

from portal import formatting

register = template.Library()

register.filter("thousands", formatting.thousands)
register.filter("percent", formatting.percent)
