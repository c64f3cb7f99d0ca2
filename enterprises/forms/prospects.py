"""Forms of inviting and screening enterprises (issue 19)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import (
    Agreement,
    Consultation,
    CooperationBatch,
    EnterpriseInvitation,
    Prospect,
)
from enterprises.selectors import enterprises_visible_to
from portal.forms import StyledFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCORES = [("", _("Not scored yet"))] + [(n, str(n)) for n in range(6)]


class InvitationForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("enterprise name"), max_length=128)
    credit_code = forms.CharField(
        label=_("unified social credit code"),
        max_length=32,
        help_text=_("18 characters, as printed on the business licence."),
    )
    contact_name = forms.CharField(label=_("contact person"), max_length=64)
    email = forms.EmailField(label=_("e-mail address"))


class InvitationUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("list of enterprises"),
        help_text=_("XLSX or CSV with the columns of the template: one enterprise a row."),
    )


class InvitationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=EnterpriseInvitation.Status.choices, empty_label=_("All")
    )
    q = django_filters.CharFilter(label=_("Name or credit code"), method="search")

    class Meta:
        model = EnterpriseInvitation
        fields = ["status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(name__icontains=value) | queryset.filter(credit_code=value.upper())


class DeclineForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProspectAddForm(StyledFormMixin, forms.Form):
    """A registered enterprise, named by its credit code, among those the user oversees."""

    credit_code = forms.CharField(label=_("unified social credit code"), max_length=32)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_credit_code(self):
        code = "".join(self.cleaned_data["credit_code"].split()).upper()
        enterprise = enterprises_visible_to(self.user).filter(credit_code=code).first()
        if enterprise is None:
            raise forms.ValidationError(_("No registered enterprise you oversee has this code."))
        self.cleaned_data["enterprise"] = enterprise
        return code

    def clean(self):
        data = super().clean()
        return {"enterprise": data["enterprise"]} if "enterprise" in data else data


class ScreeningForm(StyledFormMixin, forms.ModelForm):
    # The prospect's page holds four forms: ids of their own, the names as the API's.
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "screening_%s")
        super().__init__(*args, **kwargs)

    overall_strength = forms.TypedChoiceField(
        label=_("overall strength"), choices=SCORES, coerce=int, empty_value=None, required=False
    )
    industry_influence = forms.TypedChoiceField(
        label=_("industry influence"), choices=SCORES, coerce=int, empty_value=None, required=False
    )

    class Meta:
        model = Prospect
        fields = [
            "overall_strength",
            "strength_note",
            "industry_influence",
            "influence_note",
            "proposed_posts",
            "cooperation_mode",
        ]
        widgets = {
            "strength_note": forms.Textarea(attrs={"rows": 2}),
            "influence_note": forms.Textarea(attrs={"rows": 2}),
        }


class ConsultationForm(StyledFormMixin, forms.ModelForm):
    # The prospect's page holds four forms: ids of their own, the names as the API's.
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "consultation_%s")
        super().__init__(*args, **kwargs)

    class Meta:
        model = Consultation
        fields = ["held_on", "participants", "summary"]
        widgets = {"held_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}


class SelectForm(StyledFormMixin, forms.Form):
    # The prospect's page holds four forms: ids of their own, the names as the API's.
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "select_%s")
        super().__init__(*args, **kwargs)

    batch = forms.ModelChoiceField(
        label=_("Batch"), queryset=CooperationBatch.objects.order_by("-number")
    )
    pledged_posts = forms.IntegerField(label=_("Pledged posts"), min_value=1, max_value=1_000_000)
    cooperation_mode = forms.ChoiceField(
        label=_("Cooperation mode"), choices=Agreement.CooperationMode.choices
    )
    starts_on = forms.DateField(label=_("Term starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Term ends"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeferForm(StyledFormMixin, forms.Form):
    # The prospect's page holds four forms: ids of their own, the names as the API's.
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "defer_%s")
        super().__init__(*args, **kwargs)

    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
