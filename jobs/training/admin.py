"""Admin of the training catalogue and the enrolments (registered from jobs/admin.py, the
app's admin module). Attendance and completion go through the services, as on the pages."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.training import services
from portal.refusals import run_for_each
from veterans.models import Enrolment, TrainingInstitution, TrainingProgramme


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
    done = run_for_each(modeladmin, request, queryset, action)
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
