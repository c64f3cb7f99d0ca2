from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.models import AuditEvent, AuthenticatorApp, RecoveryCodeSet, User


class ReadOnly:
    """Rows the services write: the admin (a ModelAdmin or an inline) lists and shows them
    but never adds, changes or deletes one."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "role", "region", "is_active", "is_staff"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "email", "first_name", "last_name"]
    autocomplete_fields = ["region"]
    # A stored phone number is shown masked, to administrators too (#8); it is entered only
    # when the account is created.
    readonly_fields = ["masked_phone"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Portal role"), {"fields": ["role", "region", "masked_phone"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Portal role"), {"fields": ["role", "region", "phone"]}),
    ]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return obj.masked_phone


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail is written by the services and never edited."""

    list_display = ["created_at", "actor", "action", "content_type", "object_id"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "object_id", "actor__username", "note"]
    date_hierarchy = "created_at"


# The second factor's devices under names in the admin's language (see the proxies' note).
admin.site.unregister(TOTPDevice)
admin.site.register(AuthenticatorApp, TOTPDeviceAdmin)
admin.site.unregister(StaticDevice)
admin.site.register(RecoveryCodeSet, StaticDeviceAdmin)
