"""Forms of the enterprise staff's pages, and how a service's refusal reaches a form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from enterprises.models import Branch, Enterprise, EnterpriseMember
from portal.reference.models import Region
from portal.workflow import DomainError, InvalidTransition


def service_error_message(error: Exception) -> str:
    """A user-facing sentence for a service's refusal.

    InvalidTransition carries a developer's message, so the user is told the object's
    current status instead; the other domain errors carry translated sentences.
    """
    if isinstance(error, InvalidTransition):
        return gettext("This is not possible any more: it is now “%(status)s”.") % {
            "status": error.obj.get_status_display()
        }
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def add_service_error(form: forms.Form, error: DomainError | ValidationError) -> None:
    """Show a service's ValidationError beside the fields it names, the rest above the form."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    if isinstance(error, ValidationError):
        form.add_error(None, error)
        return
    form.add_error(None, service_error_message(error))


class BootstrapFormMixin:
    """Bootstrap classes on every widget, and ``is-invalid`` on the fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class RegionChoiceField(forms.ModelChoiceField):
    """Provinces and cities, a city labelled with its province (北京市 · 北京市 reads odd)."""

    def label_from_instance(self, region: Region) -> str:
        if region.parent_id is None or region.parent.name == region.name:
            return region.name
        return f"{region.parent.name} · {region.name}"


def _regions(*levels: str):
    return Region.objects.filter(level__in=levels).select_related("parent").order_by("code")


class EnterpriseRegisterForm(BootstrapFormMixin, forms.ModelForm):
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


class BranchForm(BootstrapFormMixin, forms.ModelForm):
    region = RegionChoiceField(queryset=_regions("city"), label=_("city"))

    class Meta:
        model = Branch
        fields = ["name", "region", "address", "contact_name", "contact_phone"]


class MemberInviteForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(label=_("user name"), max_length=150)
    email = forms.EmailField(label=_("e-mail address"))
    first_name = forms.CharField(label=_("full name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("role"),
        choices=EnterpriseMember.Role.choices,
        initial=EnterpriseMember.Role.RECRUITER,
    )
