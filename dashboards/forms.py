"""Forms of the quarterly communication: closing a pledge follow-up, recording a meeting
with its action items, marking an item done."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboards.models import ActionItem, PledgeFollowUp, QuarterlyMeeting
from dashboards.selectors import meeting_participants_choosable
from portal.forms import StyledFormMixin
from portal.text import limit_of

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
