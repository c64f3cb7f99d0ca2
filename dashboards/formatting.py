"""Numbers as the ministry's reports print them, in every language: groups of three digits
with commas (124,000), a dash for a figure that cannot be computed, and fixed decimals, the
same in the pages and in the exports (which are rendered outside any template)."""

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
