"""/api/v1/: each app's api.py keeps the routes of its operations."""

from django.urls import include, path

urlpatterns = [
    path("", include("portal.accounts.api")),
    path("", include("enterprises.api")),
    path("", include("veterans.api")),
    path("", include("veterans.training_api")),
    path("", include("jobs.api")),
]
