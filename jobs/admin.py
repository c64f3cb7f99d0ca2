"""Admin for support staff: read-only views of the workflow rows. Every write goes through
the services (the actions call them, and they check the user's role), so the admin
records the same AuditEvents and sends the same mail as the portal."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from jobs import services
from jobs.models import (
    Application,
    FollowUp,
    Interview,
    InterviewSlot,
    Invitation,
    JobPost,
    MatchingRun,
    MessageReport,
    Placement,
    PostReport,
    Recommendation,
    RecruitmentEvent,
    SavedPost,
    SavedSearch,
    Verification,
)
from jobs.reviews import POST_REVIEW
from jobs.training import admin as training_admin  # noqa: F401 (registers training's admin)
from portal.accounts.admin import ReadOnly, ReadOnlyAdmin
from portal.refusals import run_for_each
from portal.review import decision_action


def _run_service(modeladmin, request, queryset, call) -> None:
    """Apply ``call(obj)`` to each selected row, reporting refusals instead of failing."""
    done = run_for_each(modeladmin, request, queryset, call)
    if done:
        modeladmin.message_user(request, _("%(count)d done.") % {"count": done}, messages.SUCCESS)


@admin.register(JobPost)
class JobPostAdmin(ReadOnlyAdmin):
    list_display = ("title", "branch", "region", "status", "openings", "filled_count", "deadline")
    list_filter = ("status", "employment_type", "is_national", "industry")
    search_fields = ("title", "branch__name", "branch__enterprise__name")
    list_select_related = ("branch__enterprise", "region")
    raw_id_fields = ("branch", "agreement", "occupation", "region", "industry")
    date_hierarchy = "created_at"
    actions = ("approve", "close", "expire")

    approve = decision_action(POST_REVIEW, "approve", _("Approve and publish the selected posts"))

    @admin.action(description=_("Close the selected posts"))
    def close(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda post: services.job_post_close(post=post, actor=request.user),
        )

    @admin.action(description=_("Expire the selected posts whose deadline has passed"))
    def expire(self, request, queryset):
        _run_service(self, request, queryset, lambda post: services.job_post_expire(post=post))


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("veteran", "post", "status", "created_at", "updated_at")
    list_filter = ("status",)
    search_fields = ("veteran__full_name", "post__title", "post__branch__enterprise__name")
    list_select_related = ("veteran", "post")
    raw_id_fields = ("post", "veteran", "resume")


class FollowUpInline(ReadOnly, admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ("month", "due_on", "status", "outcome", "left_reason", "note", "recorded_by")


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdmin):
    list_display = ("veteran", "post", "started_on")
    search_fields = ("veteran__full_name", "post__title", "post__branch__enterprise__name")
    list_select_related = ("veteran", "post")
    raw_id_fields = ("application", "post", "veteran")
    date_hierarchy = "started_on"
    inlines = (FollowUpInline,)


@admin.register(PostReport)
class PostReportAdmin(ReadOnlyAdmin):
    list_display = ("post", "reason", "status", "reporter", "created_at", "handled_by")
    list_filter = ("status", "reason")
    search_fields = ("post__title", "detail", "reporter__username")
    list_select_related = ("post", "reporter", "handled_by")
    raw_id_fields = ("post", "reporter", "handled_by")


@admin.register(Verification)
class VerificationAdmin(ReadOnlyAdmin):
    list_display = ("post", "method", "result", "verified_by", "verified_on")
    list_filter = ("method", "result")
    search_fields = ("post__title", "note")
    list_select_related = ("post", "verified_by")
    raw_id_fields = ("post", "verified_by")


@admin.register(RecruitmentEvent)
class RecruitmentEventAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "starts_at", "place", "capacity")
    search_fields = ("title", "place")
    list_select_related = ("region",)
    raw_id_fields = ("region", "organiser", "enterprises", "posts")
    date_hierarchy = "starts_at"


@admin.register(MatchingRun)
class MatchingRunAdmin(ReadOnlyAdmin):
    list_display = (
        "started_at",
        "status",
        "is_current",
        "shards_done",
        "shards_total",
        "veterans",
        "posts",
        "recommendations",
        "finished_at",
    )
    list_filter = ("status", "is_current")


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("run", "veteran", "post", "rank", "score")
    list_select_related = ("run", "veteran", "post")
    raw_id_fields = ("run", "veteran", "post")


@admin.register(SavedPost)
class SavedPostAdmin(ReadOnlyAdmin):
    list_display = ("veteran", "post", "created_at")
    list_select_related = ("veteran", "post")
    raw_id_fields = ("veteran", "post")


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ("veteran", "name", "alerts_enabled", "created_at")
    list_select_related = ("veteran",)
    raw_id_fields = ("veteran",)


class InterviewSlotInline(ReadOnly, admin.TabularInline):
    model = InterviewSlot
    extra = 0


@admin.register(Interview)
class InterviewAdmin(ReadOnlyAdmin):
    list_display = ("application", "status", "mode", "contact_name", "created_at")
    list_filter = ("status", "mode")
    list_select_related = ("application__post", "application__veteran")
    raw_id_fields = ("application", "proposed_by", "chosen_slot")
    inlines = (InterviewSlotInline,)


@admin.register(MessageReport)
class MessageReportAdmin(ReadOnlyAdmin):
    list_display = ("message", "reason", "status", "created_at", "handled_by")
    list_filter = ("status", "reason")
    raw_id_fields = ("message", "reporter", "handled_by")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("post", "veteran", "status", "created_at", "answered_at")
    list_filter = ("status",)
    list_select_related = ("post", "veteran")
    raw_id_fields = ("post", "veteran", "invited_by", "application")
