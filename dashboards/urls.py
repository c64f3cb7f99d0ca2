from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("nation/", views.nation, name="nation"),
    path("regions/<str:code>/", views.region, name="region"),
    path("enterprise/", views.enterprise, name="enterprise"),
    path("reports/<str:quarter>/<str:scope>/", views.report_print, name="report_print"),
    path("reports/<str:quarter>/<str:scope>/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("reports/<str:quarter>/<str:scope>/csv/", views.report_csv, name="report_csv"),
]
