from django.urls import path

from dashboards import api, views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("nation/", views.nation, name="nation"),
    path("regions/<str:code>/", views.region, name="region"),
    path("enterprise/", views.enterprise, name="enterprise"),
    path("reports/<str:quarter>/<str:scope>/", views.report_print, name="report_print"),
    path("reports/<str:quarter>/<str:scope>/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("reports/<str:quarter>/<str:scope>/csv/", views.report_csv, name="report_csv"),
    path("commendations/", views.commendation_list, name="commendation_list"),
    path("commendations/add/", views.commendation_add, name="commendation_add"),
    path(
        "commendations/<int:pk>/confirm/",
        views.commendation_confirm,
        name="commendation_confirm",
    ),
    path(
        "commendations/<int:pk>/dismiss/",
        views.commendation_dismiss,
        name="commendation_dismiss",
    ),
]

api_urlpatterns = [
    path(
        "cooperation/enterprises/",
        api.CooperativeEnterpriseListApi.as_view(),
        name="api-cooperative-enterprise-list",
    ),
    path(
        "cooperation/enterprises/<int:pk>/",
        api.CooperativeEnterpriseDetailApi.as_view(),
        name="api-cooperative-enterprise-detail",
    ),
    path(
        "cooperation/batches/<int:number>/",
        api.ReleasedBatchApi.as_view(),
        name="api-released-batch",
    ),
    path(
        "reports/<str:quarter>/<str:scope>/",
        api.QuarterlyReportApi.as_view(),
        name="api-quarterly-report",
    ),
    path("commendations/", api.CommendationListApi.as_view(), name="api-commendation-list"),
    path("commendations/add/", api.CommendationAddApi.as_view(), name="api-commendation-add"),
    path(
        "commendations/<int:pk>/confirm/",
        api.CommendationConfirmApi.as_view(),
        name="api-commendation-confirm",
    ),
    path(
        "commendations/<int:pk>/dismiss/",
        api.CommendationDismissApi.as_view(),
        name="api-commendation-dismiss",
    ),
]
