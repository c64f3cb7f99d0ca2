"""The programme's public pages (namespace "cooperation", under /cooperation/)."""

from django.urls import path

from dashboards import public

app_name = "cooperation"

urlpatterns = [
    path("", public.directory, name="directory"),
    path("enterprises/<int:pk>/", public.enterprise, name="enterprise"),
    path("batches/<int:number>/", public.batch, name="batch"),
]
