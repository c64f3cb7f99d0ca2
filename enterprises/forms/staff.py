"""Forms of the enterprise staff's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from enterprises.models import Branch, Enterprise, EnterpriseMember
from portal.forms import RegionChoiceField, StyledFormMixin
from portal.reference.models import Region


def _regions(*levels: str):
    return Region.objects.filter(level__in=levels).select_related("parent").order_by("code")


class EnterpriseRegisterForm(StyledFormMixin, forms.ModelForm):
    hq_region = RegionChoiceField(
        queryset=_regions("province", "city"), label=_("headquarters region")
    )
    # Longer than the 18 characters stored: spaces typed between the groups are allowed.
    credit_code = forms.CharField(
        label=_("unified social credit code"),
        max_length=32,
        help_text=_("18 characters, as printed on the business licence."),
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "ownership",
            "industry",
            "hq_region",
            "description",
            "website",
        ]
        labels = {"name": _("enterprise name")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_credit_code(self) -> str:
        # Spaces and lower case are typing habits, not a different code: store it compact.
        return uscc.compact(self.cleaned_data["credit_code"])


class BranchForm(StyledFormMixin, forms.ModelForm):
    region = RegionChoiceField(queryset=_regions("city"), label=_("city"))

    class Meta:
        model = Branch
        fields = ["name", "region", "address", "contact_name", "contact_phone"]


class MemberInviteForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_("user name"), max_length=150)
    email = forms.EmailField(label=_("e-mail address"))
    first_name = forms.CharField(label=_("full name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("role"),
        choices=EnterpriseMember.Role.choices,
        initial=EnterpriseMember.Role.RECRUITER,
    )
