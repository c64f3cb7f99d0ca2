"""Forms of the training pages: the bureau's institutions and programmes, the completion date."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.training.selectors import (
    institution_of,
    institutions_visible_to,
    programmes_visible_to,
)
from portal.forms import RegionChoiceField, StyledFormMixin
from portal.reference.models import Region, Skill
from veterans.models import TrainingInstitution, TrainingProgramme
from veterans.templatetags.veterans_extras import local_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _region_field(user, label, root=None) -> RegionChoiceField:
    """The regions of the bureau's subtree (``root``: an institution's region instead):
    cities and provinces; a district's officer places training in its own district."""
    root = root or user.region
    regions = Region.objects.within(root).filter(~Q(level=Region.Level.DISTRICT) | Q(pk=root.pk))
    field = RegionChoiceField(
        label=label,
        queryset=regions.select_related("parent").order_by("code"),
        initial=root.pk,
    )
    return field


class InstitutionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingInstitution
        fields = ["name", "region", "address", "contact_name", "contact_phone"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"] = _region_field(user, self.fields["region"].label)
        self.fields["region"].widget.attrs["class"] = "form-select"


class SkillsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, skill: Skill) -> str:
        return local_name(skill)


class ProgrammeForm(StyledFormMixin, forms.ModelForm):
    skills = SkillsField(
        label=_("skills taught"),
        queryset=Skill.objects.order_by("category", "name"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    class Meta:
        model = TrainingProgramme
        fields = [
            "institution",
            "title",
            "kind",
            "region",
            "place",
            "starts_on",
            "ends_on",
            "seats",
            "cost",
            "skills",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        root = None
        if user.is_institution_staff:
            # An institution proposes its own programmes, in its own region.
            del self.fields["institution"]
            institution = institution_of(user)
            root = institution.region if institution is not None else None
        else:
            self.fields["institution"].queryset = institutions_visible_to(user).order_by("name")
        self.fields["region"] = _region_field(user, self.fields["region"].label, root)
        if root is not None and self.is_bound:
            # Offered: the institution's region; taken: any, so that a place elsewhere
            # meets the service's rule (training.may_propose) and its sentence, as in the API.
            self.fields["region"].queryset = Region.objects.select_related("parent")
        self.fields["region"].widget.attrs["class"] = "form-select"
        self.fields["seats"].min_value = 1
        self.fields["seats"].widget.attrs["min"] = 1
        self.fields["cost"].help_text = _("0 when the training is free for veterans.")
        # Left out, a programme is vocational (as the API's and the model's default).
        self.fields["kind"].required = False

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or TrainingProgramme.Kind.VOCATIONAL

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The programme cannot end before it starts."))
        if self.instance.pk is None and starts_on and starts_on <= timezone.localdate():
            self.add_error("starts_on", _("A new programme must start after today."))
        return data

    def _post_clean(self):
        # The service validates the model (with the skills); a second full_clean here would
        # only repeat its queries.
        pass


class CompletionForm(StyledFormMixin, forms.Form):
    completed_on = forms.DateField(label=_("completed on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate


class RejectionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The institution reads it and corrects the programme."),
    )


class StaffInviteForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_("user name"), max_length=150)
    email = forms.EmailField(label=_("e-mail address"))
    first_name = forms.CharField(label=_("full name"), max_length=150, required=False)


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, programme: TrainingProgramme) -> str:
        return (
            f"{programme.title} · {programme.institution.name} · {local_name(programme.region)}"
            f" · {programme.starts_on:%Y-%m-%d} – {programme.ends_on:%Y-%m-%d}"
        )


class ProgrammeLinkForm(StyledFormMixin, forms.Form):
    """A programme to link to a training-cooperation agreement. The list offers the
    approved programmes of the agreement's region not yet over nor linked; any programme
    the user can see is accepted, and the service says why one may not be linked."""

    OFFERED_MAX = 300

    programme = ProgrammeChoiceField(
        label=_("Training programme"),
        queryset=TrainingProgramme.objects.none(),
        help_text=_("Veterans who complete it will be guaranteed an interview at the enterprise."),
    )

    def __init__(self, *args, user, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        field.queryset = programmes_visible_to(user)
        offered = field.queryset.filter(
            status=TrainingProgramme.Status.APPROVED, ends_on__gte=timezone.localdate()
        ).exclude(agreement_links__agreement=agreement)
        if agreement.region_id is not None:
            offered = offered.filter(region__code__startswith=agreement.region.scope_prefix)
        offered = offered.select_related("institution", "region").order_by("starts_on", "pk")
        field.choices = [("", "---------")] + [
            (programme.pk, field.label_from_instance(programme))
            for programme in offered[: self.OFFERED_MAX]
        ]
