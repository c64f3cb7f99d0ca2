"""The public directory's filters, for the page and the API alike."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from enterprises.forms.ministry import BatchFilter, FilterForm, RegionFilter
from enterprises.models import Agreement, Branch, CooperationBatch, Enterprise
from enterprises.selectors import announced_agreements
from portal.reference.models import Industry, Region


def _english() -> bool:
    return not (get_language() or "zh").startswith("zh")


class LocalNameChoiceField(forms.ModelChoiceField):
    """A reference row by its name in the page's language."""

    def label_from_instance(self, obj) -> str:
        return (obj.name_en or obj.name) if _english() else obj.name


class LocalNameFilter(django_filters.ModelChoiceFilter):
    field_class = LocalNameChoiceField


class BatchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.local_name


class PublicBatchFilter(BatchFilter):
    """A released batch, named in the page's language."""

    field_class = BatchChoiceField


@extend_schema_field(OpenApiTypes.STR)
class IndustryFilter(LocalNameFilter):
    """An industry by its GB/T 4754 section letter, e.g. C."""


@extend_schema_field(OpenApiTypes.STR)
class ProvinceFilter(LocalNameFilter, RegionFilter):
    """A province by its code (GB/T 2260), e.g. 110000."""


class CooperativeEnterpriseFilter(django_filters.FilterSet):
    """Filters of the public directory: a released batch, the industry, a province (of the
    seat or a branch), the ownership and a cooperation mode of an announced agreement."""

    batch = PublicBatchFilter(
        label=_("Batch"),
        queryset=CooperationBatch.objects.none(),
        empty_label=_("All batches"),
        method="in_batch",
    )
    industry = IndustryFilter(
        label=_("Industry"), queryset=Industry.objects.all(), empty_label=_("All industries")
    )
    province = ProvinceFilter(
        label=_("Province"),
        queryset=Region.objects.provinces().order_by("code"),
        to_field_name="code",
        empty_label=_("All provinces"),
        method="in_province",
    )
    ownership = django_filters.ChoiceFilter(
        label=_("Ownership"), choices=Enterprise.Ownership.choices, empty_label=_("All kinds")
    )
    mode = django_filters.ChoiceFilter(
        label=_("Cooperation mode"),
        choices=Agreement.CooperationMode.choices,
        empty_label=_("All modes"),
        method="in_mode",
    )

    class Meta:
        model = Enterprise
        fields = ["batch", "industry", "province", "ownership", "mode"]
        form = FilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only released batches: one not announced yet is not named to the public.
        self.form.fields["batch"].queryset = CooperationBatch.objects.released().order_by("-number")

    def _announced(self, **conditions):
        return Exists(announced_agreements().filter(enterprise=OuterRef("pk"), **conditions))

    def in_batch(self, queryset, name, batch):
        return queryset.filter(self._announced(batch=batch))

    def in_mode(self, queryset, name, mode):
        return queryset.filter(self._announced(cooperation_mode=mode))

    def in_province(self, queryset, name, province):
        prefix = province.scope_prefix
        branch_there = Branch.objects.filter(
            enterprise=OuterRef("pk"),
            status=Branch.Status.APPROVED,
            region__code__startswith=prefix,
        )
        return queryset.filter(Q(hq_region__code__startswith=prefix) | Q(Exists(branch_there)))
