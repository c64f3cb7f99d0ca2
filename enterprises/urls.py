"""Every route of the enterprises app: its pages (namespace "enterprises", under
/enterprises/) and its operations under /api/v1/ (``api_urlpatterns``)."""

from django.urls import path

from enterprises import api, prospects_api, selectors
from enterprises.views import ministry, prospects, review, staff
from portal.accounts.api import audit_trail_view

app_name = "enterprises"

urlpatterns = [
    # enterprises/views/staff.py
    path("register/", staff.enterprise_register, name="register"),
    path("mine/", staff.my_enterprise, name="my_enterprise"),
    path("mine/resubmit/", staff.enterprise_resubmit, name="enterprise_resubmit"),
    path("mine/branches/new/", staff.branch_create, name="branch_create"),
    path("mine/branches/<int:pk>/resubmit/", staff.branch_resubmit, name="branch_resubmit"),
    path("mine/members/invite/", staff.member_invite, name="member_invite"),
    path("mine/screening/request/", staff.screening_request, name="screening_request"),
    path("mine/members/<int:pk>/deactivate/", staff.member_deactivate, name="member_deactivate"),
    # enterprises/views/review.py
    path("directory/", review.enterprise_directory, name="enterprise_directory"),
    path("review/", review.enterprise_review_queue, name="enterprise_review_queue"),
    path("review/bulk/approve/", review.enterprise_bulk_approve, name="enterprise_bulk_approve"),
    path("review/bulk/reject/", review.enterprise_bulk_reject, name="enterprise_bulk_reject"),
    path("review/<int:pk>/", review.enterprise_review, name="enterprise_review"),
    path("review/<int:pk>/approve/", review.enterprise_approve, name="enterprise_approve"),
    path("review/<int:pk>/reject/", review.enterprise_reject, name="enterprise_reject"),
    path("review/<int:pk>/suspend/", review.enterprise_suspend, name="enterprise_suspend"),
    path("review/<int:pk>/reinstate/", review.enterprise_reinstate, name="enterprise_reinstate"),
    path("branches/review/", review.branch_review_queue, name="branch_review_queue"),
    path("branches/review/bulk/approve/", review.branch_bulk_approve, name="branch_bulk_approve"),
    path("branches/review/bulk/reject/", review.branch_bulk_reject, name="branch_bulk_reject"),
    path("branches/review/<int:pk>/", review.branch_review, name="branch_review"),
    path("branches/review/<int:pk>/approve/", review.branch_approve, name="branch_approve"),
    path("branches/review/<int:pk>/reject/", review.branch_reject, name="branch_reject"),
    # enterprises/views/ministry.py
    path("batches/", ministry.batch_list, name="batch_list"),
    path("batches/new/", ministry.batch_create, name="batch_create"),
    path("agreements/", ministry.agreement_list, name="agreement_list"),
    path("agreements/new/", ministry.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", ministry.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/sign/", ministry.agreement_sign, name="agreement_sign"),
    path("agreements/<int:pk>/activate/", ministry.agreement_activate, name="agreement_activate"),
    path("agreements/<int:pk>/expire/", ministry.agreement_expire, name="agreement_expire"),
    path(
        "agreements/<int:pk>/terminate/", ministry.agreement_terminate, name="agreement_terminate"
    ),
    path("agreements/<int:pk>/renew/", ministry.agreement_renew, name="agreement_renew"),
    path(
        "agreements/<int:pk>/target-provinces/",
        ministry.agreement_target_provinces,
        name="agreement_target_provinces",
    ),
    # enterprises/views/prospects.py: inviting and screening enterprises
    path("invitations/", prospects.invitation_list, name="invitation_list"),
    path("invitations/new/", prospects.invitation_create, name="invitation_create"),
    path("invitations/upload/", prospects.invitation_upload, name="invitation_upload"),
    path("invitations/template/", prospects.invitation_template, name="invitation_template"),
    path(
        "invitations/uploads/<int:pk>/",
        prospects.invitation_upload_detail,
        name="invitation_upload_detail",
    ),
    path("invitations/<int:pk>/", prospects.invitation_detail, name="invitation_detail"),
    path("invitations/<int:pk>/resend/", prospects.invitation_resend, name="invitation_resend"),
    path("invited/<str:token>/", prospects.invitation_open, name="invitation_open"),
    path("invited/<str:token>/decline/", prospects.invitation_decline, name="invitation_decline"),
    path("prospects/", prospects.prospect_list, name="screening_list"),
    path("prospects/new/", prospects.prospect_add, name="screening_add"),
    path("prospects/<int:pk>/", prospects.prospect_detail, name="screening_detail"),
    path(
        "prospects/<int:pk>/screening/",
        prospects.prospect_screening_update,
        name="screening_update",
    ),
    path(
        "prospects/<int:pk>/consultations/",
        prospects.consultation_create,
        name="screening_consultation",
    ),
    path("prospects/<int:pk>/select/", prospects.prospect_select, name="screening_select"),
    path("prospects/<int:pk>/defer/", prospects.prospect_defer, name="screening_defer"),
    path("screening-criteria/", prospects.screening_criteria, name="screening_criteria"),
]

api_urlpatterns = [
    # enterprises/api.py
    path(
        "enterprises/register/", api.EnterpriseRegisterApi.as_view(), name="api-enterprise-register"
    ),
    path("me/enterprise/", api.MyEnterpriseApi.as_view(), name="api-my-enterprise"),
    path(
        "me/enterprise/resubmit/",
        api.EnterpriseResubmitApi.as_view(),
        name="api-enterprise-resubmit",
    ),
    path(
        "me/enterprise/members/invite/",
        api.EnterpriseMemberInviteApi.as_view(),
        name="api-enterprise-member-invite",
    ),
    path(
        "me/enterprise/members/<int:pk>/deactivate/",
        api.EnterpriseMemberDeactivateApi.as_view(),
        name="api-enterprise-member-deactivate",
    ),
    path("branches/", api.BranchListApi.as_view(), name="api-branch-list"),
    path("branches/create/", api.BranchCreateApi.as_view(), name="api-branch-create"),
    path(
        "branches/<int:pk>/resubmit/", api.BranchResubmitApi.as_view(), name="api-branch-resubmit"
    ),
    path("enterprises/", api.EnterpriseDirectoryApi.as_view(), name="api-enterprise-directory"),
    path(
        "review/enterprises/", api.EnterpriseReviewQueueApi.as_view(), name="api-enterprise-queue"
    ),
    path(
        "enterprises/bulk/approve/",
        api.EnterpriseBulkApproveApi.as_view(),
        name="api-enterprise-bulk-approve",
    ),
    path(
        "enterprises/bulk/reject/",
        api.EnterpriseBulkRejectApi.as_view(),
        name="api-enterprise-bulk-reject",
    ),
    path(
        "enterprises/<int:pk>/approve/",
        api.EnterpriseApproveApi.as_view(),
        name="api-enterprise-approve",
    ),
    path(
        "enterprises/<int:pk>/reject/",
        api.EnterpriseRejectApi.as_view(),
        name="api-enterprise-reject",
    ),
    path(
        "enterprises/<int:pk>/suspend/",
        api.EnterpriseSuspendApi.as_view(),
        name="api-enterprise-suspend",
    ),
    path(
        "enterprises/<int:pk>/reinstate/",
        api.EnterpriseReinstateApi.as_view(),
        name="api-enterprise-reinstate",
    ),
    path("review/branches/", api.BranchReviewQueueApi.as_view(), name="api-branch-queue"),
    path(
        "branches/bulk/approve/", api.BranchBulkApproveApi.as_view(), name="api-branch-bulk-approve"
    ),
    path("branches/bulk/reject/", api.BranchBulkRejectApi.as_view(), name="api-branch-bulk-reject"),
    path("branches/<int:pk>/approve/", api.BranchApproveApi.as_view(), name="api-branch-approve"),
    path("branches/<int:pk>/reject/", api.BranchRejectApi.as_view(), name="api-branch-reject"),
    path("batches/", api.BatchListApi.as_view(), name="api-batch-list"),
    path("batches/create/", api.BatchCreateApi.as_view(), name="api-batch-create"),
    path("agreements/", api.AgreementListApi.as_view(), name="api-agreement-list"),
    path("agreements/create/", api.AgreementCreateApi.as_view(), name="api-agreement-create"),
    path("agreements/<int:pk>/sign/", api.AgreementSignApi.as_view(), name="api-agreement-sign"),
    path("agreements/<int:pk>/renew/", api.AgreementRenewApi.as_view(), name="api-agreement-renew"),
    path(
        "agreements/<int:pk>/target-provinces/",
        api.AgreementTargetProvincesApi.as_view(),
        name="api-agreement-target-provinces",
    ),
    path(
        "agreements/<int:pk>/activate/",
        api.AgreementActivateApi.as_view(),
        name="api-agreement-activate",
    ),
    path(
        "agreements/<int:pk>/expire/", api.AgreementExpireApi.as_view(), name="api-agreement-expire"
    ),
    path(
        "agreements/<int:pk>/terminate/",
        api.AgreementTerminateApi.as_view(),
        name="api-agreement-terminate",
    ),
    path(
        "enterprises/<int:pk>/audit/",
        audit_trail_view("Enterprise", selectors.enterprises_visible_to).as_view(),
        name="api-enterprise-audit",
    ),
    path(
        "branches/<int:pk>/audit/",
        audit_trail_view("Branch", selectors.branches_visible_to).as_view(),
        name="api-branch-audit",
    ),
    path(
        "agreements/<int:pk>/audit/",
        audit_trail_view("Agreement", selectors.agreements_visible_to).as_view(),
        name="api-agreement-audit",
    ),
    # enterprises/prospects_api.py: inviting and screening enterprises
    path(
        "enterprise-invitations/",
        prospects_api.EnterpriseInvitationListApi.as_view(),
        name="api-enterprise-invitation-list",
    ),
    path(
        "enterprise-invitations/create/",
        prospects_api.EnterpriseInvitationCreateApi.as_view(),
        name="api-enterprise-invitation-create",
    ),
    path(
        "enterprise-invitations/upload/",
        prospects_api.EnterpriseInvitationUploadApi.as_view(),
        name="api-enterprise-invitation-upload",
    ),
    path(
        "enterprise-invitations/uploads/<int:pk>/",
        prospects_api.EnterpriseInvitationUploadStatusApi.as_view(),
        name="api-enterprise-invitation-upload-status",
    ),
    path(
        "enterprise-invitations/<int:pk>/resend/",
        prospects_api.EnterpriseInvitationResendApi.as_view(),
        name="api-enterprise-invitation-resend",
    ),
    path(
        "enterprise-invitations/by-token/<str:token>/decline/",
        prospects_api.EnterpriseInvitationDeclineApi.as_view(),
        name="api-enterprise-invitation-decline",
    ),
    path(
        "me/enterprise/screening-request/",
        prospects_api.ScreeningRequestApi.as_view(),
        name="api-screening-request",
    ),
    path("prospects/", prospects_api.ProspectListApi.as_view(), name="api-screening-list"),
    path("prospects/create/", prospects_api.ProspectAddApi.as_view(), name="api-screening-add"),
    path(
        "prospects/<int:pk>/",
        prospects_api.ProspectDetailApi.as_view(),
        name="api-screening-detail",
    ),
    path(
        "prospects/<int:pk>/screening/",
        prospects_api.ProspectScreeningUpdateApi.as_view(),
        name="api-screening-update",
    ),
    path(
        "prospects/<int:pk>/consultations/",
        prospects_api.ConsultationCreateApi.as_view(),
        name="api-screening-consultation",
    ),
    path(
        "prospects/<int:pk>/select/",
        prospects_api.ProspectSelectApi.as_view(),
        name="api-screening-select",
    ),
    path(
        "prospects/<int:pk>/defer/",
        prospects_api.ProspectDeferApi.as_view(),
        name="api-screening-defer",
    ),
]
