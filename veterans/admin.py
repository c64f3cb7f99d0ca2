from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from veterans.models import (
    Consent,
    Resume,
    VeteranProfile,
    VeteranSkill,
)
from veterans.resident_id import SHAPE, normalise_resident_id


class VeteranSkillInline(admin.TabularInline):
    model = VeteranSkill
    extra = 0
    autocomplete_fields = ["skill"]
    readonly_fields = ["added_at"]


@admin.register(VeteranProfile)
class VeteranProfileAdmin(admin.ModelAdmin):
    # Resident ID and phone only masked, on the list and the edit page alike (#8); a full
    # number typed into the search box finds its profile through the keyed digest.
    list_display = ["full_name", "masked_resident_id", "home_region", "seeking_status"]
    list_filter = ["seeking_status", "service_branch", "education"]
    search_fields = ["full_name"]
    exclude = ["resident_id", "phone"]
    readonly_fields = ["masked_resident_id", "masked_phone"]
    autocomplete_fields = [
        "user",
        "home_region",
        "military_specialty",
        "preferred_regions",
        "preferred_industries",
    ]
    inlines = [VeteranSkillInline]

    @admin.display(description=_("resident ID number"))
    def masked_resident_id(self, obj):
        return obj.masked_resident_id

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj):
        return obj.masked_phone

    def has_add_permission(self, request):
        return False  # a profile is its veteran's own, created in the wizard or the API

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if SHAPE.fullmatch(normalise_resident_id(search_term)):
            results |= queryset.filter(resident_id=search_term)
        return results, may_have_duplicates


@admin.register(Resume)
class ResumeAdmin(admin.ModelAdmin):
    """Read-only: uploads go through the content check of resume_upload."""

    list_display = ["original_name", "veteran", "size", "uploaded_at"]
    search_fields = ["original_name", "veteran__full_name"]
    fields = readonly_fields = ["veteran", "original_name", "size", "uploaded_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Read-only: a consent record is evidence of what the user agreed to and when."""

    list_display = ["user", "purpose", "version", "given_at", "withdrawn_at"]
    list_filter = ["purpose"]
    search_fields = ["user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
