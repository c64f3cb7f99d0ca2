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
]

# Under /api/v1/ (portal/api_urls.py).
api_urlpatterns = [
    path("auth/token/", api.AuthTokenCreateApi.as_view(), name="api-token"),
    path("auth/staff-token/", api.AuthStaffTokenCreateApi.as_view(), name="api-staff-token"),
]
