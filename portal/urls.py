from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from dashboards.urls import cooperation_urlpatterns
from jobs.views.search import home
from portal import views
from portal.accounts import views as accounts_views

# The admin's titles in the portal's words and language ("Django 管理" otherwise).
admin.site.site_header = admin.site.site_title = _("Portal administration")
admin.site.index_title = _("Data and accounts")

urlpatterns = [
    path("", home, name="home"),
    path("health/", views.HealthView.as_view(), name="health"),
    path("health/live/", views.live, name="health-live"),
    # Django's language switch, which also keeps a signed-in user's choice for their e-mails.
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("portal.accounts.urls")),
    path("jobs/", include("jobs.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("veterans/", include("veterans.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("startups/", include("startups.urls")),
    path("cooperation/", include((cooperation_urlpatterns, "cooperation"))),
    path("api/v1/", include("portal.api_urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"
    ),
]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.not_found"
handler500 = "portal.outages.server_error"
