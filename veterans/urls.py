"""Every route of the veterans app: its pages (namespace "veterans", under /veterans/) and
its operations under /api/v1/ (``api_urlpatterns``)."""

from django.urls import path

from veterans import api, views

app_name = "veterans"

urlpatterns = [
    path("profile/", views.profile_detail, name="profile"),
    path("profile/edit/<slug:step>/", views.profile_step, name="profile_step"),
    path("regions/cities/", views.region_cities, name="region_cities"),
    path("regions/<str:code>/districts/", views.region_districts, name="region_districts"),
    path("resumes/", views.resume_list, name="resume_list"),
    path("resumes/upload/", views.resume_upload, name="resume_upload"),
    path("resumes/<int:pk>/download/", views.resume_download, name="resume_download"),
    path("resumes/<int:pk>/delete/", views.resume_delete, name="resume_delete"),
    path("consents/", views.consent_list, name="consent_list"),
    path("consents/give/", views.consent_give, name="consent_give"),
    path("consents/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("status/", views.status_queue, name="status_queue"),
    path("status/<int:pk>/confirm/", views.status_confirm, name="status_confirm"),
    path("status/register/", views.status_register, name="status_register"),
    path("service-stations/", views.service_station_list, name="service_station_list"),
    path("service-stations/<int:pk>/", views.service_station_detail, name="service_station_detail"),
    path("service-stations/manage/", views.service_station_manage, name="service_station_manage"),
    path("service-stations/new/", views.service_station_create, name="service_station_create"),
    path(
        "service-stations/<int:pk>/edit/", views.service_station_edit, name="service_station_edit"
    ),
    path(
        "service-stations/<int:pk>/retire/",
        views.service_station_retire,
        name="service_station_retire",
    ),
]

api_urlpatterns = [
    # veterans/api.py
    path("me/profile/", api.ProfileDetailApi.as_view(), name="api-profile"),
    path("me/profile/update/", api.ProfileUpdateApi.as_view(), name="api-profile-update"),
    path("me/consents/", api.ConsentListApi.as_view(), name="api-consent-list"),
    path("me/consents/give/", api.ConsentGiveApi.as_view(), name="api-consent-give"),
    path("me/consents/withdraw/", api.ConsentWithdrawApi.as_view(), name="api-consent-withdraw"),
    path("me/resumes/", api.ResumeListApi.as_view(), name="api-resume-list"),
    path("me/resumes/upload/", api.ResumeUploadApi.as_view(), name="api-resume-upload"),
    path("me/resumes/<int:pk>/delete/", api.ResumeDeleteApi.as_view(), name="api-resume-delete"),
    path("veterans/unconfirmed/", api.StatusQueueApi.as_view(), name="api-status-queue"),
    path(
        "veterans/<int:pk>/confirm-status/",
        api.StatusConfirmApi.as_view(),
        name="api-status-confirm",
    ),
    path("veterans/status-register/", api.StatusRegisterApi.as_view(), name="api-status-register"),
    path("service-stations/", api.ServiceStationListApi.as_view(), name="api-service-station-list"),
    path(
        "service-stations/create/",
        api.ServiceStationCreateApi.as_view(),
        name="api-service-station-create",
    ),
    path(
        "service-stations/<int:pk>/update/",
        api.ServiceStationUpdateApi.as_view(),
        name="api-service-station-update",
    ),
    path(
        "service-stations/<int:pk>/retire/",
        api.ServiceStationRetireApi.as_view(),
        name="api-service-station-retire",
    ),
]
