"""Forms of the referral pages: the bureau's filters and referral, the enterprise's answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jobs.models import Referral
from jobs.referrals.selectors import referable_posts_for
from portal.forms import StyledFormMixin
from portal.reference.models import MilitarySpecialty, Skill
from portal.text import limit_of


class CandidateFilter(StyledFormMixin, forms.Form):
    military_specialty = forms.ModelChoiceField(
        label=_("Military specialty"),
        queryset=MilitarySpecialty.objects.order_by("code"),
        required=False,
        empty_label=_("Any"),
    )
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.order_by("name"),
        required=False,
        empty_label=_("Any"),
    )
    discharge_year = forms.IntegerField(
        label=_("Discharge year"), required=False, min_value=1950, max_value=2100
    )
    months_searching_min = forms.IntegerField(
        label=_("Searching for at least (months)"), required=False, min_value=0, max_value=600
    )
    hard_to_place = forms.BooleanField(label=_("Hard to place only"), required=False)

    def filters(self) -> dict:
        """The valid filters (a wrong one is left out and shown at its field)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class ReferralForm(StyledFormMixin, forms.Form):
    post = forms.ModelChoiceField(label=_("Post"), queryset=None, empty_label=None)
    note = forms.CharField(
        label=_("Note to the enterprise"),
        required=False,
        max_length=limit_of(Referral, "note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this veteran suits the post: the enterprise reads it with the referral."),
    )

    def __init__(self, *args, officer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = referable_posts_for(officer)
        self.fields["post"].label_from_instance = lambda post: (
            f"{post.branch.enterprise.name} · {post.title} · {post.region.name}"
        )


class DeclineForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=limit_of(Referral, "decline_reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReferralListFilter(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Referral.Status.choices]
    )
