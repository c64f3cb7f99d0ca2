"""Forms of the register of batches and agreements."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from enterprises.models import Agreement, Branch, CooperationBatch, Enterprise
from enterprises.selectors import agreements_with_progress, enterprises_visible_to
from portal.forms import RegionChoiceField, StyledFormMixin
from portal.reference.models import Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BatchForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CooperationBatch
        fields = ["number", "name", "published_on", "released_on", "description"]
        widgets = {
            "published_on": DATE,
            "released_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class AgreementForm(StyledFormMixin, forms.Form):
    """The signatory choices follow the user: the ministry signs at any level, a bureau at
    its own level or below, for a region of its own."""

    batch = forms.ModelChoiceField(
        label=_("Batch"), queryset=CooperationBatch.objects.order_by("-number")
    )
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    signatory_level = forms.ChoiceField(label=_("Signatory level"))
    region = RegionChoiceField(
        label=_("Signatory region"),
        queryset=None,
        required=False,
        help_text=_("The province or city whose bureau signs; empty when the ministry signs."),
    )
    cooperation_mode = forms.ChoiceField(
        label=_("Cooperation mode"), choices=Agreement.CooperationMode.choices
    )
    target_provinces = forms.ModelMultipleChoiceField(
        label=_("Aimed at veterans from"),
        queryset=Region.objects.provinces().order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Regional cooperation only: the provinces whose veterans the posts aim at."),
    )
    pledged_posts = forms.IntegerField(label=_("Pledged posts"), min_value=1)
    starts_on = forms.DateField(label=_("Term starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Term ends"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        levels = Agreement.SignatoryLevel
        regions = Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.CITY])
        if user.is_bureau:
            regions = regions.within(user.region)
            self.fields["signatory_level"].choices = [
                (value, label) for value, label in levels.choices if value != levels.MINISTRY
            ]
        else:
            self.fields["signatory_level"].choices = levels.choices
        self.fields["region"].queryset = regions.select_related("parent").order_by("code")
        enterprises = enterprises_visible_to(user).approved().order_by("name")
        self.fields["enterprise"].queryset = enterprises

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", _("The term must end after it starts."))
        level, region = data.get("signatory_level"), data.get("region")
        if level == Agreement.SignatoryLevel.MINISTRY:
            data["region"] = None
        elif level and region is None:
            self.add_error("region", _("Choose the region of the signing bureau."))
        elif level and region.level != level:
            self.add_error("region", _("The region must be of the signatory's level."))
        return data


class TargetProvincesForm(StyledFormMixin, forms.Form):
    target_provinces = forms.ModelMultipleChoiceField(
        label=_("Aimed at veterans from"),
        queryset=Region.objects.provinces().order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to aim the posts at every veteran."),
    )


class RenewForm(StyledFormMixin, forms.Form):
    """The new term of an expired agreement; the rest is carried over."""

    pledged_posts = forms.IntegerField(label=_("Pledged posts"), min_value=1, max_value=1_000_000)
    starts_on = forms.DateField(label=_("Term starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Term ends"), widget=DATE)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", _("The term must end after it starts."))
        return data


class SignForm(StyledFormMixin, forms.Form):
    signed_on = forms.DateField(
        label=_("Signed on"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty for today."),
    )


class FilterForm(StyledFormMixin, forms.Form):
    pass


@extend_schema_field(OpenApiTypes.STR)
class RegionFilter(django_filters.ModelChoiceFilter):
    """A province or city by its code (GB/T 2260), e.g. 110000."""


@extend_schema_field(OpenApiTypes.INT)
class BatchFilter(django_filters.ModelChoiceFilter):
    """A cooperation batch by its id."""


class EnterpriseFilter(django_filters.FilterSet):
    """The regulators' directory: by name, credit code or branch name, status, ownership,
    region (of the seat or a branch, within the user's own), batch, and whether an
    agreement in force is behind its pledge."""

    q = django_filters.CharFilter(label=_("Name, credit code or branch"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Enterprise.Status.choices, empty_label=_("All statuses")
    )
    ownership = django_filters.ChoiceFilter(
        label=_("Ownership"), choices=Enterprise.Ownership.choices, empty_label=_("All kinds")
    )
    region = RegionFilter(
        label=_("Region"),
        queryset=Region.objects.none(),
        to_field_name="code",
        empty_label=_("All my regions"),
        method="in_region",
    )
    batch = BatchFilter(
        label=_("Batch"),
        queryset=CooperationBatch.objects.order_by("-number"),
        empty_label=_("All batches"),
        method="in_batch",
    )
    behind = django_filters.BooleanFilter(
        label=_("Behind its pledge"),
        method="behind_pledge",
        widget=forms.Select(
            choices=[
                ("", _("Any progress")),
                ("true", _("Behind its pledge")),
                ("false", _("On track")),
            ]  # fmt: skip
        ),
    )

    class Meta:
        model = Enterprise
        fields = ["q", "status", "ownership", "region", "batch", "behind"]
        form = FilterForm

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(self.request, "user", None)
        regions = Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.CITY])
        if user is not None and user.is_authenticated and user.is_bureau:
            regions = regions.within(user.region)
        field = self.form.fields["region"]
        field.queryset = regions.select_related("parent").order_by("code")
        field.label_from_instance = RegionChoiceField.label_from_instance.__get__(field)

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value)
            | Q(credit_code=value.upper())
            | Q(pk__in=Branch.objects.filter(name__icontains=value).values("enterprise"))
        )

    def in_region(self, queryset, name, region):
        prefix = region.scope_prefix
        branch_there = Branch.objects.filter(region__code__startswith=prefix)
        return queryset.filter(
            Q(hq_region__code__startswith=prefix) | Q(pk__in=branch_there.values("enterprise"))
        )

    def in_batch(self, queryset, name, batch):
        return queryset.filter(pk__in=Agreement.objects.filter(batch=batch).values("enterprise"))

    def behind_pledge(self, queryset, name, behind):
        """Behind: an agreement in force whose counted posts offer fewer openings than
        it pledged (enterprises.policies.pledge_counted_posts)."""
        running = agreements_with_progress(Agreement.objects.active()).filter(
            posted__lt=F("pledged_posts")
        )
        lagging = Q(pk__in=running.values("enterprise"))
        return queryset.filter(lagging if behind else ~lagging)


class AgreementFilter(django_filters.FilterSet):
    batch = django_filters.ModelChoiceFilter(
        label=_("Batch"),
        queryset=CooperationBatch.objects.order_by("-number"),
        empty_label=_("All batches"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Agreement.Status.choices, empty_label=_("All statuses")
    )
    enterprise = django_filters.CharFilter(
        label=_("Enterprise"), field_name="enterprise__name", lookup_expr="icontains"
    )

    class Meta:
        model = Agreement
        fields = ["batch", "status", "enterprise"]
        form = FilterForm
