"""Forms of the commendation and warning lists."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import Commendation
from portal.forms import StyledFormMixin, text_box
from portal.text import NOTE_MAX

PERIOD = re.compile(r"(\d{4})(?:Q([1-4]))?")
PERIOD_INVALID = _("Write a quarter as 2026Q3 or a year as 2026.")


def parse_period(text: str | None) -> tuple[int, int | None] | None:
    """ "2026Q3" (a quarter) or "2026" (the year), or None."""
    match = PERIOD.fullmatch((text or "").strip().upper())
    if not match:
        return None
    year, quarter = match.groups()
    return int(year), int(quarter) if quarter else None


def period_label(year: int, quarter: int | None) -> str:
    return f"{year}Q{quarter}" if quarter else str(year)


class DecisionForm(StyledFormMixin, forms.Form):
    note = text_box(
        _("Note"),
        rows=2,
        max_length=NOTE_MAX,
        help_text=_("Why: it is kept with the decision and shown with the list."),
    )


class AddForm(StyledFormMixin, forms.Form):
    """An enterprise the criteria did not propose, by its credit code (the ministry's lists
    run to a thousand enterprises: a code is quicker than a list to scroll)."""

    kind = forms.ChoiceField(label=_("List"), choices=Commendation.Kind.choices)
    period = forms.CharField(
        label=_("Period"),
        max_length=6,
        help_text=_("A quarter, as 2026Q3, or a whole year, as 2026."),
    )
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=18)
    note = DecisionForm.base_fields["note"]

    def clean_period(self):
        period = parse_period(self.cleaned_data["period"])
        if period is None:
            raise forms.ValidationError(PERIOD_INVALID)
        return period

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()
