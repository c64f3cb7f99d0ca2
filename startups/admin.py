"""Django admin of the start-ups and the support catalogue. Decisions on a declaration go
through the services (startups/reviews.py), so the admin obeys the pages' rules."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.review import ReasonActionForm, decision_action
from startups.models import (
    EligibilityRule,
    EntrepreneurCase,
    Mentor,
    MentorPair,
    StartUp,
    SupportApplication,
    SupportBase,
    SupportPolicy,
)
from startups.reviews import STARTUP_REVIEW


@admin.register(StartUp)
class StartUpAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "region", "status", "declared_at")
    list_filter = ("status", "stage")
    search_fields = ("name", "credit_code")
    readonly_fields = ("status", "decision_reason", "reviewed_by", "reviewed_at", "enterprise")
    raw_id_fields = ("founder",)
    action_form = ReasonActionForm
    actions = ["confirm", "reject"]

    confirm = decision_action(STARTUP_REVIEW, "confirm", _("Confirm the selected start-ups"))
    reject = decision_action(
        STARTUP_REVIEW, "reject", _("Do not confirm the selected start-ups (give the reason)")
    )


@admin.register(SupportBase)
class SupportBaseAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "capacity")
    list_filter = ("kind",)
    search_fields = ("name",)


class EligibilityRuleInline(admin.TabularInline):
    model = EligibilityRule
    extra = 1


@admin.register(SupportPolicy)
class SupportPolicyAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "region")
    list_filter = ("kind",)
    search_fields = ("title",)
    inlines = [EligibilityRuleInline]


@admin.register(Mentor)
class MentorAdmin(admin.ModelAdmin):
    list_display = ("profile", "industry", "region", "capacity", "active")
    list_filter = ("active",)
    raw_id_fields = ("profile",)


@admin.register(MentorPair)
class MentorPairAdmin(admin.ModelAdmin):
    """Pairs are made by the bureau's page (startups.services.mentor_pair); read here."""

    list_display = ("mentor", "request", "paired_by", "created_at")
    readonly_fields = ("mentor", "request", "paired_by", "created_at")

    def has_add_permission(self, request):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Kept by the bureaus on their pages (startups.cases); read here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EntrepreneurCase)
class EntrepreneurCaseAdmin(ReadOnlyAdmin):
    list_display = ("veteran", "region", "startup", "opened_on")
    list_select_related = ("veteran", "region", "startup")
    search_fields = ("startup__name",)


@admin.register(SupportApplication)
class SupportApplicationAdmin(ReadOnlyAdmin):
    list_display = ("case", "policy", "applied_on", "amount_applied", "status", "amount_granted")
    list_filter = ("status",)
    list_select_related = ("case__veteran", "policy")
