"""Every route of the veterans app: its pages (namespace "veterans", under /veterans/) and
its operations under /api/v1/ (``api_urlpatterns``)."""

from django.urls import path

from veterans import api, training_api, training_views, views

app_name = "veterans"

urlpatterns = [
    path("profile/", views.profile_detail, name="profile"),
    path("profile/edit/<slug:step>/", views.profile_step, name="profile_step"),
    path("regions/cities/", views.region_cities, name="region_cities"),
    path("resumes/", views.resume_list, name="resume_list"),
    path("resumes/upload/", views.resume_upload, name="resume_upload"),
    path("resumes/<int:pk>/download/", views.resume_download, name="resume_download"),
    path("resumes/<int:pk>/delete/", views.resume_delete, name="resume_delete"),
    path("consents/", views.consent_list, name="consent_list"),
    path("consents/give/", views.consent_give, name="consent_give"),
    path("consents/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    # veterans/training_views.py
    path(
        "training/institutions/", training_views.institution_list, name="training_institution_list"
    ),
    path(
        "training/institutions/new/",
        training_views.institution_create,
        name="training_institution_create",
    ),
    path(
        "training/institutions/<int:pk>/",
        training_views.institution_detail,
        name="training_institution_detail",
    ),
    path(
        "training/institutions/<int:pk>/edit/",
        training_views.institution_edit,
        name="training_institution_edit",
    ),
    path("training/programmes/", training_views.programme_list, name="training_programme_list"),
    path(
        "training/programmes/new/",
        training_views.programme_create,
        name="training_programme_create",
    ),
    path(
        "training/programmes/<int:pk>/",
        training_views.programme_detail,
        name="training_programme_detail",
    ),
    path(
        "training/programmes/<int:pk>/edit/",
        training_views.programme_edit,
        name="training_programme_edit",
    ),
    path(
        "training/programmes/<int:pk>/enrol/", training_views.programme_enrol, name="training_enrol"
    ),
    path(
        "training/enrolments/<int:pk>/withdraw/",
        training_views.enrolment_withdraw,
        name="training_withdraw",
    ),
    path(
        "training/enrolments/<int:pk>/start/", training_views.enrolment_start, name="training_start"
    ),
    path(
        "training/enrolments/<int:pk>/complete/",
        training_views.enrolment_complete,
        name="training_complete",
    ),
    path("training/enrolments/<int:pk>/drop/", training_views.enrolment_drop, name="training_drop"),
    path("training/mine/", training_views.my_training, name="my_training"),
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
    # veterans/training_api.py
    path(
        "training/institutions/",
        training_api.InstitutionListApi.as_view(),
        name="api-institution-list",
    ),
    path(
        "training/institutions/create/",
        training_api.InstitutionCreateApi.as_view(),
        name="api-institution-create",
    ),
    path(
        "training/institutions/<int:pk>/update/",
        training_api.InstitutionUpdateApi.as_view(),
        name="api-institution-update",
    ),
    path(
        "training/programmes/", training_api.ProgrammeListApi.as_view(), name="api-programme-list"
    ),
    path(
        "training/programmes/create/",
        training_api.ProgrammeCreateApi.as_view(),
        name="api-programme-create",
    ),
    path(
        "training/programmes/<int:pk>/",
        training_api.ProgrammeDetailApi.as_view(),
        name="api-programme-detail",
    ),
    path(
        "training/programmes/<int:pk>/update/",
        training_api.ProgrammeUpdateApi.as_view(),
        name="api-programme-update",
    ),
    path(
        "training/programmes/<int:pk>/enrol/",
        training_api.ProgrammeEnrolApi.as_view(),
        name="api-programme-enrol",
    ),
    path(
        "training/programmes/<int:pk>/enrolments/",
        training_api.ProgrammeEnrolmentListApi.as_view(),
        name="api-programme-enrolments",
    ),
    path("me/enrolments/", training_api.MyEnrolmentListApi.as_view(), name="api-my-enrolments"),
    path(
        "me/enrolments/<int:pk>/withdraw/",
        training_api.EnrolmentWithdrawApi.as_view(),
        name="api-enrolment-withdraw",
    ),
    path(
        "training/enrolments/<int:pk>/start/",
        training_api.EnrolmentStartApi.as_view(),
        name="api-enrolment-start",
    ),
    path(
        "training/enrolments/<int:pk>/complete/",
        training_api.EnrolmentCompleteApi.as_view(),
        name="api-enrolment-complete",
    ),
    path(
        "training/enrolments/<int:pk>/drop/",
        training_api.EnrolmentDropApi.as_view(),
        name="api-enrolment-drop",
    ),
]
