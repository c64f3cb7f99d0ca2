"""Forms of the start-up pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from portal.forms import RegionChoiceField, StyledFormMixin
from portal.reference.models import Region
from startups.models import Mentor, MentorRequest, StartUp

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StartUpForm(StyledFormMixin, forms.ModelForm):
    region = RegionChoiceField(
        queryset=Region.objects.filter(level="city").select_related("parent").order_by("code"),
        label=_("registered in"),
        help_text=_("The city on the business licence; its bureau confirms the start-up."),
    )
    # Longer than the 18 characters stored: spaces typed between the groups are allowed.
    credit_code = forms.CharField(
        label=_("unified social credit code"),
        max_length=32,
        help_text=_("18 characters, as printed on the business licence."),
    )

    class Meta:
        model = StartUp
        fields = [
            "name",
            "co_founded",
            "credit_code",
            "founded_on",
            "industry",
            "region",
            "address",
            "stage",
            "employees",
            "veteran_employees",
            "description",
        ]
        labels = {"name": _("name of the business")}
        widgets = {"founded_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def clean_credit_code(self) -> str:
        return uscc.compact(self.cleaned_data["credit_code"])

    def validate_unique(self):
        """The service says a taken code at its field, under its own lock."""


class StaffForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_("user name"), max_length=150)
    email = forms.EmailField(label=_("e-mail address"))
    first_name = forms.CharField(label=_("full name"), max_length=150, required=False)


class DirectoryFilter(StyledFormMixin, forms.Form):
    region = RegionChoiceField(
        queryset=Region.objects.filter(level__in=("province", "city"))
        .select_related("parent")
        .order_by("code"),
        label=_("region"),
        required=False,
    )


CITIES = Region.objects.filter(level="city").select_related("parent").order_by("code")


class MentorForm(StyledFormMixin, forms.ModelForm):
    region = RegionChoiceField(queryset=CITIES, label=_("city"))

    class Meta:
        model = Mentor
        fields = ["industry", "region", "capacity", "experience", "active"]
        widgets = {"experience": forms.Textarea(attrs={"rows": 3})}


class MentorRequestForm(StyledFormMixin, forms.ModelForm):
    region = RegionChoiceField(queryset=CITIES, label=_("city"))

    class Meta:
        model = MentorRequest
        fields = ["industry", "region", "need"]
        widgets = {"need": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self):
        """The service says a second open request, under the database's constraint."""


class SessionForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label=_("held on"), widget=DATE)
    note = forms.CharField(
        label=_("what was discussed"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
