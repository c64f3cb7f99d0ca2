"""/api/v1/ operations of the bureaus (and the ministry's reads): post review, verification,
post reports, follow-ups and the audit trail of the jobs objects."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from enterprises.api import ReviewNoteSerializer, ReviewReasonSerializer
from jobs import selectors, services
from jobs.api.serializers import (
    FollowUpSerializer,
    PostDetailSerializer,
    PostReportSerializer,
    PostSerializer,
    VerificationSerializer,
)
from jobs.models import FollowUp, JobPost, PostReport, Verification
from portal.accounts.api import (
    ApiView,
    ListApiView,
    ScopedPrimaryKeyRelatedField,
    audit_trail_view,
    validated,
)
from portal.accounts.permissions import IsBureau, IsRegulator
from portal.text import NOTE_MAX, limit_of


class ResolutionSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=NOTE_MAX, help_text="What the bureau found; the reporter is told."
    )


# --- post review ---------------------------------------------------------------------------


class PostReviewQueueApi(ListApiView):
    """Pending posts of the bureau's region, longest waiting first."""

    permission_classes = [IsBureau]

    class OutputSerializer(PostSerializer):
        waiting = serializers.DurationField(read_only=True)

        class Meta(PostSerializer.Meta):
            fields = [*PostSerializer.Meta.fields, "submitted_at", "waiting"]

    serializer_class = OutputSerializer

    def get_queryset(self):
        return selectors.post_review_queue(self.request.user)


def _overseen_post(request, pk) -> JobPost:
    return get_object_or_404(selectors.posts_overseen_by(request.user), pk=pk)


def _post_answer(request, post: JobPost) -> Response:
    posts = selectors.posts_overseen_by(request.user).prefetch_related("required_skills")
    return Response(PostDetailSerializer(posts.get(pk=post.pk)).data)


class PostApproveApi(ApiView):
    permission_classes = [IsBureau]

    @extend_schema(request=ReviewNoteSerializer, responses={200: PostDetailSerializer})
    def post(self, request, pk):
        post = _overseen_post(request, pk)
        data = validated(ReviewNoteSerializer, request)
        post = services.job_post_approve(post=post, reviewer=request.user, **data)
        return _post_answer(request, post)


class PostRejectApi(ApiView):
    permission_classes = [IsBureau]

    @extend_schema(request=ReviewReasonSerializer, responses={200: PostDetailSerializer})
    def post(self, request, pk):
        post = _overseen_post(request, pk)
        data = validated(ReviewReasonSerializer, request)
        post = services.job_post_reject(post=post, reviewer=request.user, **data)
        return _post_answer(request, post)


# --- verifications ---------------------------------------------------------------------------


class VerificationListApi(ListApiView):
    permission_classes = [IsRegulator]
    serializer_class = VerificationSerializer
    filterset_fields = ["post", "method", "result"]

    def get_queryset(self):
        return selectors.verifications_visible_to(self.request.user)


class VerificationCreateApi(ApiView):
    """Record a check that a published post of the bureau's region is real."""

    permission_classes = [IsBureau]

    class InputSerializer(serializers.Serializer):
        post = ScopedPrimaryKeyRelatedField(
            selector=selectors.posts_overseen_by, queryset=JobPost.objects.all()
        )
        method = serializers.ChoiceField(choices=Verification.Method.choices)
        result = serializers.ChoiceField(choices=Verification.Result.choices)
        note = serializers.CharField(
            max_length=limit_of(Verification, "note"), required=False, allow_blank=True, default=""
        )
        verified_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: VerificationSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        verification = services.verification_record(bureau_user=request.user, **data)
        return Response(VerificationSerializer(verification).data, status=status.HTTP_201_CREATED)


# --- post reports ----------------------------------------------------------------------------


class ReportQueueApi(ListApiView):
    """Open reports on posts of the bureau's region, oldest first."""

    permission_classes = [IsBureau]
    serializer_class = PostReportSerializer

    def get_queryset(self):
        return selectors.post_reports_queue(self.request.user)


def _report(request, pk) -> PostReport:
    return get_object_or_404(selectors.post_reports_visible_to(request.user), pk=pk)


class ReportConfirmApi(ApiView):
    """Confirm a report: the post is taken down and its open applicants are told."""

    permission_classes = [IsBureau]

    @extend_schema(request=ResolutionSerializer, responses={200: PostReportSerializer})
    def post(self, request, pk):
        report = _report(request, pk)
        data = validated(ResolutionSerializer, request)
        report = services.post_report_confirm(report=report, handler=request.user, **data)
        return Response(PostReportSerializer(report).data)


class ReportDismissApi(ApiView):
    permission_classes = [IsBureau]

    @extend_schema(request=ResolutionSerializer, responses={200: PostReportSerializer})
    def post(self, request, pk):
        report = _report(request, pk)
        data = validated(ResolutionSerializer, request)
        report = services.post_report_dismiss(report=report, handler=request.user, **data)
        return Response(PostReportSerializer(report).data)


# --- follow-ups ------------------------------------------------------------------------------


class FollowUpDueListApi(ListApiView):
    """Follow-ups waiting for the bureau to record an outcome, earliest due first."""

    permission_classes = [IsBureau]

    class OutputSerializer(FollowUpSerializer):
        veteran_name = serializers.CharField(source="placement.veteran.full_name")
        veteran_phone = serializers.CharField(
            source="placement.veteran.masked_phone", help_text="Masked: 138****1234."
        )
        post_title = serializers.CharField(source="placement.post.title")
        enterprise_name = serializers.CharField(source="placement.post.branch.enterprise.name")
        started_on = serializers.DateField(source="placement.started_on")

        class Meta(FollowUpSerializer.Meta):
            fields = [
                *FollowUpSerializer.Meta.fields, "veteran_name", "veteran_phone", "post_title",
                "enterprise_name", "started_on",
            ]  # fmt: skip

    serializer_class = OutputSerializer

    def get_queryset(self):
        return selectors.follow_ups_due_for(self.request.user)


class FollowUpRecordApi(ApiView):
    permission_classes = [IsBureau]

    class InputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=FollowUp.Outcome.choices)
        left_reason = serializers.CharField(
            max_length=limit_of(FollowUp, "left_reason"),
            required=False,
            allow_blank=True,
            default="",
            help_text="Required when the veteran left the post.",
        )
        note = serializers.CharField(
            max_length=limit_of(FollowUp, "note"), required=False, allow_blank=True, default=""
        )

    @extend_schema(request=InputSerializer, responses={200: FollowUpSerializer})
    def post(self, request, pk):
        follow_up = get_object_or_404(selectors.follow_ups_visible_to(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        follow_up = services.follow_up_record(follow_up=follow_up, recorder=request.user, **data)
        return Response(FollowUpSerializer(follow_up).data)


urlpatterns = [
    path("review/posts/", PostReviewQueueApi.as_view(), name="api-post-queue"),
    path("posts/<int:pk>/approve/", PostApproveApi.as_view(), name="api-post-approve"),
    path("posts/<int:pk>/reject/", PostRejectApi.as_view(), name="api-post-reject"),
    path("verifications/", VerificationListApi.as_view(), name="api-verification-list"),
    path(
        "verifications/create/",
        VerificationCreateApi.as_view(),
        name="api-verification-create",
    ),
    path("review/reports/", ReportQueueApi.as_view(), name="api-report-queue"),
    path("reports/<int:pk>/confirm/", ReportConfirmApi.as_view(), name="api-report-confirm"),
    path("reports/<int:pk>/dismiss/", ReportDismissApi.as_view(), name="api-report-dismiss"),
    path("follow-ups/due/", FollowUpDueListApi.as_view(), name="api-follow-up-due"),
    path("follow-ups/<int:pk>/record/", FollowUpRecordApi.as_view(), name="api-follow-up-record"),
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
]
