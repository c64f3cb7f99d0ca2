"""Start-up pages (``startups:``) and, in ``api_urlpatterns``, the veteran's operations
under /api/v1/."""

from django.urls import path

from startups import api, views

app_name = "startups"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.detail, name="detail"),
    path("mine/", views.my_startups, name="mine"),
    path("declare/", views.declare, name="declare"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>/staff/", views.staff, name="staff"),
    path("eligibility/", views.eligibility, name="eligibility"),
    path("review/", views.review_queue, name="review_queue"),
    path("<int:pk>/confirm/", views.startup_confirm, name="startup_confirm"),
    path("<int:pk>/reject/", views.startup_reject, name="startup_reject"),
    path("mentoring/", views.mentoring, name="mentoring"),
    path("mentoring/volunteer/", views.mentor_volunteer, name="mentor_volunteer"),
    path("mentoring/request/", views.mentor_request, name="mentor_request"),
    path("mentoring/pairs/<int:pk>/session/", views.mentor_session, name="mentor_session"),
    path("mentoring/requests/", views.mentor_requests, name="mentor_requests"),
    path("mentoring/requests/<int:pk>/pair/", views.mentor_pair, name="mentor_pair"),
]

api_urlpatterns = [
    path("me/startups/", api.StartUpListApi.as_view(), name="api-startup-list"),
    path("me/startups/declare/", api.StartUpDeclareApi.as_view(), name="api-startup-declare"),
    path("me/startups/<int:pk>/", api.StartUpDetailApi.as_view(), name="api-startup-detail"),
    path("me/eligibility/", api.EligibilityApi.as_view(), name="api-eligibility"),
]
