"""Every route of the jobs app: its pages (namespace "jobs", under /jobs/) and its
operations under /api/v1/ (``api_urlpatterns``, included by portal/api_urls.py)."""

from django.urls import path

from jobs import selectors
from jobs.api import bureau as bureau_api
from jobs.api import contact as contact_api
from jobs.api import enterprise as enterprise_api
from jobs.api import hires as hires_api
from jobs.api import saved as saved_api
from jobs.api import veteran as veteran_api
from jobs.feedback import api as feedback_api
from jobs.feedback import views as feedback
from jobs.notices import api as notices_api
from jobs.notices import views as notices
from jobs.referrals import api as referrals_api
from jobs.referrals import views as referrals
from jobs.training import api as training_api
from jobs.training import views as training
from jobs.views import bureau, contact, enterprise, hires, imports, matching, saved, veteran
from portal.accounts.api import audit_trail_view

app_name = "jobs"

urlpatterns = [
    # jobs/views/veteran.py
    path("posts/<int:pk>/", veteran.post_detail, name="post_detail"),
    path("posts/<int:pk>/apply/", veteran.post_apply, name="post_apply"),
    path("posts/<int:pk>/report/", veteran.post_report, name="post_report"),
    path("applications/", veteran.application_list, name="application_list"),
    path("applications/<int:pk>/", veteran.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/withdraw/",
        veteran.application_withdraw_view,
        name="application_withdraw",
    ),
    path("recommendations/", veteran.recommendations, name="recommendations"),
    # jobs/views/saved.py
    path("saved/", saved.saved_post_list, name="saved_post_list"),
    path("saved/posts/<int:pk>/save/", saved.post_save, name="post_save"),
    path("saved/posts/<int:pk>/unsave/", saved.post_unsave, name="post_unsave"),
    path("saved/searches/", saved.saved_search_list, name="saved_search_list"),
    path("saved/searches/new/", saved.saved_search_create, name="saved_search_create"),
    path("saved/searches/<int:pk>/delete/", saved.saved_search_delete, name="saved_search_delete"),
    path("saved/searches/<int:pk>/alerts/", saved.saved_search_alerts, name="saved_search_alerts"),
    path(
        "saved/unsubscribe/<str:token>/",
        saved.saved_search_unsubscribe,
        name="saved_search_unsubscribe",
    ),
    # jobs/views/enterprise.py
    path("enterprise/posts/", enterprise.enterprise_post_list, name="enterprise_post_list"),
    path("enterprise/posts/new/", enterprise.enterprise_post_create, name="enterprise_post_create"),
    path(
        "enterprise/posts/<int:pk>/edit/",
        enterprise.enterprise_post_edit,
        name="enterprise_post_edit",
    ),
    path(
        "enterprise/posts/<int:pk>/submit/",
        enterprise.enterprise_post_submit,
        name="enterprise_post_submit",
    ),
    path(
        "enterprise/posts/<int:pk>/close/",
        enterprise.enterprise_post_close,
        name="enterprise_post_close",
    ),
    # jobs/views/imports.py
    path("enterprise/posts/upload/", imports.post_import, name="post_import"),
    path(
        "enterprise/posts/upload/template/",
        imports.post_import_template,
        name="post_import_template",
    ),
    path(
        "enterprise/posts/upload/<int:pk>/",
        imports.post_import_detail,
        name="post_import_detail",
    ),
    path("enterprise/posts/<int:pk>/clone/", imports.post_clone, name="enterprise_post_clone"),
    path("enterprise/posts/<int:pk>/repost/", imports.post_repost, name="enterprise_post_repost"),
    path("enterprise/applications/", enterprise.pipeline, name="pipeline"),
    path("enterprise/applications/<int:pk>/", enterprise.applicant_detail, name="applicant_detail"),
    path(
        "enterprise/applications/<int:pk>/resume/",
        enterprise.applicant_resume,
        name="applicant_resume",
    ),
    path(
        "enterprise/applications/<int:pk>/contact/",
        enterprise.applicant_contact,
        name="applicant_contact",
    ),
    path(
        "enterprise/applications/<int:pk>/advance/",
        enterprise.application_advance,
        name="application_advance",
    ),
    path(
        "enterprise/applications/<int:pk>/hire/",
        enterprise.application_hire,
        name="application_hire",
    ),
    # jobs/referrals/views.py
    path(
        "referrals/veterans/",
        referrals.referral_candidate_list,
        name="referral_candidate_list",
    ),
    path(
        "referrals/veterans/<int:pk>/",
        referrals.referral_candidate_detail,
        name="referral_candidate_detail",
    ),
    path("referrals/", referrals.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/take-up/", referrals.referral_take_up, name="referral_take_up"),
    path("referrals/<int:pk>/decline/", referrals.referral_decline, name="referral_decline"),
    # jobs/views/bureau.py
    path("review/", bureau.post_review_queue, name="post_review_queue"),
    path("review/bulk/approve/", bureau.post_bulk_approve, name="post_bulk_approve"),
    path("review/bulk/reject/", bureau.post_bulk_reject, name="post_bulk_reject"),
    path("review/<int:pk>/", bureau.post_review, name="post_review"),
    path("review/<int:pk>/approve/", bureau.post_approve, name="post_approve"),
    path("review/<int:pk>/reject/", bureau.post_reject, name="post_reject"),
    path("review/<int:pk>/verify/", bureau.post_verify, name="post_verify"),
    path("verification/", bureau.verification_work_list, name="verification_work_list"),
    path(
        "verification/evidence/<int:pk>/",
        bureau.verification_evidence,
        name="verification_evidence",
    ),
    path("reports/", bureau.report_queue, name="report_queue"),
    path("reports/<int:pk>/confirm/", bureau.report_confirm, name="report_confirm"),
    path("reports/<int:pk>/dismiss/", bureau.report_dismiss, name="report_dismiss"),
    path("follow-ups/", bureau.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/", bureau.follow_up_record, name="follow_up_record"),
    path("follow-ups/<int:pk>/contact/", bureau.follow_up_contact, name="follow_up_contact"),
    path("events/", bureau.event_list, name="event_list"),
    path("events/new/", bureau.event_create, name="event_create"),
    path("events/<int:pk>/", bureau.event_detail, name="event_detail"),
    path("events/<int:pk>/register/", bureau.event_register, name="event_register"),
    path("events/<int:pk>/unregister/", bureau.event_unregister, name="event_unregister"),
    # jobs/views/hires.py
    path("hires/", hires.offline_hire_list, name="offline_hire_list"),
    path("hires/new/", hires.offline_hire_create, name="offline_hire_create"),
    path("hires/answer/<str:token>/", hires.offline_hire_answer, name="offline_hire_answer"),
    path(
        "hires/answer/<str:token>/confirm/",
        hires.offline_hire_confirm,
        name="offline_hire_confirm",
    ),
    path(
        "hires/answer/<str:token>/decline/",
        hires.offline_hire_decline,
        name="offline_hire_decline",
    ),
    path(
        "events/registrations/<int:pk>/attendance/",
        hires.event_attendance,
        name="event_attendance",
    ),
    # jobs/views/matching.py
    path("matching/runs/", matching.matching_run_list, name="matching_run_list"),
    path("matching/runs/start/", matching.matching_run_start, name="matching_run_start"),
    path(
        "enterprise/posts/<int:pk>/candidates/",
        matching.post_candidates,
        name="enterprise_post_candidates",
    ),
    # jobs/views/contact.py: interviews, messages, invitations (#18)
    path(
        "enterprise/applications/<int:pk>/interview/",
        enterprise.interview_propose,
        name="interview_propose",
    ),
    path("enterprise/interviews/", contact.interview_list, name="interview_list"),
    path(
        "enterprise/interviews/<int:pk>/cancel/",
        contact.interview_cancel,
        name="interview_cancel",
    ),
    path("interviews/<int:pk>/accept/", contact.interview_accept, name="interview_accept"),
    path("interviews/<int:pk>/decline/", contact.interview_decline, name="interview_decline"),
    path(
        "interviews/<int:pk>/reschedule/",
        contact.interview_reschedule,
        name="interview_reschedule",
    ),
    path("applications/<int:pk>/messages/", contact.message_thread, name="message_thread"),
    path("applications/<int:pk>/messages/send/", contact.message_send, name="message_send"),
    path("messages/<int:pk>/report/", contact.message_report, name="message_report"),
    path("reports/messages/", contact.message_report_queue, name="message_report_queue"),
    path(
        "reports/messages/<int:pk>/uphold/",
        contact.message_report_uphold,
        name="message_report_uphold",
    ),
    path(
        "reports/messages/<int:pk>/dismiss/",
        contact.message_report_dismiss,
        name="message_report_dismiss",
    ),
    path(
        "enterprise/posts/<int:pk>/invite/",
        contact.candidate_invite,
        name="candidate_invite",
    ),
    path("invitations/", contact.invitation_list, name="invitation_list"),
    path("invitations/<int:pk>/apply/", contact.invitation_apply, name="invitation_apply"),
    path("invitations/<int:pk>/decline/", contact.invitation_decline, name="invitation_decline"),
    # jobs/training/views.py
    path("training/institutions/", training.institution_list, name="training_institution_list"),
    path(
        "training/institutions/new/",
        training.institution_create,
        name="training_institution_create",
    ),
    path(
        "training/institutions/<int:pk>/",
        training.institution_detail,
        name="training_institution_detail",
    ),
    path(
        "training/institutions/<int:pk>/edit/",
        training.institution_edit,
        name="training_institution_edit",
    ),
    path("training/institutions/mine/", training.my_institution, name="my_institution"),
    path(
        "training/institutions/<int:pk>/staff/invite/",
        training.institution_staff_invite,
        name="training_institution_staff_invite",
    ),
    path(
        "training/institution-staff/<int:pk>/deactivate/",
        training.institution_staff_deactivate,
        name="training_institution_staff_deactivate",
    ),
    path("training/programmes/", training.programme_list, name="training_programme_list"),
    path(
        "training/programmes/<int:pk>/approve/",
        training.programme_approve,
        name="training_programme_approve",
    ),
    path(
        "training/programmes/<int:pk>/reject/",
        training.programme_reject,
        name="training_programme_reject",
    ),
    path(
        "training/programmes/new/",
        training.programme_create,
        name="training_programme_create",
    ),
    path(
        "training/programmes/<int:pk>/",
        training.programme_detail,
        name="training_programme_detail",
    ),
    path(
        "training/programmes/<int:pk>/edit/",
        training.programme_edit,
        name="training_programme_edit",
    ),
    path("training/programmes/<int:pk>/enrol/", training.programme_enrol, name="training_enrol"),
    path(
        "training/enrolments/<int:pk>/withdraw/",
        training.enrolment_withdraw,
        name="training_withdraw",
    ),
    path("training/enrolments/<int:pk>/start/", training.enrolment_start, name="training_start"),
    path(
        "training/enrolments/<int:pk>/complete/",
        training.enrolment_complete,
        name="training_complete",
    ),
    path("training/enrolments/<int:pk>/drop/", training.enrolment_drop, name="training_drop"),
    path("training/mine/", training.my_training, name="my_training"),
    # training cooperation: programmes linked to a training agreement (jobs/training/views.py)
    path(
        "agreements/<int:pk>/training-programmes/link/",
        training.agreement_programme_link,
        name="agreement_programme_link",
    ),
    path(
        "agreements/<int:pk>/training-programmes/unlink/",
        training.agreement_programme_unlink,
        name="agreement_programme_unlink",
    ),
    path("training/skill-gaps/", training.skill_gaps, name="skill_gaps"),
    # jobs/notices/views.py
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("notices/files/<int:pk>/", notices.notice_attachment, name="notice_attachment"),
    path("notices/manage/", notices.notice_manage_list, name="notice_manage_list"),
    path("notices/new/", notices.notice_create, name="notice_create"),
    path("notices/<int:pk>/edit/", notices.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/publish/", notices.notice_publish, name="notice_publish"),
    path("notices/<int:pk>/withdraw/", notices.notice_withdraw, name="notice_withdraw"),
    path(
        "notices/files/<int:pk>/delete/",
        notices.notice_attachment_delete,
        name="notice_attachment_delete",
    ),
    # jobs/feedback/views.py
    path("feedback/", feedback.feedback_list, name="feedback_list"),
    path("feedback/<int:pk>/", feedback.feedback_answer, name="feedback_answer"),
    path("feedback/<int:pk>/decline/", feedback.feedback_decline, name="feedback_decline"),
    path("feedback/summary/", feedback.feedback_summary, name="feedback_summary"),
    path("feedback/enterprise/", feedback.feedback_enterprise, name="feedback_enterprise"),
]

api_urlpatterns = [
    # jobs/api/veteran.py
    path("posts/", veteran_api.PostSearchApi.as_view(), name="api-post-search"),
    path("posts/<int:pk>/", veteran_api.PostDetailApi.as_view(), name="api-post-detail"),
    path("posts/<int:pk>/apply/", veteran_api.PostApplyApi.as_view(), name="api-post-apply"),
    path("posts/<int:pk>/report/", veteran_api.PostReportApi.as_view(), name="api-post-report"),
    path(
        "applications/<int:pk>/withdraw/",
        veteran_api.ApplicationWithdrawApi.as_view(),
        name="api-application-withdraw",
    ),
    path(
        "me/applications/", veteran_api.MyApplicationListApi.as_view(), name="api-my-applications"
    ),
    path(
        "me/recommendations/",
        veteran_api.MyRecommendationListApi.as_view(),
        name="api-my-recommendations",
    ),
    # jobs/api/saved.py
    path("me/saved-posts/", saved_api.SavedPostListApi.as_view(), name="api-saved-post-list"),
    path("posts/<int:pk>/save/", saved_api.PostSaveApi.as_view(), name="api-post-save"),
    path("posts/<int:pk>/unsave/", saved_api.PostUnsaveApi.as_view(), name="api-post-unsave"),
    path(
        "me/saved-searches/", saved_api.SavedSearchListApi.as_view(), name="api-saved-search-list"
    ),
    path(
        "me/saved-searches/create/",
        saved_api.SavedSearchCreateApi.as_view(),
        name="api-saved-search-create",
    ),
    path(
        "me/saved-searches/<int:pk>/alerts/",
        saved_api.SavedSearchAlertsApi.as_view(),
        name="api-saved-search-alerts",
    ),
    path(
        "me/saved-searches/<int:pk>/delete/",
        saved_api.SavedSearchDeleteApi.as_view(),
        name="api-saved-search-delete",
    ),
    # jobs/api/enterprise.py
    path("me/posts/", enterprise_api.MyPostListApi.as_view(), name="api-my-post-list"),
    path(
        "posts/<int:pk>/candidates/",
        enterprise_api.PostCandidateListApi.as_view(),
        name="api-post-candidates",
    ),
    path("posts/create/", enterprise_api.PostCreateApi.as_view(), name="api-post-create"),
    path(
        "posts/upload/template/",
        enterprise_api.PostImportTemplateApi.as_view(),
        name="api-post-import-template",
    ),
    path("posts/upload/", enterprise_api.PostImportCreateApi.as_view(), name="api-post-import"),
    path(
        "posts/upload/<int:pk>/",
        enterprise_api.PostImportDetailApi.as_view(),
        name="api-post-import-detail",
    ),
    path("posts/<int:pk>/clone/", enterprise_api.PostCloneApi.as_view(), name="api-post-clone"),
    path("posts/<int:pk>/repost/", enterprise_api.PostRepostApi.as_view(), name="api-post-repost"),
    path("posts/<int:pk>/update/", enterprise_api.PostUpdateApi.as_view(), name="api-post-update"),
    path("posts/<int:pk>/submit/", enterprise_api.PostSubmitApi.as_view(), name="api-post-submit"),
    path("posts/<int:pk>/close/", enterprise_api.PostCloseApi.as_view(), name="api-post-close"),
    path("pipeline/", enterprise_api.PipelineListApi.as_view(), name="api-pipeline"),
    path(
        "applications/<int:pk>/advance/",
        enterprise_api.ApplicationAdvanceApi.as_view(),
        name="api-application-advance",
    ),
    path(
        "applications/<int:pk>/hire/",
        enterprise_api.ApplicationHireApi.as_view(),
        name="api-application-hire",
    ),
    path(
        "applications/<int:pk>/resume/",
        enterprise_api.ApplicationResumeApi.as_view(),
        name="api-application-resume",
    ),
    path(
        "applications/<int:pk>/contact/",
        enterprise_api.ApplicationContactApi.as_view(),
        name="api-application-contact",
    ),
    # jobs/referrals/api.py
    path(
        "referrals/veterans/",
        referrals_api.ReferralCandidateListApi.as_view(),
        name="api-referral-candidate-list",
    ),
    path(
        "referrals/veterans/<int:pk>/",
        referrals_api.ReferralCandidateDetailApi.as_view(),
        name="api-referral-candidate-detail",
    ),
    path("referrals/", referrals_api.ReferralListApi.as_view(), name="api-referral-list"),
    path(
        "referrals/veterans/<int:pk>/refer/",
        referrals_api.ReferralCreateApi.as_view(),
        name="api-referral-create",
    ),
    path(
        "referrals/<int:pk>/",
        referrals_api.ReferralDetailApi.as_view(),
        name="api-referral-detail",
    ),
    path(
        "referrals/<int:pk>/take-up/",
        referrals_api.ReferralTakeUpApi.as_view(),
        name="api-referral-take-up",
    ),
    path(
        "referrals/<int:pk>/decline/",
        referrals_api.ReferralDeclineApi.as_view(),
        name="api-referral-decline",
    ),
    # jobs/api/bureau.py
    path("review/posts/", bureau_api.PostReviewQueueApi.as_view(), name="api-post-queue"),
    path(
        "posts/bulk/approve/", bureau_api.PostBulkApproveApi.as_view(), name="api-post-bulk-approve"
    ),
    path("posts/bulk/reject/", bureau_api.PostBulkRejectApi.as_view(), name="api-post-bulk-reject"),
    path("posts/<int:pk>/approve/", bureau_api.PostApproveApi.as_view(), name="api-post-approve"),
    path("posts/<int:pk>/reject/", bureau_api.PostRejectApi.as_view(), name="api-post-reject"),
    path("verifications/", bureau_api.VerificationListApi.as_view(), name="api-verification-list"),
    path(
        "verifications/create/",
        bureau_api.VerificationCreateApi.as_view(),
        name="api-verification-create",
    ),
    path(
        "verifications/<int:pk>/evidence/",
        bureau_api.VerificationEvidenceAttachApi.as_view(),
        name="api-verification-evidence-attach",
    ),
    path(
        "verifications/evidence/<int:pk>/",
        bureau_api.VerificationEvidenceFileApi.as_view(),
        name="api-verification-evidence-file",
    ),
    path("review/reports/", bureau_api.ReportQueueApi.as_view(), name="api-report-queue"),
    path(
        "reports/<int:pk>/confirm/",
        bureau_api.ReportConfirmApi.as_view(),
        name="api-report-confirm",
    ),
    path(
        "reports/<int:pk>/dismiss/",
        bureau_api.ReportDismissApi.as_view(),
        name="api-report-dismiss",
    ),
    path("follow-ups/due/", bureau_api.FollowUpDueListApi.as_view(), name="api-follow-up-due"),
    path(
        "follow-ups/<int:pk>/contact/",
        bureau_api.FollowUpContactApi.as_view(),
        name="api-follow-up-contact",
    ),
    path(
        "follow-ups/<int:pk>/record/",
        bureau_api.FollowUpRecordApi.as_view(),
        name="api-follow-up-record",
    ),
    path(
        "posts/<int:pk>/audit/",
        audit_trail_view("JobPost", selectors.posts_overseen_by).as_view(),
        name="api-post-audit",
    ),
    path(
        "applications/<int:pk>/audit/",
        audit_trail_view("Application", selectors.applications_visible_to).as_view(),
        name="api-application-audit",
    ),
    path(
        "reports/<int:pk>/audit/",
        audit_trail_view("PostReport", selectors.post_reports_visible_to).as_view(),
        name="api-report-audit",
    ),
    path(
        "follow-ups/<int:pk>/audit/",
        audit_trail_view("FollowUp", selectors.follow_ups_visible_to).as_view(),
        name="api-follow-up-audit",
    ),
    # jobs/api/hires.py
    path("hires/", hires_api.OfflineHireListApi.as_view(), name="api-offline-hire-list"),
    path("hires/record/", hires_api.OfflineHireRecordApi.as_view(), name="api-offline-hire-record"),
    path(
        "hires/<int:pk>/confirm/",
        hires_api.OfflineHireConfirmApi.as_view(),
        name="api-offline-hire-confirm",
    ),
    path(
        "hires/<int:pk>/decline/",
        hires_api.OfflineHireDeclineApi.as_view(),
        name="api-offline-hire-decline",
    ),
    path(
        "event-registrations/<int:pk>/attendance/",
        hires_api.EventAttendanceApi.as_view(),
        name="api-event-attendance",
    ),
    # jobs/api/contact.py: interviews, messages, invitations (#18)
    path(
        "applications/<int:pk>/interviews/propose/",
        contact_api.InterviewProposeApi.as_view(),
        name="api-interview-propose",
    ),
    path(
        "interviews/upcoming/",
        contact_api.UpcomingInterviewListApi.as_view(),
        name="api-interviews-upcoming",
    ),
    path("me/interviews/", contact_api.MyInterviewListApi.as_view(), name="api-my-interviews"),
    path(
        "interviews/<int:pk>/accept/",
        contact_api.InterviewAcceptApi.as_view(),
        name="api-interview-accept",
    ),
    path(
        "interviews/<int:pk>/decline/",
        contact_api.InterviewDeclineApi.as_view(),
        name="api-interview-decline",
    ),
    path(
        "interviews/<int:pk>/reschedule/",
        contact_api.InterviewRescheduleApi.as_view(),
        name="api-interview-reschedule",
    ),
    path(
        "interviews/<int:pk>/cancel/",
        contact_api.InterviewCancelApi.as_view(),
        name="api-interview-cancel",
    ),
    path(
        "applications/<int:pk>/messages/",
        contact_api.MessageListApi.as_view(),
        name="api-message-list",
    ),
    path(
        "applications/<int:pk>/messages/send/",
        contact_api.MessageSendApi.as_view(),
        name="api-message-send",
    ),
    path(
        "messages/<int:pk>/report/",
        contact_api.MessageReportApi.as_view(),
        name="api-message-report",
    ),
    path(
        "review/message-reports/",
        contact_api.MessageReportQueueApi.as_view(),
        name="api-message-report-queue",
    ),
    path(
        "message-reports/<int:pk>/uphold/",
        contact_api.MessageReportUpholdApi.as_view(),
        name="api-message-report-uphold",
    ),
    path(
        "message-reports/<int:pk>/dismiss/",
        contact_api.MessageReportDismissApi.as_view(),
        name="api-message-report-dismiss",
    ),
    path(
        "posts/<int:pk>/invite/",
        contact_api.CandidateInviteApi.as_view(),
        name="api-candidate-invite",
    ),
    path("me/invitations/", contact_api.MyInvitationListApi.as_view(), name="api-my-invitations"),
    path(
        "invitations/<int:pk>/apply/",
        contact_api.InvitationApplyApi.as_view(),
        name="api-invitation-apply",
    ),
    path(
        "invitations/<int:pk>/decline/",
        contact_api.InvitationDeclineApi.as_view(),
        name="api-invitation-decline",
    ),
    # jobs/training/api.py
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
        "training/programmes/<int:pk>/approve/",
        training_api.ProgrammeApproveApi.as_view(),
        name="api-programme-approve",
    ),
    path(
        "training/programmes/<int:pk>/reject/",
        training_api.ProgrammeRejectApi.as_view(),
        name="api-programme-reject",
    ),
    path(
        "training/institutions/<int:pk>/staff/invite/",
        training_api.InstitutionStaffInviteApi.as_view(),
        name="api-institution-staff-invite",
    ),
    path(
        "training/institution-staff/<int:pk>/deactivate/",
        training_api.InstitutionStaffDeactivateApi.as_view(),
        name="api-institution-staff-deactivate",
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
    path(
        "posts/<int:pk>/skill-gap/",
        training_api.PostSkillGapApi.as_view(),
        name="api-post-skill-gap",
    ),
    path("training/skill-gaps/", training_api.SkillGapListApi.as_view(), name="api-skill-gaps"),
    path(
        "agreements/<int:pk>/training-programmes/",
        training_api.AgreementProgrammeListApi.as_view(),
        name="api-agreement-programmes",
    ),
    path(
        "agreements/<int:pk>/training-programmes/link/",
        training_api.AgreementProgrammeLinkApi.as_view(),
        name="api-agreement-programme-link",
    ),
    path(
        "agreements/<int:pk>/training-programmes/unlink/",
        training_api.AgreementProgrammeUnlinkApi.as_view(),
        name="api-agreement-programme-unlink",
    ),
    # jobs/notices/api.py
    path("notices/", notices_api.NoticeListApi.as_view(), name="api-notice-list"),
    path("notices/<int:pk>/", notices_api.NoticeDetailApi.as_view(), name="api-notice-detail"),
    path(
        "notices/files/<int:pk>/",
        notices_api.NoticeAttachmentFileApi.as_view(),
        name="api-notice-attachment",
    ),
    path("notices/mine/", notices_api.ManagedNoticeListApi.as_view(), name="api-notice-mine"),
    path("notices/create/", notices_api.NoticeCreateApi.as_view(), name="api-notice-create"),
    path(
        "notices/<int:pk>/update/", notices_api.NoticeUpdateApi.as_view(), name="api-notice-update"
    ),
    path(
        "notices/<int:pk>/attachments/",
        notices_api.NoticeAttachApi.as_view(),
        name="api-notice-attach",
    ),
    path(
        "notices/<int:pk>/publish/",
        notices_api.NoticePublishApi.as_view(),
        name="api-notice-publish",
    ),
    path(
        "notices/<int:pk>/withdraw/",
        notices_api.NoticeWithdrawApi.as_view(),
        name="api-notice-withdraw",
    ),
    # jobs/feedback/api.py
    path("me/feedback/", feedback_api.MyFeedbackListApi.as_view(), name="api-my-feedback"),
    path(
        "me/feedback/<int:pk>/",
        feedback_api.MyFeedbackDetailApi.as_view(),
        name="api-my-feedback-detail",
    ),
    path(
        "me/feedback/<int:pk>/answer/",
        feedback_api.FeedbackAnswerApi.as_view(),
        name="api-feedback-answer",
    ),
    path(
        "me/feedback/<int:pk>/decline/",
        feedback_api.FeedbackDeclineApi.as_view(),
        name="api-feedback-decline",
    ),
    path(
        "feedback/aggregates/",
        feedback_api.FeedbackAggregateListApi.as_view(),
        name="api-feedback-aggregates",
    ),
    path(
        "feedback/enterprise/",
        feedback_api.EnterpriseFeedbackApi.as_view(),
        name="api-feedback-enterprise",
    ),
]
