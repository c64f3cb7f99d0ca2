"""Admin of the training catalogue, the enrolments and the interview guarantees of training
cooperation (registered from jobs/admin.py, the app's admin module). Attendance, completion
and giving an owed guarantee go through the services, as on the pages and in the tasks."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models import InterviewGuarantee
from jobs.training import cooperation, services
from portal.accounts.admin import ReadOnlyAdmin
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


@admin.register(InterviewGuarantee)
class InterviewGuaranteeAdmin(ReadOnlyAdmin):
    """Read-only: guarantees are made when a completion is recorded and given by the
    settlement (a post's approval, the daily retry, or the action below), never by editing."""

    list_display = ["enterprise", "agreement", "veteran", "programme", "status", "created_at"]
    list_filter = ["status", ("agreement", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["agreement__enterprise__name"]
    list_select_related = ["agreement__enterprise", "agreement__batch", "veteran"]
    date_hierarchy = "created_at"
    actions = ["settle"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("enrolment__programme")

    @admin.display(description=_("enterprise"), ordering="agreement__enterprise__name")
    def enterprise(self, guarantee):
        return guarantee.agreement.enterprise

    @admin.display(description=_("training programme"))
    def programme(self, guarantee):
        return guarantee.enrolment.programme

    @admin.action(description=_("Give the selected owed guarantees where a post is open now"))
    def settle(self, request, queryset):
        """Through the settlement a post's approval runs, which decides: a guarantee no
        longer owed (given, or lapsed) is refused, one whose agreement is no longer in
        force lapses, and without a post open for the veteran, or their consent, it stays
        owed."""
        outcomes = []

        def settle_one(guarantee):
            settled = cooperation.interview_guarantee_settle(
                guarantee_id=guarantee.pk, actor=request.user
            )
            outcomes.append(settled)

        run_for_each(self, request, queryset.order_by("pk"), settle_one)
        given = outcomes.count(InterviewGuarantee.Status.GIVEN)
        self.message_user(
            request,
            _("%(given)d of %(owed)d owed interview guarantees given.")
            % {"given": given, "owed": len(outcomes)},
            messages.SUCCESS,
        )
        if lapsed := outcomes.count(InterviewGuarantee.Status.LAPSED):
            self.message_user(
                request,
                _("%(count)d lapsed: their agreement is no longer in force.") % {"count": lapsed},
                messages.WARNING,
            )
