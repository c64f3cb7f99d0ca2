from django.urls import path

from dashboards import api, public, views
from dashboards import communication_views as communication

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
    path("notices/", communication.notice_list, name="notice_list"),
    path("notices/<int:pk>/", communication.notice_detail, name="notice_detail"),
    path("pledge-follow-ups/", communication.pledge_follow_up_list, name="pledge_follow_up_list"),
    path(
        "pledge-follow-ups/<int:pk>/close/",
        communication.pledge_follow_up_close,
        name="pledge_follow_up_close",
    ),
    path("meetings/", communication.meeting_list, name="meeting_list"),
    path("meetings/new/", communication.meeting_record, name="meeting_record"),
    path("meetings/<int:pk>/", communication.meeting_detail, name="meeting_detail"),
    path("action-items/<int:pk>/done/", communication.action_item_done, name="action_item_done"),
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
    path(
        "quarterly-notices/", api.QuarterlyNoticeListApi.as_view(), name="api-quarterly-notice-list"
    ),
    path(
        "quarterly-notices/<int:pk>/",
        api.QuarterlyNoticeDetailApi.as_view(),
        name="api-quarterly-notice-detail",
    ),
    path(
        "pledge-follow-ups/", api.PledgeFollowUpListApi.as_view(), name="api-pledge-follow-up-list"
    ),
    path(
        "pledge-follow-ups/<int:pk>/close/",
        api.PledgeFollowUpCloseApi.as_view(),
        name="api-pledge-follow-up-close",
    ),
    path("meetings/", api.MeetingListApi.as_view(), name="api-meeting-list"),
    path("meetings/record/", api.MeetingRecordApi.as_view(), name="api-meeting-record"),
    path("meetings/<int:pk>/", api.MeetingDetailApi.as_view(), name="api-meeting-detail"),
    path(
        "action-items/<int:pk>/done/", api.ActionItemDoneApi.as_view(), name="api-action-item-done"
    ),
]

# The programme's public pages, under /cooperation/ (namespace "cooperation").
cooperation_urlpatterns = [
    path("", public.directory, name="directory"),
    path("enterprises/<int:pk>/", public.enterprise, name="enterprise"),
    path("batches/<int:number>/", public.batch, name="batch"),
]
