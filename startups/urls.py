"""Start-up pages (``startups:``) and, in ``api_urlpatterns``, the veteran's operations
under /api/v1/."""

from django.urls import path

from startups import api, case_views, catalogue_views, views

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
    # The bureau's case records of entrepreneurs, and the veteran's own.
    path("cases/", case_views.case_list, name="case_list"),
    path("<int:pk>/case/", case_views.case_open, name="case_open"),
    path("cases/<int:pk>/", case_views.case_detail, name="case_detail"),
    path("cases/<int:pk>/contacts/", case_views.case_contact, name="case_contact"),
    path("cases/<int:pk>/applications/", case_views.case_application, name="case_application"),
    path("cases/<int:pk>/incubations/", case_views.case_incubation, name="case_incubation"),
    path(
        "cases/applications/<int:pk>/outcome/",
        case_views.application_outcome,
        name="application_outcome",
    ),
    path("cases/incubations/<int:pk>/end/", case_views.incubation_end, name="incubation_end"),
    path("cases/follow-ups/", case_views.case_follow_ups, name="case_follow_ups"),
    path(
        "cases/follow-ups/<int:pk>/",
        case_views.case_follow_up_record,
        name="case_follow_up_record",
    ),
    path("mine/case/", case_views.my_case, name="my_case"),
    # The support catalogue its bureau keeps.
    path("catalogue/bases/", catalogue_views.base_list, name="catalogue_bases"),
    path("catalogue/bases/new/", catalogue_views.base_edit, name="catalogue_base_create"),
    path("catalogue/bases/<int:pk>/", catalogue_views.base_edit, name="catalogue_base_edit"),
    path(
        "catalogue/bases/<int:pk>/retire/",
        catalogue_views.base_retire,
        name="catalogue_base_retire",
    ),
    path("catalogue/policies/", catalogue_views.policy_list, name="catalogue_policies"),
    path("catalogue/policies/new/", catalogue_views.policy_edit, name="catalogue_policy_create"),
    path(
        "catalogue/policies/<int:pk>/",
        catalogue_views.policy_edit,
        name="catalogue_policy_edit",
    ),
    path(
        "catalogue/policies/<int:pk>/retire/",
        catalogue_views.policy_retire,
        name="catalogue_policy_retire",
    ),
]

api_urlpatterns = [
    path("me/startups/", api.StartUpListApi.as_view(), name="api-startup-list"),
    path("me/startups/declare/", api.StartUpDeclareApi.as_view(), name="api-startup-declare"),
    path("me/startups/<int:pk>/", api.StartUpDetailApi.as_view(), name="api-startup-detail"),
    path("me/eligibility/", api.EligibilityApi.as_view(), name="api-eligibility"),
    path("me/mentoring/", api.MentoringApi.as_view(), name="api-mentoring"),
    path(
        "me/mentoring/requests/",
        api.MentorRequestCreateApi.as_view(),
        name="api-mentor-request-create",
    ),
    path(
        "me/mentoring/pairs/<int:pk>/sessions/",
        api.MentorSessionCreateApi.as_view(),
        name="api-mentor-session-create",
    ),
    path("mentoring/requests/", api.MentorRequestQueueApi.as_view(), name="api-mentor-requests"),
    path(
        "mentoring/requests/<int:pk>/pair/",
        api.MentorPairApi.as_view(),
        name="api-mentor-pair",
    ),
]
