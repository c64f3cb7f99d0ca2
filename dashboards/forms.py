"""Forms of the commendation and warning lists, and of the quarterly communication:
closing a pledge follow-up, recording a meeting with its action items, marking an item
done."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboards.models import ActionItem, PledgeFollowUp, QuarterlyMeeting
from dashboards.selectors import meeting_participants_choosable
from enterprises.models import Commendation
from portal.forms import StyledFormMixin, text_box
from portal.text import NOTE_MAX, limit_of

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


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FollowUpCloseForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What you found and agreed with the enterprise"),
        max_length=limit_of(PledgeFollowUp, "note"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ActionItemDoneForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=limit_of(ActionItem, "done_note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def users_by_address(text: str) -> list:
    """The staff accounts named by e-mail address (one a line, or separated by commas);
    ValidationError naming the addresses that are not staff of the portal."""
    addresses = {a.strip().lower() for a in re.split(r"[\s,，;；]+", text or "") if a.strip()}
    users = list(meeting_participants_choosable().filter(email__in=addresses))
    unknown = sorted(addresses - {user.email.lower() for user in users})
    if unknown:
        raise forms.ValidationError(
            _("These addresses are not staff accounts of the portal: %(addresses)s"),
            params={"addresses": ", ".join(unknown)},
        )
    return users


class MeetingForm(StyledFormMixin, forms.ModelForm):
    participant_addresses = forms.CharField(
        label=_("Participants"),
        help_text=_(
            "The e-mail addresses of the participants' accounts, one a line. You are added yourself."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = QuarterlyMeeting
        fields = ["held_on", "title", "minutes"]
        widgets = {"held_on": DATE, "minutes": forms.Textarea(attrs={"rows": 8})}

    def clean_participant_addresses(self):
        return users_by_address(self.cleaned_data["participant_addresses"])


class ActionItemForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("What is to be done"), max_length=limit_of(ActionItem, "text"), required=False
    )
    owner = forms.EmailField(label=_("Owner's e-mail address"), required=False)
    due_on = forms.DateField(label=_("Deadline"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        filled = [name for name in ("text", "owner", "due_on") if data.get(name)]
        if filled and len(filled) < 3:
            raise forms.ValidationError(_("An action item needs what, who and by when."))
        if filled:
            data["owner"] = users_by_address(data["owner"])[0]
        return data


ActionItemFormSet = forms.formset_factory(ActionItemForm, extra=3, max_num=20)
