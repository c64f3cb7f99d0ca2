"""Django admin for the ministry's back office. Decisions go through the services, so the
admin obeys the same rules, audit trail and e-mails as the portal; status is read-only."""

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.utils.translation import gettext_lazy as _

from enterprises import services
from enterprises.models import Agreement, Branch, CooperationBatch, Enterprise, EnterpriseMember
from enterprises.selectors import agreements_with_progress
from portal.refusals import run_for_each

DECISION_FIELDS = ("status", "decision_reason", "reviewed_by", "reviewed_at")


class ReasonActionForm(ActionForm):
    """Adds a reason box beside the action menu, for the actions that need one."""

    reason = forms.CharField(label=_("Reason"), required=False)


def _decide_each(modeladmin, request, queryset, decide) -> None:
    """Call ``decide(obj, reason)`` per selected row and report each refusal by name."""
    reason = request.POST.get("reason", "")
    done = run_for_each(modeladmin, request, queryset, lambda obj: decide(obj, reason))
    if done:
        modeladmin.message_user(request, _("%(count)d decided.") % {"count": done})


@admin.register(CooperationBatch)
class CooperationBatchAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "published_on")
    search_fields = ("name",)


class EnterpriseMemberInline(admin.TabularInline):
    model = EnterpriseMember
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "ownership", "hq_region", "status", "created_at")
    list_filter = ("status", "ownership")
    search_fields = ("name", "credit_code")
    readonly_fields = DECISION_FIELDS
    inlines = [EnterpriseMemberInline]
    action_form = ReasonActionForm
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve the selected enterprises"))
    def approve(self, request, queryset):
        _decide_each(
            self,
            request,
            queryset,
            lambda e, reason: services.enterprise_approve(
                enterprise=e, reviewer=request.user, note=reason
            ),
        )

    @admin.action(description=_("Reject the selected enterprises (give the reason)"))
    def reject(self, request, queryset):
        _decide_each(
            self,
            request,
            queryset,
            lambda e, reason: services.enterprise_reject(
                enterprise=e, reviewer=request.user, reason=reason
            ),
        )


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ("name", "enterprise", "region", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("name", "enterprise__name")
    list_select_related = ("enterprise", "region")
    readonly_fields = DECISION_FIELDS
    action_form = ReasonActionForm
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve the selected branches"))
    def approve(self, request, queryset):
        _decide_each(
            self,
            request,
            queryset,
            lambda b, reason: services.branch_approve(branch=b, reviewer=request.user, note=reason),
        )

    @admin.action(description=_("Reject the selected branches (give the reason)"))
    def reject(self, request, queryset):
        _decide_each(
            self,
            request,
            queryset,
            lambda b, reason: services.branch_reject(
                branch=b, reviewer=request.user, reason=reason
            ),
        )


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = (
        "enterprise",
        "batch",
        "signatory_level",
        "pledged_posts",
        "posted",
        "filled",
        "status",
    )
    list_filter = ("status", "batch", "signatory_level", "cooperation_mode")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise", "batch")
    readonly_fields = ("status", "signed_on", "termination_reason")

    def get_queryset(self, request):
        return agreements_with_progress(super().get_queryset(request))

    @admin.display(description=_("posted"), ordering="posted")
    def posted(self, agreement):
        return agreement.posted

    @admin.display(description=_("filled"), ordering="filled")
    def filled(self, agreement):
        return agreement.filled
