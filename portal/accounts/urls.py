"""Every route of the accounts app: sign-up, log-in, verification and MFA pages (namespace
"accounts"), and the API's token sign-in (``api_urlpatterns``)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from portal.accounts import api, views
from portal.accounts.forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="emails/password_reset_body.txt",
            subject_template_name="emails/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_done, name="signup_done"),
    path("verify/resend/", views.resend_verification, name="resend_verification"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("workbench/", views.workbench, name="workbench"),
    path("mfa/setup/", views.mfa_setup, name="mfa_setup"),
    path("mfa/verify/", views.mfa_verify, name="mfa_verify"),
    path("mfa/recover/", views.mfa_recover, name="mfa_recover"),
    path("mfa/recovery-codes/", views.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("inbox/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("inbox/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("inbox/settings/", views.notification_settings, name="notification_settings"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/my-data.json", views.my_data_download, {"fmt": "json"}, name="my_data_json"),
    path("my-data/my-data.xlsx", views.my_data_download, {"fmt": "xlsx"}, name="my_data_xlsx"),
    path("delete/", views.account_delete_view, name="account_delete"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/new/", views.officer_create, name="officer_create"),
    path("officers/<int:pk>/deactivate/", views.officer_deactivate, name="officer_deactivate"),
    path("phone/", views.phone_verification, name="phone_verification"),
    path("phone/confirm/", views.phone_confirm, name="phone_confirm"),
]

# Under /api/v1/ (portal/api_urls.py).
api_urlpatterns = [
    path("auth/token/", api.AuthTokenCreateApi.as_view(), name="api-token"),
    path("auth/staff-token/", api.AuthStaffTokenCreateApi.as_view(), name="api-staff-token"),
    path("me/notifications/", api.NotificationListApi.as_view(), name="api-notification-list"),
    path("me/data/", api.MyDataApi.as_view(), name="api-my-data"),
    path("me/delete/", api.AccountDeleteApi.as_view(), name="api-account-delete"),
    path("officers/", api.OfficerListApi.as_view(), name="api-officer-list"),
    path("officers/create/", api.OfficerCreateApi.as_view(), name="api-officer-create"),
    path(
        "officers/<int:pk>/deactivate/",
        api.OfficerDeactivateApi.as_view(),
        name="api-officer-deactivate",
    ),
    path(
        "me/notifications/unread-count/",
        api.UnreadCountApi.as_view(),
        name="api-notification-unread-count",
    ),
    path(
        "me/notifications/read-all/",
        api.NotificationsReadAllApi.as_view(),
        name="api-notifications-read-all",
    ),
    path(
        "me/notifications/<int:pk>/read/",
        api.NotificationReadApi.as_view(),
        name="api-notification-read",
    ),
    path(
        "me/notification-settings/",
        api.NotificationSettingsApi.as_view(),
        name="api-notification-settings",
    ),
    path(
        "me/notification-settings/update/",
        api.NotificationSettingsUpdateApi.as_view(),
        name="api-notification-settings-update",
    ),
    path(
        "me/phone/verification/",
        api.PhoneVerificationStartApi.as_view(),
        name="api-phone-verification",
    ),
    path(
        "me/phone/verification/confirm/",
        api.PhoneVerifyApi.as_view(),
        name="api-phone-confirm",
    ),
]
