"""Django admin for the ministry's back office. Decisions go through the services, so the
admin obeys the same rules, audit trail and e-mails as the portal; status is read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from enterprises.models import (
    Agreement,
    Branch,
    Commendation,
    CooperationBatch,
    Enterprise,
    EnterpriseInvitation,
    EnterpriseMember,
    Prospect,
)
from enterprises.reviews import BRANCH_REVIEW, ENTERPRISE_REVIEW
from enterprises.selectors import agreements_with_progress
from portal.review import ReasonActionForm, decision_action

DECISION_FIELDS = ("status", "decision_reason", "reviewed_by", "reviewed_at")


@admin.register(CooperationBatch)
class CooperationBatchAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "published_on", "released_on")
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

    approve = decision_action(ENTERPRISE_REVIEW, "approve", _("Approve the selected enterprises"))
    reject = decision_action(
        ENTERPRISE_REVIEW, "reject", _("Reject the selected enterprises (give the reason)")
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

    approve = decision_action(BRANCH_REVIEW, "approve", _("Approve the selected branches"))
    reject = decision_action(
        BRANCH_REVIEW, "reject", _("Reject the selected branches (give the reason)")
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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Invitations, screening and commendations are worked on their pages, through their
    services: the back office reads them only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyAdmin):
    """The lists are proposed by the quarterly report and decided by the ministry on its
    page (/dashboards/commendations/), each decision with its audit event."""

    list_display = ("enterprise", "kind", "year", "quarter", "status", "decided_at")
    list_filter = ("kind", "status", "year", "quarter")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise",)


@admin.register(EnterpriseInvitation)
class EnterpriseInvitationAdmin(ReadOnlyAdmin):
    list_display = ("name", "credit_code", "signatory_level", "region", "status", "expires_at")
    list_filter = ("status", "signatory_level")
    search_fields = ("name", "credit_code")
    exclude = ("token",)


@admin.register(Prospect)
class ProspectAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "signatory_level", "region", "status", "created_at")
    list_filter = ("status", "signatory_level")
    search_fields = ("enterprise__name", "enterprise__credit_code")
