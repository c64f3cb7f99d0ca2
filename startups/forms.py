"""Forms of the start-up pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from portal.forms import RegionChoiceField, StyledFormMixin
from portal.reference.models import Region
from startups.catalogue import RuleSpec
from startups.models import (
    CaseContact,
    CaseFollowUp,
    EligibilityRule,
    Incubation,
    Mentor,
    MentorRequest,
    StartUp,
    SupportApplication,
    SupportBase,
    SupportPolicy,
)
from startups.models.cases import AMOUNT_MAX

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


# The bureau's case records ----------------------------------------------------------------


class CaseContactForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CaseContact
        fields = ["kind", "held_on", "topic", "internal_note"]
        widgets = {"held_on": DATE, "internal_note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"internal_note": _("Seen by the bureau only.")}


class SupportApplicationForm(StyledFormMixin, forms.ModelForm):
    def __init__(self, *args, policies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies

    class Meta:
        model = SupportApplication
        fields = ["policy", "applied_on", "amount_applied", "internal_note"]
        widgets = {"applied_on": DATE, "internal_note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"internal_note": _("Seen by the bureau only.")}


class SupportOutcomeForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("answer to the application"),
        choices=[
            (SupportApplication.Status.GRANTED, SupportApplication.Status.GRANTED.label),
            (SupportApplication.Status.REFUSED, SupportApplication.Status.REFUSED.label),
        ],
    )
    decided_on = forms.DateField(label=_("decided on"), widget=DATE)
    amount_granted = forms.IntegerField(
        label=_("amount granted (yuan)"), min_value=1, max_value=AMOUNT_MAX, required=False
    )


class IncubationForm(StyledFormMixin, forms.ModelForm):
    def __init__(self, *args, bases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = bases

    class Meta:
        model = Incubation
        fields = ["base", "started_on", "ended_on"]
        widgets = {"started_on": DATE, "ended_on": DATE}


class IncubationEndForm(StyledFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("moved out on"), widget=DATE)


class CaseFollowUpForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=CaseFollowUp.Outcome.choices)
    employees = forms.IntegerField(
        label=_("employees now"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text=_("When it is still trading."),
    )
    note = forms.CharField(
        label=_("note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# The catalogue ----------------------------------------------------------------------------


class SupportBaseForm(StyledFormMixin, forms.ModelForm):
    region = RegionChoiceField(queryset=Region.objects.none(), label=_("region"))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    class Meta:
        model = SupportBase
        fields = [
            "kind",
            "name",
            "region",
            "address",
            "capacity",
            "offers",
            "contact_name",
            "contact_phone",
        ]
        widgets = {"offers": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        """The service checks the base and its region, on the object as it was fetched."""


class SupportPolicyForm(StyledFormMixin, forms.ModelForm):
    """A policy and its rule editor: one row per kind of rule, ticked to apply, with its
    number N for the kinds that count. The service checks the rules (startups.catalogue)."""

    region = RegionChoiceField(queryset=Region.objects.none(), label=_("region"))
    document = forms.FileField(
        label=_("document (PDF, at most 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        existing = (
            {rule.kind: rule.number for rule in self.instance.rules.all()}
            if (self.instance.pk)
            else {}
        )
        for kind, label in EligibilityRule.Kind.choices:
            self.fields[f"rule_{kind}"] = forms.BooleanField(
                label=label, required=False, initial=kind in existing
            )
            if kind in EligibilityRule.COUNTED:
                self.fields[f"number_{kind}"] = forms.IntegerField(
                    label=_("N"), required=False, initial=existing.get(kind)
                )
        # The styling ran before these fields existed.
        for name, field in self.fields.items():
            if name.startswith("rule_"):
                field.widget.attrs["class"] = "form-check-input"
            elif name.startswith("number_"):
                field.widget.attrs.update(
                    {"class": "form-control form-control-sm w-auto", "size": 6}
                )

    class Meta:
        model = SupportPolicy
        fields = ["kind", "title", "region", "summary", "conditions", "how_to_apply"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "how_to_apply": forms.Textarea(attrs={"rows": 3}),
        }

    def rule_rows(self):
        """(tick box, number box or None) per kind of rule, for the editor's table."""
        return [
            (
                self[f"rule_{kind}"],
                self[f"number_{kind}"] if f"number_{kind}" in self.fields else None,
            )
            for kind in EligibilityRule.Kind.values
        ]

    def service_data(self) -> dict:
        """What support_policy_save takes: the policy's fields, the document and the rules
        ticked (their numbers as typed: the service judges them)."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["document"] = self.cleaned_data.get("document") or None
        data["rules"] = [
            RuleSpec(kind, self.cleaned_data.get(f"number_{kind}"))
            for kind in EligibilityRule.Kind.values
            if self.cleaned_data.get(f"rule_{kind}")
        ]
        return data

    def _post_clean(self):
        """The rules are the service's to check; the model's own checks run there too."""
