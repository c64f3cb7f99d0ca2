"""Numbers as the portal prints them, in every language: groups of three digits with commas
(124,000), a dash for a figure that cannot be computed, and fixed decimals, the same in the
pages (salaries, costs, the reports; the ``numbers`` and ``figures`` template filters) and in
the exports (which are rendered outside any template)."""

from django.utils.translation import gettext as _


def thousands(value, decimals: int = 0) -> str:
    """124000 -> "124,000"; with decimals, 1234.56 -> "1,234.6"; none -> "—"."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    decimals = int(decimals)
    return f"{number:,.{decimals}f}" if decimals else f"{round(number):,}"


def percent(value, decimals: int = 1) -> str:
    """0.1234 -> "12.3%"; none (nothing to divide by) -> "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:,.{int(decimals)}f}%"


def days(value) -> str:
    if value is None:
        return "—"
    return _("%(days)s days") % {"days": f"{float(value):,.1f}"}


def figure(value, kind: str) -> str:
    """A report figure as text, by its column's kind (dashboards.columns.Column.kind): the
    one spelling the pages and the CSV export share. 290.7 due posts print "290.7" (one
    decimal), a share of 0.1831 "18.3%", a count of 1234 "1,234", days "4.5"."""
    if kind == "share":
        return percent(value)
    if kind in ("days", "decimal"):
        return thousands(value, 1)
    if kind == "count":
        return thousands(value)
    return "" if value is None else str(value)
