from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.workflow import DomainError
from veterans import services
from veterans.models import (
    Consent,
    Enrolment,
    Resume,
    TrainingInstitution,
    TrainingProgramme,
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


@admin.register(TrainingInstitution)
class TrainingInstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "contact_name", "contact_phone"]
    search_fields = ["name"]
    autocomplete_fields = ["region"]


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "institution", "region", "starts_on", "ends_on", "seats"]
    list_filter = ["starts_on"]
    search_fields = ["title", "institution__name"]
    autocomplete_fields = ["institution", "region", "skills"]


def _run(modeladmin, request, queryset, done_message, action) -> None:
    """Call a transition service per selected enrolment and report the refusals."""
    done = 0
    for enrolment in queryset:
        try:
            action(enrolment)
            done += 1
        except (DomainError, ValidationError) as error:
            reason = "; ".join(getattr(error, "messages", [str(error)]))
            modeladmin.message_user(request, f"{enrolment}: {reason}", messages.ERROR)
    modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["veteran", "programme", "status", "enrolled_at", "completed_on"]
    list_filter = ["status"]
    search_fields = ["veteran__full_name", "programme__title"]
    readonly_fields = ["programme", "veteran", "status", "enrolled_at", "completed_on"]
    actions = ["record_start", "record_completion", "record_drop"]

    def has_add_permission(self, request):
        return False  # enrolment_create counts the seats

    @admin.action(description=_("Record attendance (started)"))
    def record_start(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            _("%(count)d enrolments started."),
            lambda e: services.enrolment_start(enrolment=e, recorder=request.user),
        )

    @admin.action(description=_("Record completion today"))
    def record_completion(self, request, queryset):
        today = timezone.localdate()
        _run(
            self,
            request,
            queryset,
            _("%(count)d enrolments completed."),
            lambda e: services.enrolment_complete(enrolment=e, recorder=request.user, on=today),
        )

    @admin.action(description=_("Record that the veteran did not complete"))
    def record_drop(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            _("%(count)d enrolments dropped."),
            lambda e: services.enrolment_drop(enrolment=e, recorder=request.user),
        )
